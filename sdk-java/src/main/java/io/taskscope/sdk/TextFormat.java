package io.taskscope.sdk;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4, the body a Pushgateway-compatible server
 * accepts. Escapes HELP text ({@code \\} and newline) and label values ({@code \\}, {@code "} and newline).
 */
public final class TextFormat {
  /** The content type of what {@link #write} produces. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private TextFormat() {}

  /** The metric types this SDK writes. An info metric is written as a gauge with value 1, as other clients do. */
  public enum Type {
    GAUGE("gauge"), COUNTER("counter"), UNTYPED("untyped");

    final String text;

    Type(String text) {
      this.text = text;
    }
  }

  /** One sample: its label set (in the order given) and value. */
  public record Sample(Map<String, String> labels, double value) {}

  /** One family: name, type, HELP text and samples. */
  public record Family(String name, Type type, String help, Collection<Sample> samples) {}

  /** Throws {@link IllegalArgumentException} unless {@code name} is a valid Prometheus metric name. */
  public static void checkMetricName(String name) {
    if (name == null || !METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name " + quote(name)
          + ": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
  }

  /** Throws {@link IllegalArgumentException} unless {@code name} is a valid label name (not reserved). */
  public static void checkLabelName(String name) {
    if (name == null || !LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid label name " + quote(name) + ": must match [a-zA-Z_][a-zA-Z0-9_]*");
    }
    if (name.startsWith("__")) {
      throw new IllegalArgumentException("invalid label name " + quote(name) + ": names starting with __ are reserved");
    }
  }

  /** Writes the families, one after another, as text format 0.0.4. */
  public static String write(Collection<Family> families) {
    StringBuilder sb = new StringBuilder();
    for (Family f : families) {
      if (f.help() != null) {
        sb.append("# HELP ").append(f.name()).append(' ');
        escape(sb, f.help(), false);
        sb.append('\n');
      }
      sb.append("# TYPE ").append(f.name()).append(' ').append(f.type().text).append('\n');
      for (Sample s : f.samples()) {
        sb.append(f.name());
        if (!s.labels().isEmpty()) {
          sb.append('{');
          boolean first = true;
          for (Map.Entry<String, String> l : s.labels().entrySet()) {
            if (!first) {
              sb.append(',');
            }
            first = false;
            sb.append(l.getKey()).append("=\"");
            escape(sb, l.getValue(), true);
            sb.append('"');
          }
          sb.append('}');
        }
        sb.append(' ').append(formatValue(s.value())).append('\n');
      }
    }
    return sb.toString();
  }

  /** Formats a sample value the way the text format spells it ({@code NaN}, {@code +Inf}, {@code -Inf}). */
  public static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static void escape(StringBuilder sb, String s, boolean labelValue) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '"' -> sb.append(labelValue ? "\\\"" : "\"");
        default -> sb.append(c);
      }
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
