package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.core.Sample;
import io.taskscope.ui.TaskCharts.Chart;
import io.taskscope.ui.TaskCharts.Line;
import io.taskscope.ui.TaskCharts.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recent values of every task's charted figures, for clusters without a Prometheus the UI may ask: sampled every
 * {@link #STEP} (15 s) from TaskScope's own series ({@link SeriesSource}), from the cluster view (replicas,
 * restarts) and, when there is a {@link ResourceSource} (the demo's simulated exporters), from the resource exporters
 * through {@link ResourceUsage}; kept in memory for {@link #WINDOW} (2 h).
 *
 * <p>Bounds: a tick per task holds one float per line of its kind (at most 10), so a task costs at most 480 ticks of
 * about 90 bytes, 45 KB; at most {@link #TASKS} (1,000) tasks are kept (40 MB in the worst case, a few MB for a
 * typical cluster): tasks beyond that are not recorded until others go. A task that is gone from the cluster keeps its
 * points until they age out, so a page of a task just deleted still shows its last two hours.
 */
public final class MetricHistory {
  static final Duration WINDOW = Duration.ofHours(2);
  static final Duration STEP = Duration.ofSeconds(15);
  static final int TASKS = 1_000;

  /** The points of one chart: Unix seconds and, per line, values ({@code NaN} = no value at that time). */
  public record Points(long[] x, List<double[]> values) {
    public boolean isEmpty() {
      return x.length == 0 || values.stream().allMatch(v -> Arrays.stream(v).allMatch(Double::isNaN));
    }
  }

  private record Tick(long t, float[] v) {}

  private final int maxTasks;
  private final Duration window;
  private final Map<String, ArrayDeque<Tick>> byTask = new HashMap<>();
  private final Map<String, List<String>> linesByKind = new HashMap<>();
  private final Map<String, List<Line>> lineDefsByKind = new HashMap<>();
  private final ResourceUsage usage = new ResourceUsage();

  public MetricHistory() {
    this(TASKS, WINDOW);
  }

  MetricHistory(int maxTasks, Duration window) {
    this.maxTasks = maxTasks;
    this.window = window;
  }

  /** The lines a kind keeps here (all its charts; RESOURCE ones stay NaN without a source), as {@code chart/label}. */
  private synchronized List<String> lines(String kind) {
    return linesByKind.computeIfAbsent(kind, k -> {
      List<String> ids = new ArrayList<>();
      List<Line> defs = new ArrayList<>();
      for (Chart c : TaskCharts.of(k)) {
        c.lines().forEach(l -> ids.add(c.id() + "/" + l.label()));
        defs.addAll(c.lines());
      }
      lineDefsByKind.put(k, List.copyOf(defs));
      return List.copyOf(ids);
    });
  }

  /** Takes one sample of every task in {@code view}: its series from {@code source}, its workers from the view. */
  public void sample(ClusterView view, SeriesSource source, Instant now) {
    sample(view, source, null, now);
  }

  /** As above, with the resource charts' lines from {@code resources} when not null. */
  public void sample(ClusterView view, SeriesSource source, ResourceSource resources, Instant now) {
    Map<String, ResourceUsage.PodFigures> usageByPod = resources == null ? Map.of() : usage.read(resources, now);
    Map<String, double[]> sums = new HashMap<>();
    Map<String, int[]> counts = new HashMap<>();
    Map<String, String> kindOf = new HashMap<>();
    Map<String, List<Pod>> podsByNs = new HashMap<>();
    for (Pod p : view.pods()) {
      podsByNs.computeIfAbsent(p.getMetadata().getNamespace(), n -> new ArrayList<>()).add(p);
    }
    Map<String, int[]> workers = Tasks.workerCounts(view.pods());
    for (String kind : view.kinds()) {
      List<String> ids = lines(kind);
      if (ids.isEmpty()) {
        continue;
      }
      for (GenericKubernetesResource o : view.list(kind)) {
        String key = Tasks.key(kind, o.getMetadata().getNamespace(), o.getMetadata().getName());
        double[] v = new double[ids.size()];
        Arrays.fill(v, Double.NaN);
        sums.put(key, v);
        counts.put(key, new int[ids.size()]);
        kindOf.put(key, kind);
        List<Pod> pods = null;
        if (TaskScopeKinds.isWorkload(kind)) {
          TaskRow row = Tasks.row(kind, o, workers);
          pods = TaskPods.of(kind, o, podsByNs.getOrDefault(o.getMetadata().getNamespace(), List.of()));
          set(v, ids.indexOf("replicas/ready"), row.workersReady());
          set(v, ids.indexOf("replicas/desired"), row.workersTotal());
          set(v, ids.indexOf("restarts/restarts"), pods.stream().mapToInt(TaskPods::restarts).sum());
        }
        if (!usageByPod.isEmpty()) {
          if (pods == null) {
            pods = TaskPods.of(kind, o, podsByNs.getOrDefault(o.getMetadata().getNamespace(), List.of()));
          }
          setResources(v, ids, kind, ResourceUsage.of(pods, usageByPod));
        }
      }
    }
    Set<String> wanted = TaskCharts.exposedSeries(view.kinds());
    source.collect(wanted::contains, s -> add(s, sums, counts, kindOf));
    store(sums, counts, kindOf, now);
  }

  private void add(Sample s, Map<String, double[]> sums, Map<String, int[]> counts, Map<String, String> kindOf) {
    String kind = s.label("kind");
    String key = Tasks.key(kind, s.label("namespace"), s.label("name"));
    double[] v = sums.get(key);
    if (v == null || Double.isNaN(s.value())) {
      return;
    }
    for (Chart c : TaskCharts.of(kind)) {
      if (c.origin() != Origin.SERIES) {
        continue;
      }
      for (Line l : c.lines()) {
        if (!l.series().equals(s.name()) || !matches(s, l.match())) {
          continue;
        }
        int i = lines(kind).indexOf(c.id() + "/" + l.label());
        double old = v[i];
        v[i] = switch (l.agg()) {
          case MAX -> Double.isNaN(old) ? s.value() : Math.max(old, s.value());
          case SUM, AVG -> (Double.isNaN(old) ? 0 : old) + s.value();
        };
        counts.get(key)[i]++;
      }
    }
  }

  private static boolean matches(Sample s, Map<String, String> match) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (!e.getValue().equals(s.label(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private synchronized void store(Map<String, double[]> sums, Map<String, int[]> counts, Map<String, String> kindOf,
      Instant now) {
    long t = now.getEpochSecond();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] v = e.getValue();
      if (Arrays.stream(v).allMatch(Double::isNaN)) {
        continue;
      }
      ArrayDeque<Tick> d = byTask.get(e.getKey());
      if (d == null) {
        if (byTask.size() >= maxTasks) {
          continue;
        }
        d = new ArrayDeque<>();
        byTask.put(e.getKey(), d);
      }
      lines(kindOf.get(e.getKey()));
      List<Line> defs = lineDefsByKind.get(kindOf.get(e.getKey()));
      float[] f = new float[v.length];
      int[] n = counts.get(e.getKey());
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) (defs.get(i).agg() == TaskCharts.Agg.AVG && n[i] > 0 ? v[i] / n[i] : v[i]);
      }
      d.addLast(new Tick(t, f));
    }
    long cutoff = t - window.getSeconds();
    byTask.values().removeIf(d -> {
      while (!d.isEmpty() && d.peekFirst().t() < cutoff) {
        d.pollFirst();
      }
      return d.isEmpty();
    });
  }

  private static void setResources(double[] v, List<String> ids, String kind, ResourceUsage.Figures f) {
    for (Chart c : TaskCharts.of(kind)) {
      if (c.origin() == Origin.RESOURCE) {
        set(v, ids.indexOf(c.id() + "/" + c.lines().get(0).label()), f.of(c.id()));
      }
    }
  }

  private static void set(double[] v, int i, double value) {
    if (i >= 0 && value >= 0) {
      v[i] = value;
    }
  }

  /** The points of {@code chart} for one task, oldest first. */
  public synchronized Points points(String kind, String namespace, String name, Chart chart) {
    ArrayDeque<Tick> d = byTask.get(Tasks.key(kind, namespace, name));
    List<String> ids = lines(kind);
    int n = d == null ? 0 : d.size();
    long[] x = new long[n];
    List<double[]> values = new ArrayList<>();
    for (Line l : chart.lines()) {
      values.add(new double[n]);
    }
    int j = 0;
    for (Tick tick : d == null ? List.<Tick>of() : d) {
      x[j] = tick.t();
      for (int li = 0; li < chart.lines().size(); li++) {
        int i = ids.indexOf(chart.id() + "/" + chart.lines().get(li).label());
        // via the float's shortest text: 0.83f as a double would print as 0.8299999833106995
        values.get(li)[j] = i < 0 ? Double.NaN : Double.parseDouble(Float.toString(tick.v()[i]));
      }
      j++;
    }
    return new Points(x, values);
  }

  synchronized int tasks() {
    return byTask.size();
  }
}
