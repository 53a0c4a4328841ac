package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.forecast.Preparation.CounterMode;
import io.taskscope.testkit.TelemetryShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's accuracy check on synthetic telemetry (daily + weekly seasons, trend, noise, gaps, counter resets,
 * level shifts): the chosen model's sMAPE against weekly seasonal-naive on the same prepared history, over several
 * origins, scored against the noise-free-of-defects truth. Target: chosen ≤ 0.8 × weekly seasonal-naive.
 */
class AccuracyHarnessTest {
  private static final int H = Synthetic.DAY;
  private static final int HISTORY = 5 * Synthetic.WEEK;
  private static final int ORIGINS = 4;

  /** A generated case: the truth (what the forecast is scored on) and the raw series the collector would see. */
  private interface Case {
    double[] truth();

    double[] raw(int origin);

    CounterMode mode();
  }

  private static double[] withGaps(double[] v, long seed) {
    double[] g = v.clone();
    Random r = new Random(seed);
    for (int i = 0; i < 30; i++) {
      g[r.nextInt(g.length)] = Double.NaN;
    }
    // One long outage (half a day) two weeks in.
    Arrays.fill(g, 2 * Synthetic.WEEK + 10, 2 * Synthetic.WEEK + 34, Double.NaN);
    return g;
  }

  private static Case gauge(double[] truth, long seed) {
    double[] gappy = withGaps(truth, seed);
    return new Case() {
      public double[] truth() {
        return truth;
      }

      public double[] raw(int origin) {
        return Arrays.copyOf(gappy, origin);
      }

      public CounterMode mode() {
        return CounterMode.GAUGE;
      }
    };
  }

  /** A counter whose per-step increase is {@code rate}; it restarts from 0 on day 10 and day 25. */
  private static Case counter(double[] rate) {
    double[] total = new double[rate.length];
    double sum = 0;
    for (int t = 0; t < rate.length; t++) {
      if (t == 10 * Synthetic.DAY || t == 25 * Synthetic.DAY) {
        sum = 0;
      }
      sum += rate[t];
      total[t] = sum;
    }
    double[] increases = Arrays.copyOfRange(rate, 1, rate.length);
    return new Case() {
      public double[] truth() {
        // Increase per step, as RATE preparation forecasts it; index shifted by the first sample.
        return increases;
      }

      public double[] raw(int origin) {
        return Arrays.copyOf(total, origin + 1);
      }

      public CounterMode mode() {
        return CounterMode.RATE;
      }
    };
  }

  private static double[] levelShift(double[] v, int at, double factor) {
    double[] s = v.clone();
    for (int t = at; t < s.length; t++) {
      s[t] *= factor;
    }
    return s;
  }

  private static double[] ratio(String label, Case c) {
    double chosen = 0;
    double snaive = 0;
    double cover80 = 0;
    String model = "";
    for (int k = 0; k < ORIGINS; k++) {
      int origin = HISTORY + k * 30;
      ModelSelector.Selection s = new ModelSelector().select(Synthetic.series(c.raw(origin)),
          new Preparation.Options(c.mode(), 6), H);
      double[] actual = Arrays.copyOfRange(c.truth(), origin, origin + H);
      double[] hist = s.history().values();
      chosen += Accuracy.smape(actual, s.forecast().point()) / ORIGINS;
      snaive += Accuracy.smape(actual, new SeasonalNaive(Synthetic.WEEK, "weekly").fit(hist, H).point()) / ORIGINS;
      cover80 += Accuracy.coverage(actual, s.forecast().lower80(), s.forecast().upper80()) / ORIGINS;
      model = s.model();
    }
    System.out.printf("harness %-22s chosen %.3f  snaive-weekly %.3f  ratio %.3f  80%% coverage %.2f  (%s)%n", label,
        chosen, snaive, chosen / snaive, cover80, model);
    return new double[] {chosen, snaive};
  }

  @Test
  void chosenModelBeatsWeeklySeasonalNaiveByAFifth() {
    int n = HISTORY + ORIGINS * 30 + H + 2;
    TelemetryShape cpu = Synthetic.shape().level(40).daily(15).weekly(8).trend(0.004).noise(1.5);
    double[] cpuTruth = cpu.values(n, 11);
    TelemetryShape mem = Synthetic.shape().level(500).daily(40).weekly(30).trend(0.05).noise(6);
    double[] memTruth = levelShift(mem.values(n, 12), HISTORY - 3 * Synthetic.DAY, 1.25);
    TelemetryShape net = Synthetic.shape().level(200).daily(80).weekly(40).noise(10);
    double[] netRate = net.values(n, 13);
    double[][] r = {
        ratio("cpu (gaps)", gauge(cpuTruth, 21)),
        ratio("memory (level shift)", gauge(memTruth, 22)),
        ratio("network counter", counter(netRate)),
    };
    for (double[] x : r) {
      assertThat(x[0]).isLessThanOrEqualTo(0.8 * x[1]);
    }
  }
}
