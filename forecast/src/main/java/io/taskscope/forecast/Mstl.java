package io.taskscope.forecast;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Multiple seasonality in the manner of MSTL (Bandara et al. 2021) and R's {@code stlf}: each seasonal component is
 * extracted in turn from the series minus the others (shortest period first, iterated), damped-trend ETS forecasts
 * the seasonally adjusted series, and each component's last shape is carried forward.
 *
 * <p>Seasonal extraction is moving-average based: a centred moving average over one period removes that season from
 * the trend; each phase's seasonal value is the weighted mean of its detrended cycle-subseries, where a cycle
 * {@code k} cycles before the last weighs {@code decay^k}. {@code decay = 1} is STL's "periodic" window; smaller
 * values let the shape drift like a short loess window. Intervals are those of the ETS on the adjusted series (the
 * seasonal shape is treated as known).
 */
public final class Mstl implements ForecastModel {
  private static final int ITERATIONS = 2;
  private final int[] periods;
  private final double decay;

  public Mstl(int[] periods, double decay) {
    this.periods = periods.clone();
    Arrays.sort(this.periods);
    this.decay = decay;
  }

  @Override
  public String name() {
    return "mstl(" + Arrays.stream(periods).mapToObj(Integer::toString).collect(Collectors.joining(","))
        + ";decay=" + decay + ")+ets-AAdN";
  }

  @Override
  public int minHistory() {
    return 2 * periods[periods.length - 1];
  }

  @Override
  public Forecast fit(double[] y, int horizon) {
    int n = y.length;
    double[][] shapes = new double[periods.length][];
    double[][] components = new double[periods.length][n];
    for (int it = 0; it < ITERATIONS; it++) {
      for (int p = 0; p < periods.length; p++) {
        double[] x = y.clone();
        for (int q = 0; q < periods.length; q++) {
          if (q != p) {
            for (int t = 0; t < n; t++) {
              x[t] -= components[q][t];
            }
          }
        }
        shapes[p] = seasonalShape(x, periods[p]);
        for (int t = 0; t < n; t++) {
          components[p][t] = shapes[p][t % periods[p]];
        }
      }
    }
    double[] adjusted = y.clone();
    for (double[] c : components) {
      for (int t = 0; t < n; t++) {
        adjusted[t] -= c[t];
      }
    }
    double[] future = new double[horizon];
    for (int p = 0; p < periods.length; p++) {
      for (int i = 0; i < horizon; i++) {
        future[i] += shapes[p][(n + i) % periods[p]];
      }
    }
    return new Ets(0).fit(adjusted, horizon).plus(future, name());
  }

  /** The zero-mean seasonal shape of period {@code m}, indexed by {@code t mod m}. */
  private double[] seasonalShape(double[] x, int m) {
    int n = x.length;
    double[] trend = MovingAverage.centred(x, m);
    double[] sum = new double[m];
    double[] weight = new double[m];
    int lastCycle = (n - 1) / m;
    for (int t = 0; t < n; t++) {
      double w = Math.pow(decay, lastCycle - t / m);
      sum[t % m] += w * (x[t] - trend[t]);
      weight[t % m] += w;
    }
    double mean = 0;
    for (int i = 0; i < m; i++) {
      sum[i] /= weight[i];
      mean += sum[i] / m;
    }
    for (int i = 0; i < m; i++) {
      sum[i] -= mean;
    }
    return sum;
  }
}
