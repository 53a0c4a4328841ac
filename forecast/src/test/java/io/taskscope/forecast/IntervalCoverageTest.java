package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.testkit.TelemetryShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prediction intervals on simulated noise: over many draws (fixed seed) the 80 % interval must cover 70–90 % of the
 * outcomes and the 95 % interval 90–99 %.
 */
class IntervalCoverageTest {
  private static final int DRAWS = 60;

  private static double[] coverage(ForecastModel model, java.util.function.LongFunction<double[]> series, int n,
      int h) {
    int in80 = 0;
    int in95 = 0;
    int total = 0;
    for (int d = 0; d < DRAWS; d++) {
      double[] y = series.apply(1000 + d);
      Forecast f = model.fit(Synthetic.head(y, n), h);
      double[] actual = Synthetic.tail(y, n, h);
      in80 += Math.round(Accuracy.coverage(actual, f.lower80(), f.upper80()) * h);
      in95 += Math.round(Accuracy.coverage(actual, f.lower95(), f.upper95()) * h);
      total += h;
    }
    double[] c = {(double) in80 / total, (double) in95 / total};
    System.out.printf("coverage %s: 80%% -> %.3f, 95%% -> %.3f%n", model.name(), c[0], c[1]);
    return c;
  }

  @Test
  void seasonalNaiveOnSeasonPlusNoise() {
    TelemetryShape s = Synthetic.shape().daily(10).noise(2);
    double[] c = coverage(new SeasonalNaive(Synthetic.DAY, "daily"), seed -> s.values(6 * Synthetic.DAY, seed),
        5 * Synthetic.DAY, Synthetic.DAY);
    assertThat(c[0]).isBetween(0.70, 0.90);
    assertThat(c[1]).isBetween(0.90, 0.99);
  }

  @Test
  void dampedHoltWintersOnTrendSeasonPlusNoise() {
    TelemetryShape s = Synthetic.shape().daily(10).trend(0.05).noise(2);
    double[] c = coverage(new Ets(Synthetic.DAY), seed -> s.values(6 * Synthetic.DAY, seed), 5 * Synthetic.DAY, 12);
    assertThat(c[0]).isBetween(0.70, 0.90);
    assertThat(c[1]).isBetween(0.90, 0.99);
  }

  @Test
  void dampedHoltOnARandomWalk() {
    java.util.function.LongFunction<double[]> walk = seed -> {
      Random r = new Random(seed);
      double[] y = new double[300];
      y[0] = 50;
      for (int t = 1; t < y.length; t++) {
        y[t] = y[t - 1] + r.nextGaussian();
      }
      return y;
    };
    double[] c = coverage(new Ets(0), walk, 280, 10);
    assertThat(c[0]).isBetween(0.70, 0.90);
    assertThat(c[1]).isBetween(0.90, 0.99);
  }
}
