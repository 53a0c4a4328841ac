package io.taskscope.push;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simplepipe's metrics JSON: an array of {@code {"name", "description", "value", "metric_type"}} objects, validated as
 * Simplepipe's pydantic model and prometheus_client would, and turned into the families prometheus_client would have
 * pushed:
 * <ul>
 *   <li>{@code gauge}: a gauge {@code name} set to {@code float(value)};</li>
 *   <li>{@code summary}: one observation: {@code name_count 1}, {@code name_sum value}, plus the
 *       {@code name_created} gauge prometheus_client adds;</li>
 *   <li>{@code histogram}: one observation in prometheus_client's default buckets (.005 … 10, +Inf), {@code _sum},
 *       {@code _count}, plus {@code name_created};</li>
 *   <li>{@code info}: {@code name_info{k="v",...} 1} from an object of strings;</li>
 *   <li>{@code counter} (a TaskScope extension; Simplepipe has none): a counter {@code name} with the value.</li>
 * </ul>
 * Values are numbers, booleans or numeric strings ({@code "6"}, as Simplepipe's own example has), like Python's
 * {@code float()}. Keys other than the four are ignored, as pydantic does. Every error names the element and field.
 */
public final class SimplepipeMetrics {
  /** Bucket upper bounds of prometheus_client's default histogram. */
  public static final double[] DEFAULT_BUCKETS = {
      .005, .01, .025, .05, .075, .1, .25, .5, .75, 1.0, 2.5, 5.0, 7.5, 10.0, Double.POSITIVE_INFINITY};
  /** Deepest JSON nesting read; a metrics list needs 3 (list, metric, info labels). */
  static final int MAX_DEPTH = 100;
  private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .build()).build())
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
  public enum Type {
    GAUGE, SUMMARY, HISTOGRAM, INFO, COUNTER;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One validated metric. {@code value} is set for every type but {@code INFO}; {@code info} holds the label pairs of
   * an info metric.
   */
  public record Metric(String name, String description, Type type, double value, Map<String, String> info) {}

  /** Invalid metrics JSON; the message names the element ({@code metrics[2]}) and field. */
  public static final class InvalidMetricsException extends Exception {
    public InvalidMetricsException(String message) {
      super(message, null, false, false);
    }
  }

  private SimplepipeMetrics() {}

  public static List<Metric> parse(String json) throws InvalidMetricsException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new InvalidMetricsException("invalid JSON: nested deeper than " + MAX_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      throw new InvalidMetricsException("invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr()));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidMetricsException("invalid JSON: empty document; expected a list of metrics");
    }
    if (!root.isArray()) {
      throw new InvalidMetricsException("expected a JSON list of metrics ([{\"name\": ..., \"description\": ..., "
          + "\"value\": ..., \"metric_type\": ...}]), got " + kind(root));
    }
    List<Metric> out = new ArrayList<>(root.size());
    Map<String, String> taken = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      String at = "metrics[" + i + "]";
      JsonNode n = root.get(i);
      if (!n.isObject()) {
        throw new InvalidMetricsException(at + ": expected an object, got " + kind(n));
      }
      String name = string(n, at, "name");
      if (!GoText.isValidMetricName(name)) {
        throw new InvalidMetricsException(at + ".name: invalid metric name " + GoText.quote(name)
            + " (letters, digits, '_' and ':', not starting with a digit)");
      }
      String description = string(n, at, "description");
      String typeWord = string(n, at, "metric_type");
      Type type;
      try {
        type = Type.valueOf(typeWord.toUpperCase(Locale.ROOT));
        if (!type.word().equals(typeWord)) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidMetricsException(at + ".metric_type: " + GoText.quote(typeWord)
            + " is not one of gauge, summary, histogram, info (or counter)");
      }
      if (!n.has("value")) {
        throw new InvalidMetricsException(at + ".value: field required");
      }
      JsonNode v = n.get("value");
      Metric m;
      if (type == Type.INFO) {
        if (!v.isObject()) {
          throw new InvalidMetricsException(at + ".value: an info metric needs an object of string values, got "
              + kind(v));
        }
        Map<String, String> info = new LinkedHashMap<>();
        var fields = v.properties().iterator();
        while (fields.hasNext()) {
          var f = fields.next();
          if (!GoText.isValidLabelName(f.getKey()) || f.getKey().startsWith("__")) {
            throw new InvalidMetricsException(at + ".value: invalid label name " + GoText.quote(f.getKey()));
          }
          if (!f.getValue().isTextual()) {
            throw new InvalidMetricsException(at + ".value." + f.getKey() + ": expected a string, got "
                + kind(f.getValue()));
          }
          info.put(f.getKey(), f.getValue().asText());
        }
        m = new Metric(name, description, type, 1, Map.copyOf(info));
      } else {
        m = new Metric(name, description, type, number(v, at + ".value"), Map.of());
      }
      for (String series : seriesNames(m)) {
        String prev = taken.putIfAbsent(series, at);
        if (prev != null) {
          throw new InvalidMetricsException(at + ".name: " + GoText.quote(name) + " produces the series name "
              + GoText.quote(series) + ", already produced by " + prev);
        }
      }
      out.add(m);
    }
    return out;
  }

  /** The sample names a metric produces (prometheus_client refuses duplicates in one registry). */
  static List<String> seriesNames(Metric m) {
    return switch (m.type()) {
      case GAUGE, COUNTER -> List.of(m.name());
      case INFO -> List.of(m.name() + "_info");
      case SUMMARY -> List.of(m.name(), m.name() + "_count", m.name() + "_sum", m.name() + "_created");
      case HISTOGRAM -> List.of(m.name(), m.name() + "_bucket", m.name() + "_count", m.name() + "_sum",
          m.name() + "_created");
    };
  }

  /** The families a push of these metrics stores; {@code nowSeconds} is the value of the {@code _created} gauges. */
  public static List<PushedFamily> toFamilies(List<Metric> metrics, double nowSeconds) {
    List<PushedFamily> out = new ArrayList<>();
    for (Metric m : metrics) {
      String help = m.description();
      switch (m.type()) {
        case GAUGE -> out.add(new PushedFamily(m.name(), help, PushType.GAUGE,
            List.of(PushedMetric.simple(PushType.GAUGE, m.value()))));
        case COUNTER -> out.add(new PushedFamily(m.name(), help, PushType.COUNTER,
            List.of(PushedMetric.simple(PushType.COUNTER, m.value()))));
        case INFO -> {
          List<String> pairs = new ArrayList<>();
          m.info().forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
          });
          out.add(new PushedFamily(m.name() + "_info", help, PushType.GAUGE,
              List.of(PushedMetric.simple(PushType.GAUGE, 1, pairs.toArray(new String[0])))));
        }
        case SUMMARY -> {
          out.add(new PushedFamily(m.name(), help, PushType.SUMMARY,
              List.of(PushedMetric.summary(1, m.value(), new double[0], new double[0]))));
          out.add(created(m, nowSeconds));
        }
        case HISTOGRAM -> {
          long[] cum = new long[DEFAULT_BUCKETS.length];
          for (int i = 0; i < cum.length; i++) {
            cum[i] = m.value() <= DEFAULT_BUCKETS[i] ? 1 : 0;
          }
          out.add(new PushedFamily(m.name(), help, PushType.HISTOGRAM,
              List.of(PushedMetric.histogram(1, m.value(), DEFAULT_BUCKETS.clone(), cum))));
          out.add(created(m, nowSeconds));
        }
      }
    }
    return out;
  }

  private static PushedFamily created(Metric m, double nowSeconds) {
    return new PushedFamily(m.name() + "_created", m.description(), PushType.GAUGE,
        List.of(PushedMetric.simple(PushType.GAUGE, nowSeconds)));
  }

  private static String string(JsonNode n, String at, String field) throws InvalidMetricsException {
    JsonNode v = n.get(field);
    if (v == null) {
      throw new InvalidMetricsException(at + "." + field + ": field required");
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber() && !field.equals("metric_type")) {
      return v.asText(); // pydantic v1 coerces numbers to str
    }
    throw new InvalidMetricsException(at + "." + field + ": expected a string, got " + kind(v));
  }

  private static double number(JsonNode v, String at) throws InvalidMetricsException {
    if (v.isNumber()) {
      double d = v.asDouble();
      if (Double.isInfinite(d)) {
        throw new InvalidMetricsException(at + ": number out of range: " + v.asText());
      }
      return d;
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? 1 : 0;
    }
    if (v.isTextual()) {
      String s = v.asText().strip();
      String lower = s.toLowerCase(Locale.ROOT);
      String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
      if (unsigned.equals("inf") || unsigned.equals("infinity")) {
        return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (unsigned.equals("nan")) {
        return Double.NaN;
      }
      if (NumberSyntax.pythonFloat(s)) {
        double d = Double.parseDouble(s.replace("_", ""));
        if (!Double.isInfinite(d)) {
          return d;
        }
      }
      throw new InvalidMetricsException(at + ": could not convert string to float: " + GoText.quote(v.asText()));
    }
    throw new InvalidMetricsException(at + ": expected a number or a numeric string, got " + kind(v));
  }

  private static String kind(JsonNode n) {
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isTextual()) {
      return "a string " + GoText.quote(n.asText());
    }
    if (n.isNumber()) {
      return "a number " + n.asText();
    }
    if (n.isBoolean()) {
      return "a boolean " + n.asText();
    }
    if (n.isNull()) {
      return "null";
    }
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
