package io.taskscope.prediction;

import io.taskscope.forecast.history.HttpOptions;
import java.time.Duration;
import java.util.Set;

/**
 * How the job reads and forecasts.
 *
 * @param lookback history read per target (default 14 days)
 * @param step sampling step of the history and the forecast (default 5 minutes)
 * @param horizon how far ahead (default 24 hours; the {@code 1h|6h|24h} series on {@code /metrics} need 24 h)
 * @param concurrency targets forecast at once (each holds one Prometheus request at a time)
 * @param counters metric names read as counters and forecast as increase per step (e.g. {@code energy_joules})
 * @param retention how long a stored forecast outlives its target's disappearance from the graphs (a workload
 *     deleted from the cluster): a full run deletes forecasts of targets it did not find that are older than this
 *     (default 7 days; zero keeps them)
 */
public record JobOptions(Duration lookback, Duration step, Duration horizon, int concurrency, Set<String> counters,
    HttpOptions http, Duration retention) {
  public static final JobOptions DEFAULTS = new JobOptions(Duration.ofDays(14), Duration.ofMinutes(5),
      Duration.ofHours(24), 4, Set.of("energy_joules"), HttpOptions.DEFAULTS, Duration.ofDays(7));

  public JobOptions {
    if (step.isZero() || step.isNegative() || step.toMillis() * 1_000_000 != step.toNanos()) {
      throw new IllegalArgumentException("forecast.step must be a positive whole number of milliseconds: " + step);
    }
    if (lookback.compareTo(step.multipliedBy(10)) < 0) {
      throw new IllegalArgumentException("forecast.lookback must be at least 10 steps: " + lookback);
    }
    if (lookback.dividedBy(step) > 1_000_000) {
      throw new IllegalArgumentException("forecast.lookback / forecast.step must be at most 1,000,000 points");
    }
    if (horizon.compareTo(step) < 0 || horizon.dividedBy(step) > 100_000) {
      throw new IllegalArgumentException("forecast.horizon must be 1 to 100,000 steps: " + horizon);
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("forecast.concurrency must be 1..64: " + concurrency);
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException("forecast.retention must not be negative: " + retention);
    }
    counters = Set.copyOf(counters);
  }

  public int horizonSteps() {
    return (int) horizon.dividedBy(step);
  }
}
