package io.taskscope.forecast;

import java.util.Arrays;

/**
 * The model of last resort: a flat forecast at the median of the last {@code window} samples, which a spike or a
 * short outage cannot pull far. Intervals: 1.4826 × the median absolute deviation over that window (a robust standard
 * deviation), constant over the horizon, since the model claims no dynamics.
 */
public final class RobustFallback implements ForecastModel {
  private final int window;

  public RobustFallback(int window) {
    this.window = Math.max(1, window);
  }

  @Override
  public String name() {
    return "fallback-median(" + window + ")";
  }

  @Override
  public int minHistory() {
    return 1;
  }

  @Override
  public Forecast fit(double[] y, int horizon) {
    int w = Math.min(window, y.length);
    double[] last = Arrays.copyOfRange(y, y.length - w, y.length);
    double median = median(last);
    double[] dev = new double[w];
    for (int i = 0; i < w; i++) {
      dev[i] = Math.abs(last[i] - median);
    }
    double sigma = 1.4826 * median(dev);
    double[] point = new double[horizon];
    double[] sd = new double[horizon];
    Arrays.fill(point, median);
    Arrays.fill(sd, sigma);
    return Forecast.gaussian(name(), point, sd);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
