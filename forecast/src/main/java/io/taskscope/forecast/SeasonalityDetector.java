package io.taskscope.forecast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds which calendar seasons (daily, weekly) a series has, from its autocorrelation at those lags. The lags follow
 * from the step, so nothing assumes a sampling rate. A season counts when the autocorrelation of the detrended series
 * at its lag reaches {@link #THRESHOLD}; the weekly lag, a multiple of the daily one, must also leave at most
 * {@link #WEEKLY_RESIDUAL} of what the daily lag leaves unexplained ({@code 1 - acf}), or it only repeats the daily
 * pattern.
 */
public final class SeasonalityDetector {
  static final double THRESHOLD = 0.3;
  static final double WEEKLY_RESIDUAL = 0.8;

  /** A candidate season: its name and its length in steps. */
  public record Season(String name, int period, double acf) {}

  private SeasonalityDetector() {}

  /** The period in steps of a calendar season, or 0 when the step does not divide it or it is under two steps. */
  public static int periodOf(Duration season, Duration step) {
    long s = season.toMillis();
    long st = step.toMillis();
    if (st <= 0 || s % st != 0 || s / st < 2 || s / st > Integer.MAX_VALUE) {
      return 0;
    }
    return (int) (s / st);
  }

  /** Seasons found in {@code y} (gap-free), shortest first; each needs at least two whole periods of data. */
  public static List<Season> detect(double[] y, Duration step) {
    return detect(y, step, true);
  }

  /**
   * As {@link #detect(double[], Duration)}; {@code beyondDaily = false} drops the weekly season's test against the
   * daily lag, for callers that let a backtest judge whether the weekly season adds anything.
   */
  public static List<Season> detect(double[] y, Duration step, boolean beyondDaily) {
    int day = periodOf(Duration.ofDays(1), step);
    int week = periodOf(Duration.ofDays(7), step);
    boolean dayFits = day > 0 && y.length >= 2 * day;
    boolean weekFits = week > 0 && y.length >= 2 * week;
    List<Season> found = new ArrayList<>();
    if (!dayFits && !weekFits) {
      return found;
    }
    double[] detrended = y.clone();
    double[] trend = MovingAverage.centred(y, weekFits ? week : day);
    for (int i = 0; i < y.length; i++) {
      detrended[i] -= trend[i];
    }
    double acfDay = dayFits ? acf(detrended, day) : Double.NaN;
    if (dayFits && acfDay >= THRESHOLD) {
      found.add(new Season("daily", day, acfDay));
    }
    if (weekFits) {
      double acfWeek = acf(detrended, week);
      boolean distinct = !beyondDaily || !(acfDay >= THRESHOLD) || 1 - acfWeek <= WEEKLY_RESIDUAL * (1 - acfDay);
      if (acfWeek >= THRESHOLD && distinct) {
        found.add(new Season("weekly", week, acfWeek));
      }
    }
    return found;
  }

  static double acf(double[] x, int lag) {
    int n = x.length;
    double mean = Ets.mean(x, 0, n);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - mean;
      den += d * d;
      if (i + lag < n) {
        num += d * (x[i + lag] - mean);
      }
    }
    return den == 0 ? 0 : num / den;
  }
}
