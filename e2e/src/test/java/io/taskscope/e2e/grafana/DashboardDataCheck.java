package io.taskscope.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskscope.e2e.PrometheusProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every PromQL target of a set of dashboards against a real Prometheus the way Grafana would: template variables
 * get values from their own queries against the same Prometheus ("All" as the variable's all value, else the joined
 * regex Grafana builds; single-value variables their first value), {@code $__rate_interval} and friends get fixed
 * durations, and each target must return at least one sample. Targets on other datasources (Loki) are not run.
 */
final class DashboardDataCheck {
  /** Values of Grafana's interval variables for a stack scraping every second and a few minutes old. */
  static final Map<String, String> BUILT_IN_VALUES = Map.of("__rate_interval", "30s", "__rate_interval_ms", "30000",
      "__interval", "5s", "__interval_ms", "5000", "__auto", "30s", "__range", "15m", "__range_s", "900",
      "__range_ms", "900000");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((?:(.*),\\s*)?(\\w+)\\s*\\)\\s*$",
      Pattern.DOTALL);
  private static final Duration RANGE = Duration.ofMinutes(5);

  /** What a run found: how many targets were run and what is wrong, each problem naming dashboard, panel and query. */
  record Report(int targets, List<String> problems) {}

  private final PrometheusProcess prometheus;
  private final Set<String> prometheusUids;

  DashboardDataCheck(PrometheusProcess prometheus, Map<String, Provisioning.Datasource> datasources) {
    this.prometheus = prometheus;
    this.prometheusUids = new HashSet<>();
    datasources.values().stream().filter(d -> d.type().equals("prometheus")).forEach(d -> prometheusUids.add(d.uid()));
  }

  /**
   * Polls until every PromQL target of {@code dashboards} returns data or {@code wait} is over (one deadline for the
   * whole set); targets that had data are not asked again.
   */
  Report awaitData(List<Dashboard> dashboards, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Set<String> done = new HashSet<>();
    while (true) {
      Map<String, String> problems = new LinkedHashMap<>();
      int targets = 0;
      for (Dashboard d : dashboards) {
        Map<String, String> values = new HashMap<>(BUILT_IN_VALUES);
        List<String> variableProblems = resolveVariables(d, values);
        variableProblems.forEach(p -> problems.put(p, p));
        for (Dashboard.Target t : d.targets()) {
          if (!isPrometheus(d, t) || t.target().path("hide").asBoolean(false)) {
            continue;
          }
          targets++;
          String key = t.where();
          if (done.contains(key)) {
            continue;
          }
          String expr = substitute(t.expr(), values);
          String problem = run(t, expr);
          if (problem == null) {
            done.add(key);
          } else {
            problems.put(key, key + ": " + problem + "\n    " + expr.replace("\n", " "));
          }
        }
      }
      if (problems.isEmpty() || System.nanoTime() > deadline) {
        return new Report(targets, List.copyOf(problems.values()));
      }
      Thread.sleep(2000);
    }
  }

  private boolean isPrometheus(Dashboard d, Dashboard.Target t) {
    String uid = t.datasourceUid();
    if (prometheusUids.contains(uid)) {
      return true;
    }
    List<String> var = Dashboard.referencedVariables(uid);
    return !var.isEmpty() && d.variables().stream().anyMatch(v -> v.path("name").asText().equals(var.getFirst())
        && v.path("type").asText().equals("datasource") && v.path("query").asText().equals("prometheus"));
  }

  /** null when the query returned data, else why not. */
  private String run(Dashboard.Target t, String expr) {
    try {
      if (t.instant()) {
        return prometheus.query(expr).isEmpty() ? "no data (instant query)" : null;
      }
      long end = System.currentTimeMillis() / 1000;
      JsonNode data = prometheus.api("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
          + "&start=" + (end - RANGE.toSeconds()) + "&end=" + end + "&step=5");
      for (JsonNode series : data.path("result")) {
        if (!series.path("values").isEmpty()) {
          return null;
        }
      }
      return "no data in the last " + RANGE.toMinutes() + " minutes (range query)";
    } catch (Exception e) {
      return "query failed: " + e.getMessage();
    }
  }

  /** Gives every variable of {@code d} its value in {@code values}, in order (later ones may use earlier ones). */
  List<String> resolveVariables(Dashboard d, Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    for (JsonNode v : d.variables()) {
      String name = v.path("name").asText();
      JsonNode q = v.path("query");
      String query = q.isObject() ? q.path("query").asText("") : q.asText("");
      switch (v.path("type").asText()) {
        case "query" -> {
          if (!prometheusUids.contains(v.path("datasource").path("uid").asText())) {
            continue; // a Loki variable: only Loki targets use it
          }
          List<String> options;
          try {
            options = labelValues(substitute(query, values));
          } catch (Exception e) {
            problems.add(d.name() + ": variable " + name + ": " + e.getMessage());
            continue;
          }
          String regex = v.path("regex").asText("");
          if (!regex.isEmpty()) {
            Pattern p = Pattern.compile(regex.replaceAll("^/|/$", ""));
            options = options.stream().filter(o -> p.matcher(o).find()).toList();
          }
          if (options.isEmpty()) {
            problems.add(d.name() + ": variable " + name + " has no values: " + substitute(query, values));
            continue;
          }
          values.put(name, choose(v, options));
        }
        case "custom", "interval" -> {
          List<String> options = new ArrayList<>();
          for (String o : query.split(",")) {
            options.add(o.trim());
          }
          values.put(name, choose(v, options));
        }
        case "textbox", "constant" -> values.put(name, escape(query));
        default -> { } // datasource variables carry no query text
      }
    }
    return problems;
  }

  /** Grafana's choice for a dashboard opened with its defaults. */
  private static String choose(JsonNode variable, List<String> options) {
    if (variable.path("includeAll").asBoolean(false)) {
      String all = variable.path("allValue").asText("");
      return !all.isEmpty() ? all : "(" + String.join("|", options.stream().map(DashboardDataCheck::escape).toList())
          + ")";
    }
    return escape(options.getFirst());
  }

  /** Grafana's escaping of a value put into a PromQL regex string (prometheusRegularEscape). */
  static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\\') {
        out.append("\\\\\\\\");
      } else if ("$^*{}[]'+?.()|".indexOf(c) >= 0) {
        out.append("\\\\").append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private List<String> labelValues(String query) throws Exception {
    Matcher m = LABEL_VALUES.matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported variable query (only label_values): " + query);
    }
    String path = "/api/v1/label/" + m.group(2) + "/values";
    if (m.group(1) != null) {
      path += "?match[]=" + URLEncoder.encode(m.group(1).trim(), StandardCharsets.UTF_8);
    }
    TreeSet<String> out = new TreeSet<>();
    prometheus.api(path).forEach(n -> out.add(n.asText()));
    out.remove("");
    return List.copyOf(out);
  }

  /** Replaces every variable reference whose value is known; unknown ones stay (and the query then fails). */
  static String substitute(String text, Map<String, String> values) {
    Matcher m = Dashboard.VARIABLE_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
