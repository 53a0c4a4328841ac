package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.forecast.Preparation.CounterMode;
import io.taskscope.forecast.Preparation.Options;
import io.taskscope.forecast.Preparation.Prepared;
import org.junit.jupiter.api.Test;

class PreparationTest {
  private static final double N = Double.NaN;

  private static Prepared prep(CounterMode mode, double... v) {
    return Preparation.prepare(Synthetic.series(v), new Options(mode, 2));
  }

  @Test
  void shortGapsAreFilledLinearlyAndLongGapsMarked() {
    Prepared p = prep(CounterMode.GAUGE, 1, N, 3, 4, N, N, N, 8);
    assertThat(p.series().values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(p.longGap()).containsExactly(false, false, false, false, true, true, true, false);
    assertThat(p.notes()).anyMatch(n -> n.contains("long gap of 3 samples at index 4"))
        .anyMatch(n -> n.contains("1 short gaps"));
    assertThat(p.fallbackReason()).isNull();
  }

  @Test
  void leadingGapsAreDroppedAndTrailingGapsCarryTheLastValue() {
    Prepared p = prep(CounterMode.GAUGE, N, N, 5, 6, N);
    assertThat(p.series().values()).containsExactly(5, 6, 6);
    assertThat(p.series().start()).isEqualTo(Synthetic.START.plus(Synthetic.STEP.multipliedBy(2)));
    assertThat(p.notes()).anyMatch(n -> n.contains("dropped 2 leading"))
        .anyMatch(n -> n.contains("trailing gap of 1"));
  }

  @Test
  void infiniteValuesAreGaps() {
    Prepared p = prep(CounterMode.GAUGE, 1, Double.POSITIVE_INFINITY, 3);
    assertThat(p.series().values()).containsExactly(1, 2, 3);
    assertThat(p.notes()).anyMatch(n -> n.contains("1 infinite"));
  }

  @Test
  void counterResetsAreRebuiltMonotone() {
    Prepared p = prep(CounterMode.MONOTONE, 10, 20, 30, 5, 15, N, 35);
    assertThat(p.series().values()).containsExactly(10, 20, 30, 35, 45, 55, 65);
    assertThat(p.notes()).anyMatch(n -> n.contains("1 counter resets"));
  }

  @Test
  void countersCanBeForecastAsIncreases() {
    Prepared p = prep(CounterMode.RATE, 10, 20, 30, 5, 15);
    assertThat(p.series().values()).containsExactly(10, 10, 5, 10);
    assertThat(p.series().start()).isEqualTo(Synthetic.START.plus(Synthetic.STEP));
  }

  @Test
  void constantAndEmptySeriesGetAFallbackReason() {
    assertThat(prep(CounterMode.GAUGE, 3, 3, N, 3).fallbackReason()).startsWith("constant series");
    assertThat(prep(CounterMode.GAUGE, N, N).fallbackReason()).isEqualTo("no samples");
  }

  @Test
  void longGapsCanBeRefilledFromThePreviousSeason() {
    double[] y = {1, 2, 3, 1, 2, 3, 0, 0, 0};
    boolean[] gap = {false, false, false, false, false, false, true, true, true};
    assertThat(Preparation.refillSeasonally(y, gap, 3)).isEqualTo(3);
    assertThat(y).containsExactly(1, 2, 3, 1, 2, 3, 1, 2, 3);
  }
}
