package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.testkit.TelemetryShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeekdayProfileTest {
  private static final int DAY = Synthetic.DAY;
  /** Three weeks and five days from a Monday: the next day is a Saturday. */
  private static final int N = 26 * DAY;
  private static final TelemetryShape SHAPE = Synthetic.shape().daily(20).weekly(15).noise(0.05);

  private static ForecastModel profile(int offset) {
    return new WeekdayProfile(DAY, offset, WeekdayProfile.WORKING_DAYS, new Autoregressive(12));
  }

  /** Largest gap between the forecast of the day after {@code N} samples and the shape's noise-free values. */
  private static double worstError(double[] history, ForecastModel m) {
    double[] point = m.fit(history, DAY).point();
    double worst = 0;
    for (int i = 0; i < DAY; i++) {
      worst = Math.max(worst, Math.abs(point[i] - SHAPE.mean(N + i)));
    }
    return worst;
  }

  @Test
  void forecastsASaturdayFromWorkingDaysAndPastWeekends() {
    double[] y = SHAPE.values(N, 1);
    // The weekend is the working days' shape at 30 % and 21 lower: only its own level and amplitude forecast it.
    assertThat(worstError(y, profile(0))).isLessThan(0.5);
    // Daily seasonal-naive repeats Friday: off by the weekend's whole difference.
    double[] friday = new SeasonalNaive(DAY, "daily").fit(y, DAY).point();
    assertThat(Math.abs(friday[DAY / 4] - SHAPE.mean(N + DAY / 4))).isGreaterThan(15);
  }

  @Test
  void theCalendarComesFromTheOffset() {
    double[] y = SHAPE.values(N, 2);
    // Told the series began on a Wednesday, the model sees weekends on the wrong days and forecasts a working day.
    assertThat(worstError(y, profile(2 * DAY))).isGreaterThan(10);
    // The same series shifted by a day and a half, with the offset to match, forecasts as well as the original.
    int shift = DAY + DAY / 2;
    double[] later = new double[N];
    for (int t = 0; t < N; t++) {
      later[t] = t + shift < N ? y[t + shift] : SHAPE.mean(t + shift);
    }
    double[] point = profile(shift).fit(Arrays.copyOf(later, N - shift), DAY).point();
    assertThat(Math.abs(point[shift % DAY] - SHAPE.mean(N + shift % DAY))).isLessThan(0.5);
  }

  @Test
  void anOutageDayBarelyMovesTheProfile() {
    double[] y = SHAPE.values(N, 3);
    Arrays.fill(y, 9 * DAY, 10 * DAY, 0); // a Wednesday reads zero all day
    // Within 2 % of the level all the next Saturday; without the robust refit the zero day cost 7.6.
    assertThat(worstError(y, profile(0))).isLessThan(2.5);
  }

  @Test
  void needsTwoWeeksAndSevenGroups() {
    assertThat(profile(0).minHistory()).isEqualTo(14 * DAY);
    assertThatThrownBy(() -> new WeekdayProfile(DAY, 0, new int[] {0, 1}, new Ets(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(profile(-DAY).name()).isEqualTo("weekday-profile(48;2 day groups)+ar(<=12)");
  }
}
