package io.taskscope.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskscope.ui.TaskCharts.Chart;
import io.taskscope.ui.TaskCharts.Line;
import io.taskscope.ui.TaskCharts.Origin;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The task page's charts: from Prometheus when one is configured (all queries at once, each bounded by the client's
 * timeout), else, and when it fails, from TaskScope's in-memory {@link MetricHistory}; resource charts come from
 * memory only without a Prometheus and when a {@link ResourceSource} filled it (the demo), else a hint says why not.
 * Each chart is a {@code data-chart} element the bundled script draws with uPlot, or a line of text when there is
 * nothing to draw.
 */
final class ChartSection {
  static final Duration RANGE = MetricHistory.WINDOW;
  static final Duration STEP = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Prometheus prometheus;
  private final MetricHistory history;

  ChartSection(Prometheus prometheus, MetricHistory history) {
    this.prometheus = prometheus;
    this.history = history;
  }

  void render(Html h, String kind, String ns, String name, Instant now) {
    List<Chart> charts = TaskCharts.of(kind);
    h.raw("<h2 id=\"charts\">Key figures, last ").text(RANGE.toHours()).raw(" hours</h2>");
    if (charts.isEmpty()) {
      h.raw("<p class=\"muted\">TaskScope charts nothing for this kind.</p>");
      return;
    }
    Map<Line, TreeMap<Long, Double>> fromProm = new LinkedHashMap<>();
    String failure = prometheus == null ? null : query(charts, kind, ns, name, now, fromProm);
    if (failure != null) {
      h.raw("<p class=\"banner\" role=\"status\">Prometheus (").text(prometheus.baseUrl()).raw(") is unavailable: ")
          .text(failure).raw(". Charts of TaskScope's series come from its own memory instead; resource charts ")
          .raw("are missing.</p>");
    }
    // resource lines are in memory only when a ResourceSource feeds it (the demo): then a chart without points (a
    // workload without GPUs) just has no data; elsewhere the hint says where they live
    boolean resourcesInMemory = prometheus == null && charts.stream()
        .anyMatch(c -> c.origin() == Origin.RESOURCE && !history.points(kind, ns, name, c).isEmpty());
    h.raw("<div class=\"grid\">");
    for (Chart c : charts) {
      h.raw("<section class=\"card\"><h3>").text(c.title()).raw(" <span class=\"muted\">(").text(c.unit())
          .raw(")</span></h3>");
      boolean promOk = prometheus != null && failure == null;
      MetricHistory.Points p = c.origin() == Origin.VIEW || !promOk ? history.points(kind, ns, name, c)
          : points(c, fromProm);
      if (c.origin() == Origin.RESOURCE && !promOk && (prometheus != null || !resourcesInMemory)) {
        h.raw("<p class=\"muted\">").text(prometheus == null
            ? "no data: resource usage comes from Prometheus (set ui.prometheus)"
            : "no data: Prometheus unavailable").raw("</p></section>");
        continue;
      }
      String source = c.origin() == Origin.VIEW || !promOk ? "TaskScope's memory (sampled every "
          + MetricHistory.STEP.toSeconds() + " s)" : "Prometheus";
      if (p.isEmpty()) {
        h.raw("<p class=\"muted\">no data yet</p>");
      } else {
        h.raw("<div class=\"chart\" role=\"img\" aria-label=\"").text(c.title()).raw("\" data-chart=\"")
            .text(json(c, p)).raw("\"></div>");
      }
      h.raw("<p class=\"muted small\">").text("from " + source).raw("</p></section>");
    }
    h.raw("</div>");
  }

  /** Runs every line's query at once; null when all answered, else what went wrong with the first that did not. */
  private String query(List<Chart> charts, String kind, String ns, String name, Instant now,
      Map<Line, TreeMap<Long, Double>> out) {
    Map<Line, Future<TreeMap<Long, Double>>> pending = new LinkedHashMap<>();
    Instant start = now.minus(RANGE);
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Chart c : charts) {
        if (c.origin() == Origin.VIEW) {
          continue;
        }
        for (Line l : c.lines()) {
          String q = TaskCharts.promQl(c, l, kind, ns, name);
          pending.put(l, ex.submit(() -> prometheus.queryRange(q, start, now, STEP)));
        }
      }
      String failure = null;
      long deadline = System.nanoTime() + Prometheus.TIMEOUT.toNanos() * 2;
      for (Map.Entry<Line, Future<TreeMap<Long, Double>>> e : pending.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (ExecutionException x) {
          failure = failure != null ? failure : x.getCause() instanceof IOException io && io.getMessage() != null
              ? io.getMessage() : String.valueOf(x.getCause());
        } catch (TimeoutException x) {
          failure = failure != null ? failure : "no answer in time";
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          failure = "interrupted";
        }
        if (failure != null) {
          pending.values().forEach(f -> f.cancel(true));
          return failure;
        }
      }
      return null;
    }
  }

  /** Aligns the lines' points on the union of their times (Prometheus steps are aligned already). */
  private static MetricHistory.Points points(Chart c, Map<Line, TreeMap<Long, Double>> fromProm) {
    TreeSet<Long> times = new TreeSet<>();
    c.lines().forEach(l -> times.addAll(fromProm.getOrDefault(l, new TreeMap<>()).keySet()));
    long[] x = times.stream().mapToLong(Long::longValue).toArray();
    List<double[]> values = new ArrayList<>();
    for (Line l : c.lines()) {
      TreeMap<Long, Double> m = fromProm.getOrDefault(l, new TreeMap<>());
      double[] v = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        v[i] = m.getOrDefault(x[i], Double.NaN);
      }
      values.add(v);
    }
    return new MetricHistory.Points(x, values);
  }

  /** The chart's JSON for app.js: {@code {"x":[...],"series":[{"label","color","values"}],"height"}}. */
  static String json(Chart c, MetricHistory.Points p) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode x = root.putArray("x");
    for (long t : p.x()) {
      x.add(t);
    }
    ArrayNode series = root.putArray("series");
    for (int i = 0; i < c.lines().size(); i++) {
      Line l = c.lines().get(i);
      ObjectNode s = series.addObject().put("label", l.label()).put("color", l.color());
      ArrayNode values = s.putArray("values");
      for (double v : p.values().get(i)) {
        if (Double.isFinite(v)) {
          values.add(v);
        } else {
          values.addNull();
        }
      }
    }
    root.put("height", 180);
    return root.toString();
  }
}
