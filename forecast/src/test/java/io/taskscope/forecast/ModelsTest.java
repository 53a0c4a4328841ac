package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskscope.testkit.TelemetryShape;
import org.junit.jupiter.api.Test;

/** Each model on series where the right answer is known. */
class ModelsTest {
  private static final int H = 48;

  private static double holdoutSmape(ForecastModel m, double[] y, int n) {
    return Accuracy.smape(Synthetic.tail(y, n, H), m.fit(Synthetic.head(y, n), H).point());
  }

  @Test
  void seasonalNaiveRepeatsAPureSeasonExactly() {
    double[] y = Synthetic.shape().daily(20).values(10 * Synthetic.DAY, 1);
    Forecast f = new SeasonalNaive(Synthetic.DAY, "daily").fit(Synthetic.head(y, 8 * Synthetic.DAY), 2 * H);
    for (int i = 0; i < 2 * H; i++) {
      assertThat(f.point()[i]).isEqualTo(y[8 * Synthetic.DAY + i]);
    }
    // No seasonal change in the history: zero-width intervals.
    assertThat(f.upper95()[0] - f.lower95()[0]).isCloseTo(0, within(1e-9));
  }

  @Test
  void holtWintersBeatsSeasonalNaiveOnTrendPlusSeason() {
    TelemetryShape s = Synthetic.shape().trend(0.2).daily(20).noise(2);
    double[] y = s.values(14 * Synthetic.DAY + H, 2);
    int n = 14 * Synthetic.DAY;
    double hw = holdoutSmape(new Ets(Synthetic.DAY), y, n);
    double sn = holdoutSmape(new SeasonalNaive(Synthetic.DAY, "daily"), y, n);
    assertThat(hw).isLessThan(sn * 0.8);
  }

  @Test
  void holtWintersWithoutSeasonFollowsALinearTrend() {
    double[] y = new double[200];
    for (int t = 0; t < y.length; t++) {
      y[t] = 10 + 0.5 * t;
    }
    Forecast f = new Ets(0).fit(y, 5);
    assertThat(f.point()[0]).isCloseTo(10 + 0.5 * 200, within(0.5));
  }

  @Test
  void mstlBeatsSingleSeasonModelsOnDailyPlusWeekly() {
    TelemetryShape s = Synthetic.shape().daily(20).weekly(15).noise(1.5).trend(0.01);
    int n = 4 * Synthetic.WEEK;
    // Origin on a Friday evening so the horizon crosses into the weekend, which one daily season cannot foresee.
    int origin = n + 4 * Synthetic.DAY + 36;
    double[] y = s.values(origin + H, 3);
    double mstl = holdoutSmape(new Mstl(new int[] {Synthetic.DAY, Synthetic.WEEK}, new int[] {11, 15}, true), y, origin);
    double hw = holdoutSmape(new Ets(Synthetic.DAY), y, origin);
    double snDaily = holdoutSmape(new SeasonalNaive(Synthetic.DAY, "daily"), y, origin);
    assertThat(mstl).isLessThan(hw).isLessThan(snDaily);
  }

  @Test
  void fallbackIsTheMedianOfTheWindow() {
    double[] y = {1, 2, 3, 100, 4, 5, 6};
    Forecast f = new RobustFallback(5).fit(y, 3);
    assertThat(f.point()).containsExactly(5, 5, 5);
    assertThat(f.lower80()[0]).isLessThan(5);
  }
}
