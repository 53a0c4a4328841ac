package io.taskscope.forecast;

/**
 * Repeats the last full season. Intervals: standard deviation of in-sample seasonal differences, scaled by
 * {@code sqrt(k + 1)} for the {@code k}-th repetition of the season, as the seasonal random walk implies (and as R's
 * {@code snaive} does).
 */
public final class SeasonalNaive implements ForecastModel {
  private final int period;
  private final String label;

  public SeasonalNaive(int period, String label) {
    if (period < 1) {
      throw new IllegalArgumentException("period must be >= 1: " + period);
    }
    this.period = period;
    this.label = label;
  }

  @Override
  public String name() {
    return "snaive-" + label + "(" + period + ")";
  }

  @Override
  public int minHistory() {
    return 2 * period;
  }

  @Override
  public Forecast fit(double[] y, int horizon) {
    int n = y.length;
    double ss = 0;
    for (int t = period; t < n; t++) {
      double d = y[t] - y[t - period];
      ss += d * d;
    }
    double sigma = n > period ? Math.sqrt(ss / (n - period)) : 0;
    double[] point = new double[horizon];
    double[] sd = new double[horizon];
    for (int i = 0; i < horizon; i++) {
      int k = i / period;
      point[i] = y[n - period + (i % period)];
      sd[i] = sigma * Math.sqrt(k + 1);
    }
    return Forecast.gaussian(name(), point, sd);
  }
}
