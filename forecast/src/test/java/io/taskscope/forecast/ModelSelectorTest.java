package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.forecast.ModelSelector.Selection;
import io.taskscope.forecast.Preparation.Options;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelSelectorTest {
  private static Selection select(double[] y) {
    return new ModelSelector().select(Synthetic.series(y), Options.gauge(), Synthetic.DAY);
  }

  @Test
  void picksSeasonalNaiveForAnExactlyRepeatingSeason() {
    Selection s = select(Synthetic.shape().daily(20).values(10 * Synthetic.DAY, 1));
    assertThat(s.model()).startsWith("snaive-daily");
    assertThat(s.candidates()).hasSizeGreaterThan(3);
  }

  @Test
  void picksHoltWintersForTrendPlusDailySeason() {
    Selection s = select(Synthetic.shape().trend(0.2).daily(20).noise(1).values(12 * Synthetic.DAY, 2));
    // Holt-Winters or its decomposed twin (one season by STL, trend by ETS): both are the model the data came from.
    assertThat(s.model()).matches("ets-AAdA\\(48\\)|mstl\\(48;.*");
    assertThat(s.candidates()).anyMatch(c -> c.model().startsWith("snaive-weekly") && c.note().startsWith("skipped"));
  }

  @Test
  void picksAWeeklyModelForDailyPlusWeekly() {
    Selection s = select(Synthetic.shape().daily(20).weekly(15).noise(1).trend(0.01)
        .values(5 * Synthetic.WEEK, 3));
    // The backtest's days include a weekend: only a weekly season sees it coming. The synthetic weekend is the daily
    // shape scaled and shifted, exactly what the weekday profile fits; MSTL's weekly component would do as well.
    assertThat(s.model()).matches("weekday-profile\\(48;.*|mstl\\(48,336.*");
    assertThat(s.seasons()).hasSize(2);
    assertThat(s.reason()).contains("over 7 origins");
  }

  @Test
  void picksMstlWhenTheWeekIsNotOneDailyShape() {
    double[] y = new double[5 * Synthetic.WEEK];
    java.util.Random r = new java.util.Random(4);
    for (int t = 0; t < y.length; t++) {
      // a daily wave plus a weekly one that runs across the days (no day is another day scaled): MSTL's job
      y[t] = 100 + 20 * Math.sin(2 * Math.PI * t / Synthetic.DAY) + 15 * Math.sin(2 * Math.PI * t / Synthetic.WEEK)
          + 8 * Math.cos(6 * Math.PI * t / Synthetic.WEEK + 1) + r.nextGaussian();
    }
    assertThat(select(y).model()).startsWith("mstl(48,336");
  }

  @Test
  void threeWeeksBacktestAWholeWeekEvenWithoutADetectedWeeklySeason() {
    // Three weeks are too few to detect the weekly season, yet weekly models are candidates: a backtest of the last
    // three days (a Thursday to a Saturday, here) could not tell what a Sunday needs.
    Selection s = select(Synthetic.shape().daily(20).weekly(10).noise(2).values(3 * Synthetic.WEEK + 6 * Synthetic.DAY,
        5));
    assertThat(s.reason()).contains("over 7 origins");
    assertThat(s.model()).matches("weekday-profile.*|snaive-weekly.*|mstl\\(48,336.*");
  }

  @Test
  void weekOffsetIsTheFirstSamplesPlaceInItsUtcWeek() {
    Duration step = Duration.ofMinutes(30);
    assertThat(ModelSelector.weekOffset(new Series(Instant.parse("2025-01-06T00:00:00Z"), step, new double[1])))
        .isZero();
    assertThat(ModelSelector.weekOffset(new Series(Instant.parse("2025-01-08T12:00:00Z"), step, new double[1])))
        .isEqualTo(2 * 48 + 24); // Wednesday noon
    assertThat(ModelSelector.weekOffset(new Series(Instant.parse("2025-01-05T23:30:00Z"), step, new double[1])))
        .isEqualTo(7 * 48 - 1); // the Sunday before, last half hour
    assertThat(ModelSelector.weekOffset(new Series(Instant.parse("2025-01-08T12:00:00Z"), Duration.ofSeconds(7),
        new double[1]))).isZero(); // a step that does not divide a day has no calendar
  }

  @Test
  void shortSeriesFallBackWithReason() {
    Selection s = select(Synthetic.shape().daily(20).noise(1).values(60, 4));
    assertThat(s.model()).startsWith("fallback");
    assertThat(s.reason()).contains("shorter than two daily periods (60 < 96 samples)");
    assertThat(s.forecast().horizon()).isEqualTo(Synthetic.DAY);
  }

  @Test
  void constantSeriesFallBackWithReason() {
    double[] y = new double[500];
    java.util.Arrays.fill(y, 7);
    Selection s = select(y);
    assertThat(s.reason()).isEqualTo("fallback: constant series (7.0)");
    assertThat(s.forecast().point()).containsOnly(7);
  }

  @Test
  void emptySeriesIsAnError() {
    assertThatThrownBy(() -> select(new double[] {Double.NaN})).hasMessageContaining("no samples");
  }
}
