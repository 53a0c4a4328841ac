package io.taskscope.sdk;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One push group of a {@link SednaWorker} (the worker's or the task's): its grouping labels and the latest value of
 * every series set in it, so that each push carries the whole family (push-add replaces a family, not a series).
 */
final class WorkerGroup {
  private static final class Fam {
    final boolean counter;
    final Map<Map<String, String>, Double> samples = new LinkedHashMap<>();

    Fam(boolean counter) {
      this.counter = counter;
    }
  }

  final Map<String, String> labels;
  private final String prefix;
  private final Map<String, Fam> families = new LinkedHashMap<>();

  WorkerGroup(Map<String, String> labels, String prefix) {
    this.labels = java.util.Collections.unmodifiableMap(labels);
    this.prefix = prefix;
  }

  /** The series of a family by its full name, for callers that fill a family series by series. */
  Map<Map<String, String>, Double> family(String name, boolean counter) {
    return families.computeIfAbsent(name, n -> new Fam(counter)).samples;
  }

  /** Sets a gauge ({@code replace}: its other series go); returns the family's full name. */
  String set(String shortName, double value, Map<String, String> labels, boolean replace) {
    Map<Map<String, String>, Double> s = family(prefix + shortName, false);
    if (replace) {
      s.clear();
    }
    s.put(new TreeMap<>(labels), value);
    return prefix + shortName;
  }

  /** A state set: one series per allowed state, 1 for {@code value}, 0 for the others. */
  String stateset(String shortName, String label, String value, List<String> allowed, Map<String, String> extra) {
    Map<Map<String, String>, Double> s = family(prefix + shortName, false);
    s.clear();
    for (String state : allowed) {
      Map<String, String> l = new TreeMap<>(extra);
      l.put(label, state);
      s.put(l, state.equals(value) ? 1.0 : 0.0);
    }
    return prefix + shortName;
  }

  /** Adds to a counter; it cannot go down. */
  String inc(String shortName, double by, Map<String, String> labels) {
    if (by < 0 || Double.isNaN(by)) {
      throw new IllegalArgumentException(prefix + shortName + ": a counter cannot go down (by " + by + ")");
    }
    family(prefix + shortName, true).merge(new TreeMap<>(labels), by, Double::sum);
    return prefix + shortName;
  }

  /** Pushes (push-add) the named families of this group; returns the text sent, "" when there was nothing. */
  String push(List<String> names, String url, String token, Duration timeout, Map<String, String> help)
      throws IOException, InterruptedException {
    if (names.isEmpty()) {
      return "";
    }
    MetricCollector.Builder b = MetricCollector.builder().url(url).job(SednaNames.JOB).token(token).timeout(timeout);
    labels.forEach(b::label);
    MetricCollector c = b.build();
    for (String n : new LinkedHashSet<>(names)) {
      Fam f = families.get(n);
      String h = help.get(n.substring(prefix.length()));
      for (Map.Entry<Map<String, String>, Double> e : f.samples.entrySet()) {
        if (f.counter) {
          c.counter(n, h, e.getKey(), e.getValue());
        } else {
          c.gauge(n, h, e.getKey(), e.getValue());
        }
      }
    }
    c.pushAdd();
    return c.text();
  }
}
