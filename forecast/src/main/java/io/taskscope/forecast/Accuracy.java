package io.taskscope.forecast;

/** Forecast error measures, on the scales R's {@code forecast} package and the M-competitions use. */
public final class Accuracy {
  private Accuracy() {}

  /** Symmetric MAPE in percent: mean of {@code 200 |y - f| / (|y| + |f|)}; steps where both are 0 count as 0. */
  public static double smape(double[] actual, double[] forecast) {
    double s = 0;
    for (int i = 0; i < actual.length; i++) {
      double den = Math.abs(actual[i]) + Math.abs(forecast[i]);
      s += den == 0 ? 0 : 200 * Math.abs(actual[i] - forecast[i]) / den;
    }
    return s / actual.length;
  }

  /** Mean absolute error scaled by the in-sample mean absolute seasonal difference at lag {@code m} (1: naive). */
  public static double mase(double[] actual, double[] forecast, double[] history, int m) {
    int lag = Math.max(1, Math.min(m, history.length - 1));
    double scale = 0;
    for (int t = lag; t < history.length; t++) {
      scale += Math.abs(history[t] - history[t - lag]);
    }
    scale /= Math.max(1, history.length - lag);
    double mae = 0;
    for (int i = 0; i < actual.length; i++) {
      mae += Math.abs(actual[i] - forecast[i]);
    }
    mae /= actual.length;
    return scale == 0 ? (mae == 0 ? 0 : Double.POSITIVE_INFINITY) : mae / scale;
  }

  /** Fraction of {@code actual} inside [lower, upper]. */
  public static double coverage(double[] actual, double[] lower, double[] upper) {
    int in = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
        in++;
      }
    }
    return (double) in / actual.length;
  }
}
