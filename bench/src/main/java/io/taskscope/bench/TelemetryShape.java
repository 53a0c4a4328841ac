package io.taskscope.bench;

import java.util.Random;

/**
 * Synthetic telemetry: daily and weekly shapes, trend and Gaussian noise on a grid of {@code day} steps a day. A copy
 * of the forecast module's test helper {@code Synthetic} (the bench cannot depend on test classes), made independent
 * of the step so the timing run can use 5-minute samples; keep the two shapes alike.
 */
final class TelemetryShape {
  private final int day;
  private double level = 100;
  private double trendPerStep;
  private double daily;
  private double weekly;
  private double noise;

  TelemetryShape(int day) {
    this.day = day;
  }

  TelemetryShape level(double v) {
    level = v;
    return this;
  }

  TelemetryShape trend(double v) {
    trendPerStep = v;
    return this;
  }

  TelemetryShape daily(double amplitude) {
    daily = amplitude;
    return this;
  }

  TelemetryShape weekly(double amplitude) {
    weekly = amplitude;
    return this;
  }

  TelemetryShape noise(double sd) {
    noise = sd;
    return this;
  }

  /** The noise-free value at step {@code t}. */
  double mean(int t) {
    double d = Math.sin(2 * Math.PI * (t % day) / day) + 0.5 * Math.cos(4 * Math.PI * (t % day) / day);
    int dow = (t / day) % 7;
    // Weekdays busy, weekends quiet: a shape a daily season cannot express.
    double w = dow >= 5 ? -1 : 0.4;
    double wd = weekly != 0 && dow >= 5 ? 0.3 : 1;
    return level + trendPerStep * t + daily * d * wd + weekly * w;
  }

  double[] values(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int t = 0; t < n; t++) {
      v[t] = mean(t) + noise * r.nextGaussian();
    }
    return v;
  }
}
