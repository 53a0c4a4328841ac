package io.taskscope.e2e.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every LogQL query TaskScope ships: the targets on the {@code loki} datasource of Grafana dashboards (panels, rows'
 * panels, and Loki variable queries) and the ```logql blocks of the docs. Dashboard variables are substituted the way
 * Grafana does before the query reaches Loki, twice: once with a sample value, once with the "All" value, so the
 * query is checked as Loki would receive it in both cases.
 */
final class ShippedQueries {
  /** A query ready for Loki, and where it comes from. */
  record Query(String source, String text) {}

  /** A label name used outside a query (the label of a Loki "label values" variable). */
  record LabelUse(String source, String label) {}

  record Found(List<Query> queries, List<LabelUse> labels, List<String> problems) {
    Found() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOKI_UID = "loki";
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)(?::(\\w+))?]]|\\$(\\w+)");
  private static final Pattern LOGQL_BLOCK = Pattern.compile("(?ms)^```logql\\s*\\n(.*?)^```");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(?:(\\{.*})\\s*,\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
  /** Grafana's interval variables; a duration is all LogQL needs. */
  private static final Map<String, String> BUILT_INS = Map.of("__auto", "1m", "__interval", "1m",
      "__rate_interval", "1m", "__range", "1h", "__interval_ms", "60000", "__range_s", "3600", "__range_ms", "3600000");

  private ShippedQueries() {}

  static Found fromDashboards(Path dir) throws IOException {
    Found found = new Found();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        fromDashboard(f, found);
      }
    }
    return found;
  }

  static Found fromDocs(Path dir) throws IOException {
    Found found = new Found();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        fromDoc(f, found);
      }
    }
    return found;
  }

  static void fromDoc(Path file, Found found) throws IOException {
    Matcher m = LOGQL_BLOCK.matcher(Files.readString(file));
    int n = 0;
    while (m.find()) {
      n++;
      String source = file.getFileName() + " logql block " + n;
      String text = m.group(1).strip();
      if (text.isEmpty()) {
        found.problems().add(source + ": empty");
        continue;
      }
      substitute(source, text, Map.of(), Map.of(), found);
    }
  }

  static void fromDashboard(Path file, Found found) throws IOException {
    JsonNode dash = JSON.readTree(file.toFile());
    String name = file.getFileName().toString();
    Map<String, String> sample = new LinkedHashMap<>();
    Map<String, String> all = new LinkedHashMap<>();
    for (JsonNode v : dash.path("templating").path("list")) {
      String var = v.path("name").asText();
      String type = v.path("type").asText();
      String fallback = v.path("query").isTextual() ? v.path("query").asText() : "";
      switch (type) {
        case "textbox", "constant", "custom", "interval" -> {
          sample.put(var, type.equals("textbox") ? "error" : firstOption(fallback));
          all.put(var, type.equals("textbox") ? fallback : firstOption(fallback));
        }
        default -> {
          sample.put(var, "sample-" + var);
          all.put(var, v.path("includeAll").asBoolean() && v.hasNonNull("allValue")
              ? v.get("allValue").asText() : "(sample-a|sample-b)");
        }
      }
    }
    // Loki variables: the stream selector is a LogQL query, the label must be one the collectors produce
    for (JsonNode v : dash.path("templating").path("list")) {
      if (!v.path("type").asText().equals("query") || !isLoki(v.path("datasource"))) {
        continue;
      }
      String source = name + " variable " + v.path("name").asText();
      JsonNode q = v.path("query");
      String stream;
      String label;
      if (q.isObject()) {
        stream = q.path("stream").asText("");
        label = q.path("label").asText("");
        if (q.path("type").asInt(1) != 1) {
          continue; // label names: nothing to check
        }
      } else {
        Matcher lv = LABEL_VALUES.matcher(q.asText());
        if (!lv.matches()) {
          found.problems().add(source + ": not a Loki variable query Grafana understands: " + q.asText());
          continue;
        }
        stream = lv.group(1) == null ? "" : lv.group(1);
        label = lv.group(2);
      }
      found.labels().add(new LabelUse(source, label));
      if (!stream.isBlank()) {
        substitute(source, stream, sample, all, found);
      }
    }
    List<JsonNode> panels = new ArrayList<>();
    collectPanels(dash.path("panels"), panels);
    for (JsonNode panel : panels) {
      for (JsonNode t : panel.path("targets")) {
        JsonNode ds = t.has("datasource") ? t.get("datasource") : panel.path("datasource");
        if (!isLoki(ds)) {
          continue;
        }
        String source = name + " panel '" + panel.path("title").asText() + "' target " + t.path("refId").asText();
        String expr = t.path("expr").asText("");
        if (expr.isBlank()) {
          found.problems().add(source + ": Loki target without expr");
          continue;
        }
        substitute(source, expr, sample, all, found);
      }
    }
  }

  private static void collectPanels(JsonNode list, List<JsonNode> out) {
    for (JsonNode p : list) {
      out.add(p);
      collectPanels(p.path("panels"), out);
    }
  }

  private static boolean isLoki(JsonNode ds) {
    return LOKI_UID.equals(ds.path("uid").asText()) || "loki".equals(ds.path("type").asText());
  }

  private static String firstOption(String customQuery) {
    String first = customQuery.split(",")[0].strip();
    int colon = first.indexOf(" : ");
    return colon < 0 ? first : first.substring(colon + 3);
  }

  private static void substitute(String source, String text, Map<String, String> sample, Map<String, String> all,
      Found found) {
    List<String> unknown = new ArrayList<>();
    String withSample = interpolate(text, sample, unknown);
    String withAll = interpolate(text, all, unknown);
    if (!unknown.isEmpty()) {
      found.problems().add(source + ": undefined variable(s) " + unknown.stream().distinct().toList() + " in " + text);
      return;
    }
    found.queries().add(new Query(source, withSample));
    if (!withAll.equals(withSample)) {
      found.queries().add(new Query(source + " (All)", withAll));
    }
  }

  /** Grafana's interpolation: $var, ${var}, ${var:format}, [[var]]; the regex format escapes regex syntax. */
  static String interpolate(String text, Map<String, String> values, List<String> unknown) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
      String format = m.group(2) != null ? m.group(2) : m.group(4);
      String value = values.containsKey(name) ? values.get(name) : BUILT_INS.get(name);
      if (value == null) {
        unknown.add(name);
        value = "";
      } else if ("regex".equals(format)) {
        value = value.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
