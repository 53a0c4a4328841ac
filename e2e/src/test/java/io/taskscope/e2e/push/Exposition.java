package io.taskscope.e2e.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Parses Prometheus text format 0.0.4 (as both servers serve {@code /metrics}) into canonical sample strings
 * {@code name{k="v",...} value} (labels sorted, empty-valued labels dropped, values normalised), so two servers' outputs
 * can be compared as sets.
 */
final class Exposition {
  private Exposition() {}

  /** Prefixes of each server's own series, dropped before comparing. */
  static final List<String> OWN_PREFIXES = List.of("go_", "process_", "promhttp_", "pushgateway_", "taskscope_",
      "jvm_", "http_");

  record Sample(String name, Map<String, String> labels, double value) {
    String canonical() {
      StringBuilder sb = new StringBuilder(name).append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
            .replace("\n", "\\n")).append('"');
      }
      return sb.append("} ").append(formatValue(value)).toString();
    }
  }

  static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    return Double.toString(v);
  }

  static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      out.add(parseLine(line));
    }
    return out;
  }

  static Sample parseLine(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
          i++;
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        String ln = line.substring(i, eq).trim();
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("bad label value in: " + line);
        }
        i++;
        StringBuilder v = new StringBuilder();
        while (line.charAt(i) != '"') {
          char c = line.charAt(i);
          if (c == '\\') {
            char e = line.charAt(++i);
            v.append(e == 'n' ? '\n' : e);
          } else {
            v.append(c);
          }
          i++;
        }
        i++;
        if (!v.isEmpty()) {
          labels.put(ln, v.toString());
        }
      }
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    return new Sample(name, labels, parseValue(rest[0]));
  }

  static double parseValue(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  static boolean own(String name) {
    for (String p : OWN_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The pushed samples: everything but each server's own series and the push_time/push_failure_time series. */
  static Set<String> pushedSamples(String text) {
    Set<String> out = new TreeSet<>();
    for (Sample s : parse(text)) {
      if (!own(s.name()) && !s.name().equals("push_time_seconds") && !s.name().equals("push_failure_time_seconds")) {
        out.add(s.canonical());
      }
    }
    return out;
  }

  /** The groups that exist: the label sets of the push_time_seconds series. */
  static Set<String> groups(String text) {
    Set<String> out = new TreeSet<>();
    for (Sample s : parse(text)) {
      if (s.name().equals("push_time_seconds")) {
        out.add(new Sample("group", s.labels(), 0).canonical().replace(" 0", ""));
      }
    }
    return out;
  }

  /** Groups whose last push failed (push_failure_time_seconds newer than push_time_seconds). */
  static Set<String> failedGroups(String text) {
    Map<Map<String, String>, Double> ok = new java.util.HashMap<>();
    Map<Map<String, String>, Double> failed = new java.util.HashMap<>();
    for (Sample s : parse(text)) {
      if (s.name().equals("push_time_seconds")) {
        ok.put(s.labels(), s.value());
      } else if (s.name().equals("push_failure_time_seconds")) {
        failed.put(s.labels(), s.value());
      }
    }
    Set<String> out = new TreeSet<>();
    failed.forEach((l, t) -> {
      if (t > ok.getOrDefault(l, 0.0)) {
        out.add(l.toString());
      }
    });
    return out;
  }
}
