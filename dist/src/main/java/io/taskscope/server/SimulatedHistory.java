package io.taskscope.server;

import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException;
import io.taskscope.prediction.HistoryReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The demo's stand-in for Prometheus' history (there is no Prometheus in the demo): for each selector the graphs name,
 * a plausible series of that metric — a daily cycle (busier by day), quieter weekends, a slow drift, noise, a few
 * short gaps; energy as a cumulative counter. Deterministic per selector, so the demo's forecasts are stable. Only
 * {@code taskscope demo} uses it; {@code serve} reads a real Prometheus.
 */
final class SimulatedHistory implements HistoryReader {
  @Override
  public Series read(String promql, Instant start, Instant end, Duration step) throws HistoryException {
    if (promql.contains("gpu_usage") && !promql.contains("cloud")) {
      // as in the simulated cluster, only the cloud node holds GPUs
      throw new HistoryException(HistoryException.Kind.NO_DATA, "no series for " + promql + " (simulated)");
    }
    int n = (int) (Duration.between(start, end).dividedBy(step) + 1);
    SplittableRandom r = new SplittableRandom(promql.hashCode());
    double base = switch (metric(promql)) {
      case "mem_usage" -> 300 + r.nextInt(1500);
      case "disk_usage" -> 2e9 + r.nextInt(1_000_000_000);
      case "network_usage" -> 2e5 + r.nextInt(800_000);
      case "energy_joules" -> 40 + r.nextInt(120); // watts; integrated below
      default -> 10 + r.nextInt(50);
    };
    double amplitude = 0.35 + r.nextDouble() * 0.3;
    double phase = r.nextDouble() * 2;
    double[] v = new double[n];
    double joules = 1e6 * (1 + r.nextInt(5));
    for (int i = 0; i < n; i++) {
      Instant t = start.plus(step.multipliedBy(i));
      var utc = t.atOffset(ZoneOffset.UTC);
      double hour = utc.getHour() + utc.getMinute() / 60.0;
      boolean weekend = utc.getDayOfWeek().getValue() >= 6;
      double day = Math.sin(2 * Math.PI * (hour - 9 - phase) / 24);
      double level = base * (1 + amplitude * day) * (weekend ? 0.7 : 1.0) * (1 + 0.00002 * i);
      level *= 1 + 0.05 * r.nextGaussian();
      if (metric(promql).equals("energy_joules")) {
        joules += Math.max(0, level) * step.toSeconds();
        v[i] = joules;
      } else {
        v[i] = Math.max(0, level);
      }
      if (r.nextInt(500) == 0) {
        v[i] = Double.NaN; // a missed scrape
      }
    }
    return new Series(start, step, v);
  }

  private static String metric(String promql) {
    for (String m : new String[] {"mem_usage", "disk_usage", "network_usage", "energy_joules", "gpu_usage"}) {
      if (promql.contains(m)) {
        return m;
      }
    }
    return "cpu_usage";
  }
}
