package io.taskscope.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * A regularly sampled series: value {@code i} belongs to {@code start + i * step}; {@link Double#NaN} marks a missing
 * sample, so gaps keep their place on the time axis.
 */
public record Series(Instant start, Duration step, double[] values) {
  public Series {
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    values = values.clone();
  }

  public int length() {
    return values.length;
  }

  public Instant timeAt(int i) {
    return start.plus(step.multipliedBy(i));
  }

  @Override
  public double[] values() {
    return values.clone();
  }
}
