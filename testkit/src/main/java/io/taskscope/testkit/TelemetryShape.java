package io.taskscope.testkit;

import java.util.Random;

/**
 * Synthetic telemetry for forecast tests and benchmarks: daily and weekly shapes (busy working days, quiet weekends
 * that a daily season cannot express), a linear trend and Gaussian noise, on a grid of {@code day} steps a day with
 * step 0 at a Monday 00:00. The forecast module's tests and bench/forecast's synthetic series both draw from it.
 */
public final class TelemetryShape {
  private final int day;
  private double level = 100;
  private double trendPerStep;
  private double daily;
  private double weekly;
  private double noise;

  public TelemetryShape(int day) {
    this.day = day;
  }

  public TelemetryShape level(double v) {
    level = v;
    return this;
  }

  public TelemetryShape trend(double v) {
    trendPerStep = v;
    return this;
  }

  public TelemetryShape daily(double amplitude) {
    daily = amplitude;
    return this;
  }

  public TelemetryShape weekly(double amplitude) {
    weekly = amplitude;
    return this;
  }

  public TelemetryShape noise(double sd) {
    noise = sd;
    return this;
  }

  /** The noise-free value at step {@code t}. */
  public double mean(int t) {
    double d = Math.sin(2 * Math.PI * (t % day) / day) + 0.5 * Math.cos(4 * Math.PI * (t % day) / day);
    int dow = (t / day) % 7;
    // Weekdays busy, weekends quiet: a shape a daily season cannot express.
    double w = dow >= 5 ? -1 : 0.4;
    double wd = weekly != 0 && dow >= 5 ? 0.3 : 1;
    return level + trendPerStep * t + daily * d * wd + weekly * w;
  }

  public double[] values(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int t = 0; t < n; t++) {
      v[t] = mean(t) + noise * r.nextGaussian();
    }
    return v;
  }
}
