package io.taskscope.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Synthetic telemetry for the tests: daily and weekly shapes, trend, Gaussian noise, on a 30-minute grid. */
final class Synthetic {
  static final Duration STEP = Duration.ofMinutes(30);
  static final int DAY = 48;
  static final int WEEK = 336;
  static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

  double level = 100;
  double trendPerStep = 0;
  double daily = 0;
  double weekly = 0;
  double noise = 0;

  Synthetic level(double v) {
    level = v;
    return this;
  }

  Synthetic trend(double v) {
    trendPerStep = v;
    return this;
  }

  Synthetic daily(double amplitude) {
    daily = amplitude;
    return this;
  }

  Synthetic weekly(double amplitude) {
    weekly = amplitude;
    return this;
  }

  Synthetic noise(double sd) {
    noise = sd;
    return this;
  }

  /** The noise-free value at step {@code t}. */
  double mean(int t) {
    double d = Math.sin(2 * Math.PI * (t % DAY) / DAY) + 0.5 * Math.cos(4 * Math.PI * (t % DAY) / DAY);
    int dow = (t / DAY) % 7;
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
