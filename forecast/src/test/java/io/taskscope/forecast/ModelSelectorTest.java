package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.forecast.ModelSelector.Selection;
import io.taskscope.forecast.Preparation.Options;
import org.junit.jupiter.api.Test;

class ModelSelectorTest {
  private static Selection select(double[] y) {
    return new ModelSelector().select(Synthetic.series(y), Options.gauge(), Synthetic.DAY);
  }

  @Test
  void picksSeasonalNaiveForAnExactlyRepeatingSeason() {
    Selection s = select(new Synthetic().daily(20).values(10 * Synthetic.DAY, 1));
    assertThat(s.model()).startsWith("snaive-daily");
    assertThat(s.candidates()).hasSizeGreaterThan(3);
  }

  @Test
  void picksHoltWintersForTrendPlusDailySeason() {
    Selection s = select(new Synthetic().trend(0.2).daily(20).noise(1).values(12 * Synthetic.DAY, 2));
    // Holt-Winters or its decomposed twin (one season by STL, trend by ETS): both are the model the data came from.
    assertThat(s.model()).matches("ets-AAdA\\(48\\)|mstl\\(48;.*");
    assertThat(s.candidates()).anyMatch(c -> c.model().startsWith("snaive-weekly") && c.note().startsWith("skipped"));
  }

  @Test
  void picksMstlForDailyPlusWeekly() {
    Selection s = select(new Synthetic().daily(20).weekly(15).noise(1).trend(0.01)
        .values(5 * Synthetic.WEEK, 3));
    // The backtest's three days are Friday to Sunday: only a weekly season sees the weekend coming.
    assertThat(s.model()).startsWith("mstl(48,336");
    assertThat(s.seasons()).hasSize(2);
  }

  @Test
  void shortSeriesFallBackWithReason() {
    Selection s = select(new Synthetic().daily(20).noise(1).values(60, 4));
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
