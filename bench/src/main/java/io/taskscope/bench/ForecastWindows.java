package io.taskscope.bench;

import io.taskscope.demo.DemoCluster;
import io.taskscope.demo.DemoOptions;
import io.taskscope.demo.sim.ResourceRecording;
import io.taskscope.forecast.Preparation.CounterMode;
import io.taskscope.testkit.TelemetryShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's forecast windows: issue 13's rolling-origin protocol (7 origins spread evenly from {@code history}
 * to the last horizon, R's {@code round(seq(history, n - h, length.out = 7))}, each with the {@code history} samples
 * before it) over R's taylor, synthetic telemetry and the demo's simulated resource series.
 */
final class ForecastWindows {
  static final int ORIGINS = 7;
  /**
   * Model ticks of the demo recording: the demo's own 2 s would take a minute for 28 days; at 10 s a 30-minute CPU rate
   * still averages the model's minute-scale swings away (to about 5 %), as it does in the demo.
   */
  static final Duration TICK = Duration.ofSeconds(10);
  static final Instant MONDAY = Instant.parse("2025-01-06T00:00:00Z");
  /** taylor's first half-hour: Monday 5 June 2000 (its help page), so each window knows its weekdays. */
  static final Instant TAYLOR_START = Instant.parse("2000-06-05T00:00:00Z");

  /**
   * One forecast to make. {@code raw} is what TaskScope gets (gaps NaN, counters as collected), {@code peer} what R
   * gets (gaps NA, filled there with na.interp; a counter as its increase per step), {@code actual} the truth after
   * the origin and {@code scale} the clean history MASE is scaled on (weekly lag).
   */
  record Window(int id, String dataset, String series, Instant start, Duration step, int day, int week, int h,
      double[] raw,
      CounterMode mode, double[] peer, double[] actual, double[] scale) {}

  private final List<Window> windows = new ArrayList<>();

  List<Window> all() {
    return windows;
  }

  /** Origins (samples before the forecast) as R computes them; every series here makes them whole numbers. */
  static int[] origins(int n, int history, int h) {
    int[] o = new int[ORIGINS];
    for (int j = 0; j < ORIGINS; j++) {
      o[j] = (int) Math.round(history + j * (double) (n - h - history) / (ORIGINS - 1));
    }
    return o;
  }

  /** A gauge (or a counter given as increases in {@code truth}) cut into the protocol's windows. */
  private void add(String dataset, String series, Instant start, Duration step, double[] raw, double[] truth,
      int history, int h, CounterMode mode, double[] counterTotals) {
    int day = (int) (Duration.ofDays(1).toMillis() / step.toMillis());
    for (int o : origins(truth.length, history, h)) {
      double[] taskscope = mode == CounterMode.RATE
          ? Arrays.copyOfRange(counterTotals, o - history, o + 1) // history + 1 totals give history increases
          : Arrays.copyOfRange(raw, o - history, o);
      double[] peer = Arrays.copyOfRange(raw, o - history, o);
      Instant first = start.plus(step.multipliedBy(o - history));
      windows.add(new Window(windows.size() + 1, dataset, series, first, step, day, 7 * day, h, taskscope, mode, peer,
          Arrays.copyOfRange(truth, o, o + h), Arrays.copyOfRange(truth, o - history, o)));
    }
  }

  /** (a) R's taylor (4032 half-hours): 8 weeks of history, 48 steps ahead. */
  void taylor(Path csv) throws Exception {
    double[] y = Files.readAllLines(csv).stream().skip(1).mapToDouble(Double::parseDouble).toArray();
    add("taylor", "taylor", TAYLOR_START, Duration.ofMinutes(30), y, y, 8 * 336, 48, CounterMode.GAUGE, null);
  }

  /**
   * (b) Synthetic telemetry, 10 weeks at 30 minutes, 8 weeks of history, a day ahead: the shapes of the forecast
   * module's AccuracyHarnessTest (cpu with gaps and a half-day outage, memory with a level shift 3 days before the
   * first origin, a network counter reset twice and forecast as a rate), scored against the series before defects.
   */
  void synthetic() {
    int day = 48;
    int n = 70 * day;
    int history = 56 * day;
    Duration step = Duration.ofMinutes(30);
    double[] cpu = new TelemetryShape(day).level(40).daily(15).weekly(8).trend(0.004).noise(1.5).values(n, 11);
    add("synthetic", "cpu (gaps)", MONDAY, step, withGaps(cpu, 21, day), cpu, history, day, CounterMode.GAUGE, null);
    double[] mem = new TelemetryShape(day).level(500).daily(40).weekly(30).trend(0.05).noise(6).values(n, 12);
    for (int t = history - 3 * day; t < n; t++) {
      mem[t] *= 1.25;
    }
    add("synthetic", "memory (level shift)", MONDAY, step, withGaps(mem, 22, day), mem, history, day,
        CounterMode.GAUGE, null);
    double[] rate = new TelemetryShape(day).level(200).daily(80).weekly(40).noise(10).values(n + 1, 13);
    double[] total = new double[n + 1];
    double sum = 0;
    for (int t = 0; t <= n; t++) {
      if (t == 10 * day || t == 25 * day || t == 50 * day) {
        sum = 0; // the exporter restarted
      }
      sum += rate[t];
      total[t] = sum;
    }
    double[] increases = Arrays.copyOfRange(rate, 1, n + 1); // increase i is total[i + 1] - total[i], or the reset
    add("synthetic", "network counter (resets)", MONDAY, step, increases, increases, history, day, CounterMode.RATE,
        total);
  }

  /** 30 single missing samples and two half-day outages (weeks 2 and 7, inside every window's history). */
  static double[] withGaps(double[] v, long seed, int day) {
    double[] g = v.clone();
    Random r = new Random(seed);
    for (int i = 0; i < 30; i++) {
      g[r.nextInt(g.length)] = Double.NaN;
    }
    Arrays.fill(g, 14 * day + 10, 14 * day + 10 + day / 2, Double.NaN);
    Arrays.fill(g, 49 * day + 20, 49 * day + 20 + day / 2, Double.NaN);
    return g;
  }

  /**
   * (c) The demo's simulated exporters recorded for 28 days at 30 minutes (model ticks of 10 s), 3 weeks of
   * history, a day ahead: CPU (rate of the counter) and memory of the busiest container, power of every node.
   */
  void demo() throws Exception {
    demo("demo", 42, MONDAY, 28, 21, "");
  }

  /**
   * (d) Held out: the demo recorded with other seeds (each from a Thursday with 3 weeks of history, and from a Monday
   * with 4) and synthetic telemetry with 3 weeks of history, to check that what was tuned on (b) and (c) carries over.
   */
  void heldOut(long[] seeds) throws Exception {
    Instant thursday = MONDAY.plus(Duration.ofDays(3));
    int day = 48;
    Duration step = Duration.ofMinutes(30);
    for (long seed : seeds) {
      demo("held-out demo", seed, thursday, 28, 21, "seed " + seed + " ");
      demo("held-out demo", seed, MONDAY, 35, 28, "seed " + seed + ", 4 weeks ");
      int n = 28 * day;
      double[] cpu = new TelemetryShape(day).level(40).daily(15).weekly(8).trend(0.004).noise(1.5).values(n, seed);
      add("held-out synthetic", "cpu seed " + seed, MONDAY, step, cpu, cpu, 21 * day, day, CounterMode.GAUGE, null);
      double[] mem = new TelemetryShape(day).level(500).daily(40).weekly(30).noise(6).values(n, seed + 10);
      add("held-out synthetic", "memory seed " + seed, MONDAY, step, mem, mem, 21 * day, day, CounterMode.GAUGE,
          null);
    }
  }

  private void demo(String dataset, long seed, Instant start, int days, int historyDays, String prefix)
      throws Exception {
    int day = 48;
    int samples = days * day;
    Map<String, double[]> rec;
    try (DemoCluster cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false))) {
      for (int i = 0; i < 12; i++) {
        cluster.simulator().step(); // pods scheduled and running, as SimulatedExportersTest does
      }
      long t0 = System.nanoTime();
      rec = ResourceRecording.record(cluster.client(), seed, start, TICK, Duration.ofMinutes(30), samples, false);
      System.out.printf("%s: %s%d days recorded in %.1f s%n", dataset, prefix, days, (System.nanoTime() - t0) / 1e9);
    }
    List<String> picked = new ArrayList<>();
    rec.keySet().stream().filter(k -> k.startsWith("cpu/")).max(Comparator.comparingDouble(k -> mean(rec.get(k))))
        .ifPresent(k -> {
          picked.add(k);
          picked.add("memory/" + k.substring(4));
        });
    rec.keySet().stream().filter(k -> k.startsWith("power/")).sorted().forEach(picked::add);
    for (String k : picked) {
      double[] v = rec.get(k);
      // sample i is the rate over the step ending at start + (i + 1) steps, stamped there as Prometheus would
      add(dataset, prefix + k, start.plus(Duration.ofMinutes(30)), Duration.ofMinutes(30), v, v, historyDays * day,
          day, CounterMode.GAUGE, null);
    }
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(0);
  }
}
