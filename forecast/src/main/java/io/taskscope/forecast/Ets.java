package io.taskscope.forecast;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Additive Holt-Winters with damped trend, ETS(A,Ad,A), in error-correction form; without season ({@code period ==
 * 0}) ETS(A,Ad,N), without trend ETS(A,N,A) or simple exponential smoothing ETS(A,N,N). Smoothing parameters minimise
 * the in-sample one-step squared error with commons-math3's BOBYQA (Brent when alpha is the only one). Intervals
 * are the model's own: one-step residual variance times {@code 1 + sum c_j^2} with
 * {@code c_j = alpha + beta * (phi + ... + phi^j) + gamma * [j mod m == 0]} (Hyndman et al. 2008, class 1).
 */
public final class Ets implements ForecastModel {
  private static final double PHI_MIN = 0.8;
  private static final double PHI_MAX = 0.98;
  private final int period;
  private final boolean trend;

  /** Damped-trend ETS with season {@code period} (0: none). */
  public Ets(int period) {
    this(period, true);
  }

  /** ETS with season {@code period} (0: none), with a damped trend or none: ETS(A,N,*) is simple smoothing. */
  public Ets(int period, boolean trend) {
    this.period = period;
    this.trend = trend;
  }

  @Override
  public String name() {
    return "ets-A" + (trend ? "Ad" : "N") + (period > 1 ? "A(" + period + ")" : "N");
  }

  @Override
  public int minHistory() {
    return period > 1 ? 2 * period : 4;
  }

  /** Parameters and final state of a fit. */
  record Fit(double alpha, double beta, double gamma, double phi, double level, double trend, double[] season,
      double sigma) {}

  @Override
  public Forecast fit(double[] y, int horizon) {
    return forecast(fitParameters(y), y.length, horizon);
  }

  Fit fitParameters(double[] y) {
    boolean seasonal = period > 1;
    // beta and gamma are fitted as fractions of their admissible ranges (beta < alpha, gamma < 1 - alpha), so that
    // BOBYQA's box bounds are the whole constraint set.
    // The free parameters, in order: alpha, [beta / alpha, phi if trend], [gamma / (1 - alpha) if seasonal].
    int dims = 1 + (trend ? 2 : 0) + (seasonal ? 1 : 0);
    double[] lower = new double[dims];
    double[] upper = new double[dims];
    double[] start = new double[dims];
    java.util.Arrays.fill(lower, 1e-4);
    java.util.Arrays.fill(upper, 0.999);
    java.util.Arrays.fill(start, 0.1);
    start[0] = 0.3;
    if (trend) {
      lower[2] = PHI_MIN;
      upper[2] = PHI_MAX;
      start[2] = 0.9;
    }
    MultivariateFunction sse = x -> run(y, full(x), null);
    double[] best = start;
    try {
      if (dims == 1) {
        best = new double[] {new BrentOptimizer(1e-6, 1e-8).optimize(new MaxEval(200),
            new UnivariateObjectiveFunction(a -> sse.value(new double[] {a})), GoalType.MINIMIZE,
            new SearchInterval(lower[0], upper[0], start[0])).getPoint()};
      } else {
        PointValuePair opt = new BOBYQAOptimizer(2 * dims + 1, 0.05, 1e-5).optimize(new MaxEval(2000),
            new ObjectiveFunction(sse), GoalType.MINIMIZE, new InitialGuess(start), new SimpleBounds(lower, upper));
        best = opt.getPoint();
      }
    } catch (RuntimeException e) {
      // Non-convergence keeps the starting parameters: a usable if unoptimised model, which the backtest will judge.
    }
    best = full(best);
    double[][] state = new double[2][];
    run(y, best, state);
    // The variance comes from the steps after the cycles that set the initial season: on those the season was fitted
    // to the very errors it is judged by, which would make the intervals too narrow.
    double ss = state[1][0];
    int counted = (int) state[1][1];
    int k = dims + 2;
    double sigma = Math.sqrt(ss / Math.max(1, counted - k));
    double alpha = best[0];
    double beta = alpha * best[1];
    double gamma = (1 - alpha) * best[2];
    double phi = best[3];
    double[] s = state[0];
    return new Fit(alpha, beta, gamma, phi, s[0], s[1], seasonal ? java.util.Arrays.copyOfRange(s, 2, s.length)
        : new double[0], sigma);
  }

  /** Expands the free parameters to {alpha, beta / alpha, gamma / (1 - alpha), phi}; no trend is phi = 0. */
  private double[] full(double[] x) {
    boolean seasonal = period > 1;
    double bRel = trend ? x[1] : 0;
    double phi = trend ? x[2] : 0;
    double gRel = seasonal ? x[trend ? 3 : 1] : 0;
    return new double[] {x[0], bRel, gRel, phi};
  }

  /** Runs the recursion; returns the one-step SSE and, if asked, the final [level, trend, season...] state. */
  private double run(double[] y, double[] x, double[][] finalState) {
    boolean seasonal = period > 1;
    double alpha = x[0];
    double beta = alpha * x[1];
    // With phi = 0 (no trend) the trend term vanishes whatever beta is.
    double gamma = (1 - alpha) * x[2];
    double phi = x[3];
    int n = y.length;
    double[] season = seasonal ? initialSeason(y) : new double[0];
    double level;
    double trend;
    if (seasonal) {
      level = mean(y, 0, period);
      trend = this.trend ? (mean(y, period, 2 * period) - level) / period : 0;
    } else {
      int w = Math.min(10, n - 1);
      level = y[0];
      trend = this.trend && w > 0 ? (y[w] - y[0]) / w : 0;
    }
    double sse = 0;
    double tailSse = 0;
    int skip = seasonal ? Math.min(initCycles(n) * period, n / 2) : 0;
    for (int t = 0; t < n; t++) {
      double s = seasonal ? season[t % period] : 0;
      double e = y[t] - (level + phi * trend + s);
      sse += e * e;
      if (t >= skip) {
        tailSse += e * e;
      }
      double newLevel = level + phi * trend + alpha * e;
      trend = phi * trend + beta * e;
      level = newLevel;
      if (seasonal) {
        season[t % period] = s + gamma * e;
      }
    }
    if (finalState != null) {
      double[] st = new double[2 + season.length];
      st[0] = level;
      st[1] = trend;
      // Rotated so that st[2 + i] is the season of step n + i.
      for (int i = 0; i < season.length; i++) {
        st[2 + i] = season[(n + i) % period];
      }
      finalState[0] = st;
      finalState[1] = new double[] {tailSse, n - skip};
    }
    return Double.isFinite(sse) ? sse : Double.MAX_VALUE;
  }

  private int initCycles(int n) {
    return Math.max(1, Math.min(2, n / period));
  }

  /** Mean of the first two cycles, each taken relative to its own mean, so one odd cycle does not set the shape. */
  private double[] initialSeason(double[] y) {
    int cycles = initCycles(y.length);
    double[] s = new double[period];
    for (int c = 0; c < cycles; c++) {
      double m = mean(y, c * period, (c + 1) * period);
      for (int i = 0; i < period; i++) {
        s[i] += (y[c * period + i] - m) / cycles;
      }
    }
    return s;
  }

  Forecast forecast(Fit f, int n, int horizon) {
    double[] point = new double[horizon];
    double[] sd = new double[horizon];
    double phiSum = 0;
    double phiPow = 1;
    double var = 0;
    for (int i = 0; i < horizon; i++) {
      int h = i + 1;
      phiPow *= f.phi();
      phiSum += phiPow;
      double s = period > 1 ? f.season()[i % period] : 0;
      point[i] = f.level() + phiSum * f.trend() + s;
      sd[i] = f.sigma() * Math.sqrt(1 + var);
      // c_h for the next step's variance term: phi_h = phi + ... + phi^h.
      double c = f.alpha() + f.beta() * phiSum + (period > 1 && h % period == 0 ? f.gamma() : 0);
      var += c * c;
    }
    return Forecast.gaussian(name(), point, sd);
  }

  static double mean(double[] y, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += y[i];
    }
    return s / (to - from);
  }
}
