package io.taskscope.forecast;

import java.util.Arrays;

/**
 * One daily shape, shifted and scaled per day of the week: {@code season(t) = level[g] + amplitude[g] * shape[h]},
 * {@code h} the sample's time of day and {@code g} its day's group (each weekday alone, or working days and the
 * weekend). The calendar weekly season of telemetry (busy working days, quiet weekends) with {@code day + 2 * groups}
 * parameters instead of the {@code 7 * day} of a weekly seasonal component: with three weeks of history a weekly
 * component's value at each half hour is the mean of three samples, so its noise nearly matches weekly
 * seasonal-naive's; here each shape value pools every day, and a group's level and amplitude every sample of its
 * days. The profile is fitted by alternating weighted least squares to the series minus its weekly moving average,
 * refitted once with STL's robustness weights, and a remainder model (AR or ETS) forecasts the series minus the
 * profile.
 *
 * <p>Days are calendar days in UTC: {@code offset} is sample 0's position in its week, in samples after Monday 00:00.
 */
public final class WeekdayProfile implements ForecastModel {
  /** Monday to Friday share one, Saturday and Sunday another. */
  static final int[] WORKING_DAYS = {0, 0, 0, 0, 0, 1, 1};
  private static final int ALTERNATIONS = 6;
  private final int day;
  private final int offset;
  private final int[] groupOf;
  private final int groups;
  private final ForecastModel remainder;

  /**
   * @param day samples per day
   * @param offset sample 0's position in the week (samples after Monday 00:00 UTC, any integer)
   * @param groupOf each weekday's group, Monday first
   */
  public WeekdayProfile(int day, int offset, int[] groupOf, ForecastModel remainder) {
    if (day < 2 || groupOf.length != 7) {
      throw new IllegalArgumentException("a day of at least 2 samples and a group for each of 7 weekdays");
    }
    this.day = day;
    this.offset = Math.floorMod(offset, 7 * day);
    this.groupOf = groupOf.clone();
    this.groups = Arrays.stream(groupOf).max().orElse(0) + 1;
    this.remainder = remainder;
  }

  @Override
  public String name() {
    return "weekday-profile(" + day + ";" + (groups == 7 ? "each day" : groups + " day groups") + ")+"
        + remainder.name();
  }

  /** Two weeks: every weekday seen twice. */
  @Override
  public int minHistory() {
    return 14 * day;
  }

  @Override
  public Forecast fit(double[] y, int horizon) {
    int n = y.length;
    double[] weights = new double[n];
    Arrays.fill(weights, 1);
    double[] trend = MovingAverage.centred(y, 7 * day);
    double[] season = profile(y, trend, weights, n + horizon);
    // As STL's robust pass: an outage or a holiday weighs less in the refit than ordinary days, and the weekly trend
    // the refit starts from sees the first fit in place of what it weighs down (an unweighted one would carry a
    // zero day into the week around it).
    double[] adjusted = new double[n];
    for (int t = 0; t < n; t++) {
      adjusted[t] = y[t] - season[t];
    }
    double[] weights2 = Mstl.bisquareWeights(adjusted, day);
    double[] cleaned = new double[n];
    for (int t = 0; t < n; t++) {
      cleaned[t] = weights2[t] * y[t] + (1 - weights2[t]) * (season[t] + trend[t]);
    }
    season = profile(cleaned, MovingAverage.centred(cleaned, 7 * day), weights2, n + horizon);
    for (int t = 0; t < n; t++) {
      adjusted[t] = y[t] - season[t];
    }
    return remainder.fit(adjusted, horizon).plus(Arrays.copyOfRange(season, n, n + horizon), name());
  }

  private int group(int t) {
    return groupOf[(t + offset) % (7 * day) / day];
  }

  private int phase(int t) {
    return (t + offset) % day;
  }

  /**
   * The profile fitted to {@code y} minus its weekly moving average {@code trend}, at samples 0 to {@code length - 1}
   * (past the history: the forecast's season).
   */
  private double[] profile(double[] y, double[] trend, double[] w, int length) {
    int n = y.length;
    double[] x = new double[n];
    for (int t = 0; t < n; t++) {
      x[t] = y[t] - trend[t];
    }
    double[] shape = new double[day];
    double[] level = new double[groups];
    double[] amplitude = new double[groups];
    Arrays.fill(amplitude, 1);
    fitShape(x, w, level, amplitude, shape);
    for (int it = 0; it < ALTERNATIONS; it++) {
      fitGroups(x, w, shape, level, amplitude);
      fitShape(x, w, level, amplitude, shape);
    }
    double[] out = new double[length];
    for (int t = 0; t < length; t++) {
      int g = group(t);
      out[t] = level[g] + amplitude[g] * shape[phase(t)];
    }
    return out;
  }

  /** Each group's level and amplitude: weighted least squares of its samples on the shape. */
  private void fitGroups(double[] x, double[] w, double[] shape, double[] level, double[] amplitude) {
    double[] sw = new double[groups];
    double[] ss = new double[groups];
    double[] sx = new double[groups];
    double[] sss = new double[groups];
    double[] ssx = new double[groups];
    for (int t = 0; t < x.length; t++) {
      int g = group(t);
      double s = shape[phase(t)];
      sw[g] += w[t];
      ss[g] += w[t] * s;
      sx[g] += w[t] * x[t];
      sss[g] += w[t] * s * s;
      ssx[g] += w[t] * s * x[t];
    }
    for (int g = 0; g < groups; g++) {
      if (sw[g] <= 0) {
        continue; // no day of this group in the history: keep the shape as it is
      }
      double var = sss[g] - ss[g] * ss[g] / sw[g];
      amplitude[g] = var > 1e-12 * Math.max(1, sss[g]) ? (ssx[g] - ss[g] * sx[g] / sw[g]) / var : 1;
      level[g] = (sx[g] - amplitude[g] * ss[g]) / sw[g];
    }
  }

  /**
   * The shape at each time of day given the groups' levels and amplitudes, then normalised: zero mean (the level moves
   * into the groups) and amplitudes averaging one (the scale moves into the shape), so the split is unique.
   */
  private void fitShape(double[] x, double[] w, double[] level, double[] amplitude, double[] shape) {
    double[] num = new double[day];
    double[] den = new double[day];
    for (int t = 0; t < x.length; t++) {
      int g = group(t);
      int h = phase(t);
      num[h] += w[t] * amplitude[g] * (x[t] - level[g]);
      den[h] += w[t] * amplitude[g] * amplitude[g];
    }
    for (int h = 0; h < day; h++) {
      shape[h] = den[h] > 0 ? num[h] / den[h] : 0;
    }
    double mean = Arrays.stream(shape).average().orElse(0);
    double scale = Arrays.stream(amplitude).average().orElse(1);
    if (!Double.isFinite(scale) || Math.abs(scale) < 1e-9) {
      scale = 1;
    }
    for (int h = 0; h < day; h++) {
      shape[h] = (shape[h] - mean) * scale;
    }
    for (int g = 0; g < groups; g++) {
      level[g] += amplitude[g] * mean;
      amplitude[g] /= scale;
    }
  }
}
