package io.taskscope.forecast;

/** Centred moving averages, the trend filter that removes a season of the averaging period. */
final class MovingAverage {
  private MovingAverage() {}

  /**
   * The centred moving average over {@code m} samples (a 2×m average when {@code m} is even, so it stays centred).
   * The first and last half-windows, where the window does not fit, continue the slope of the nearest half-window of
   * full-window values: a truncated window would let the season leak into the trend, a flat end would bend a trend
   * into the last cycle's season (on R's taylor data the flat end cost 0.08 sMAPE points).
   */
  static double[] centred(double[] x, int m) {
    int n = x.length;
    double[] out = new double[n];
    if (m < 2 || n < m + 1) {
      double mean = Ets.mean(x, 0, n);
      java.util.Arrays.fill(out, mean);
      return out;
    }
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + x[i];
    }
    int half = m / 2;
    int first = half;
    int last = n - 1 - half;
    for (int t = first; t <= last; t++) {
      if (m % 2 == 1) {
        out[t] = (prefix[t + half + 1] - prefix[t - half]) / m;
      } else {
        // Average of the two m-windows [t-half, t+half) and [t-half+1, t+half].
        double a = (prefix[t + half] - prefix[t - half]) / m;
        double b = (prefix[t + half + 1] - prefix[t - half + 1]) / m;
        out[t] = (a + b) / 2;
      }
    }
    int k = Math.min(half, last - first);
    double slopeStart = k > 0 ? (out[first + k] - out[first]) / k : 0;
    double slopeEnd = k > 0 ? (out[last] - out[last - k]) / k : 0;
    for (int t = 0; t < first; t++) {
      out[t] = out[first] - slopeStart * (first - t);
    }
    for (int t = last + 1; t < n; t++) {
      out[t] = out[last] + slopeEnd * (t - last);
    }
    return out;
  }
}
