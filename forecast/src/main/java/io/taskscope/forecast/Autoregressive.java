package io.taskscope.forecast;

/**
 * A stationary AR(p) around the history's mean, order 0..{@code maxOrder} chosen by AIC, coefficients by Burg's
 * method. Meant for what is left of a series once its seasons are taken out ({@link Mstl}'s adjusted series), as R's
 * {@code stlf(method = "arima")} does: short-run structure that a smoothed level cannot carry, e.g. an oscillation
 * that is not locked to the day (the demo's exporters average a few-minute wave into 30-minute samples, which leaves a
 * ripple of a few samples' period), is forecast on, and what is not predictable decays to the mean instead of
 * staying at the last, noisy level. Burg's estimates always give a stationary model (every reflection coefficient
 * below 1 in magnitude), so a forecast a day ahead cannot explode. Intervals: residual variance times the sum of
 * squared psi-weights.
 */
public final class Autoregressive implements ForecastModel {
  private final int maxOrder;

  public Autoregressive(int maxOrder) {
    this.maxOrder = maxOrder;
  }

  @Override
  public String name() {
    return "ar(<=" + maxOrder + ")";
  }

  @Override
  public int minHistory() {
    return 4 * maxOrder + 8;
  }

  @Override
  public Forecast fit(double[] y, int horizon) {
    int n = y.length;
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    double[] f = new double[n];
    double[] b = new double[n];
    double e = 0;
    for (int t = 0; t < n; t++) {
      f[t] = y[t] - mean;
      b[t] = f[t];
      e += f[t] * f[t] / n;
    }
    // Burg's recursion on a[] with x_t + a_1 x_{t-1} + ... + a_m x_{t-m} = e_t, keeping the order of least AIC.
    double[] a = new double[maxOrder + 1];
    double[] best = new double[0];
    double bestVar = e;
    double bestAic = n * Math.log(Math.max(e, 1e-300));
    for (int m = 1; m <= maxOrder && e > 0; m++) {
      double num = 0;
      double den = 0;
      for (int t = m; t < n; t++) {
        num += f[t] * b[t - 1];
        den += f[t] * f[t] + b[t - 1] * b[t - 1];
      }
      if (den == 0) {
        break;
      }
      double k = -2 * num / den;
      double[] prev = a.clone();
      for (int i = 1; i < m; i++) {
        a[i] = prev[i] + k * prev[m - i];
      }
      a[m] = k;
      for (int t = n - 1; t >= m; t--) { // downwards, so b[t - 1] is still the previous order's
        double ft = f[t];
        f[t] = ft + k * b[t - 1];
        b[t] = b[t - 1] + k * ft;
      }
      e *= 1 - k * k;
      double aic = n * Math.log(Math.max(e, 1e-300)) + 2 * m;
      if (aic < bestAic) {
        bestAic = aic;
        bestVar = e;
        best = new double[m];
        for (int i = 0; i < m; i++) {
          best[i] = -a[i + 1]; // phi_i
        }
      }
    }
    int p = best.length;
    double[] x = new double[p + horizon]; // the last p deviations, then the forecasts
    for (int i = 0; i < p; i++) {
      x[i] = y[n - p + i] - mean;
    }
    double[] psi = new double[horizon];
    double[] point = new double[horizon];
    double[] sd = new double[horizon];
    double acc = 0;
    for (int h = 0; h < horizon; h++) {
      double v = 0;
      double w = h == 0 ? 1 : 0;
      for (int i = 1; i <= p; i++) {
        v += best[i - 1] * x[p + h - i];
        if (h - i >= 0) {
          w += best[i - 1] * psi[h - i];
        }
      }
      x[p + h] = v;
      psi[h] = w;
      acc += w * w;
      point[h] = mean + v;
      sd[h] = Math.sqrt(bestVar * acc);
    }
    return Forecast.gaussian(name() + "=ar(" + p + ")", point, sd);
  }
}
