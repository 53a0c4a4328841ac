package io.taskscope.forecast;

import io.taskscope.testkit.TelemetryShape;
import java.time.Duration;
import java.time.Instant;

/** The tests' 30-minute grid from a Monday: synthetic telemetry on it ({@link TelemetryShape}) and slices of it. */
final class Synthetic {
  static final Duration STEP = Duration.ofMinutes(30);
  static final int DAY = 48;
  static final int WEEK = 336;
  static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

  /** A new shape on this grid (testkit's generator, shared with bench/forecast). */
  static TelemetryShape shape() {
    return new TelemetryShape(DAY);
  }

  static Series series(double[] v) {
    return new Series(START, STEP, v);
  }

  static double[] head(double[] v, int n) {
    return java.util.Arrays.copyOf(v, n);
  }

  static double[] tail(double[] v, int from, int len) {
    return java.util.Arrays.copyOfRange(v, from, from + len);
  }
}
