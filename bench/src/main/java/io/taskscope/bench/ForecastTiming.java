package io.taskscope.bench;

import io.taskscope.forecast.ModelSelector;
import io.taskscope.forecast.Preparation;
import io.taskscope.forecast.Series;
import io.taskscope.testkit.TelemetryShape;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the daily job does, timed: {@code targets} series of 14 days of 5-minute samples (4032 points, daily and
 * weekly shapes of varying size, noise and trend), each forecast 288 steps (a day) ahead by {@link ModelSelector} on
 * a bounded pool of {@code threads}. A warm-up of 20 targets first, so the figure is the steady state.
 */
final class ForecastTiming {
  static final int POINTS = 14 * 288;
  static final int HORIZON = 288;

  /**
   * {@code cpuSeconds}: this JVM's CPU time over the run (JIT and GC included), {@code load}: the machine's 1-minute
   * load average at the end; on a shared machine the wall time says as much about the neighbours as about us.
   */
  record Result(int targets, int threads, double seconds, double cpuSeconds, double load,
      Map<String, Integer> chosen) {
    double msPerTarget() {
      return 1000 * seconds / targets;
    }
  }

  private ForecastTiming() {}

  static double[] target(int i) {
    TelemetryShape s = new TelemetryShape(288).level(50 + i % 97).daily(5 + i % 23).weekly(i % 3 == 0 ? 0 : i % 11)
        .trend((i % 5 - 2) * 1e-4).noise(0.5 + i % 7 * 0.4);
    return s.values(POINTS, 1000L + i);
  }

  static Result run(int targets, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      forecastAll(pool, 20, 1_000_000);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      List<String> models = forecastAll(pool, targets, 0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      Map<String, Integer> chosen = new TreeMap<>();
      models.forEach(m -> chosen.merge(m.replaceAll("\\(.*", ""), 1, Integer::sum));
      return new Result(targets, threads, seconds, cpu, os.getSystemLoadAverage(), chosen);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> forecastAll(ExecutorService pool, int n, int firstSeed) throws Exception {
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int seed = firstSeed + i;
      futures.add(pool.submit(() -> new ModelSelector().select(new Series(ForecastWindows.MONDAY,
          Duration.ofMinutes(5), target(seed)), Preparation.Options.gauge(), HORIZON).model()));
    }
    List<String> out = new ArrayList<>();
    for (Future<String> f : futures) {
      out.add(f.get());
    }
    return out;
  }
}
