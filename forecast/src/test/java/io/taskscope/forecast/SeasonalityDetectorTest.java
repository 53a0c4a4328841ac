package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeasonalityDetectorTest {
  @Test
  void periodsFollowTheStep() {
    assertThat(SeasonalityDetector.periodOf(Duration.ofDays(1), Duration.ofMinutes(5))).isEqualTo(288);
    assertThat(SeasonalityDetector.periodOf(Duration.ofDays(7), Duration.ofMinutes(30))).isEqualTo(336);
    assertThat(SeasonalityDetector.periodOf(Duration.ofDays(1), Duration.ofMinutes(7))).isZero();
    assertThat(SeasonalityDetector.periodOf(Duration.ofDays(1), Duration.ofDays(1))).isZero();
  }

  @Test
  void findsDailyOnly() {
    double[] y = Synthetic.shape().daily(10).noise(2).values(5 * Synthetic.WEEK, 1);
    assertThat(SeasonalityDetector.detect(y, Synthetic.STEP)).extracting(SeasonalityDetector.Season::period)
        .containsExactly(Synthetic.DAY);
  }

  @Test
  void findsDailyAndWeekly() {
    double[] y = Synthetic.shape().daily(10).weekly(10).noise(2).values(5 * Synthetic.WEEK, 1);
    assertThat(SeasonalityDetector.detect(y, Synthetic.STEP)).extracting(SeasonalityDetector.Season::period)
        .containsExactly(Synthetic.DAY, Synthetic.WEEK);
  }

  @Test
  void findsNothingInNoise() {
    double[] y = Synthetic.shape().noise(2).values(5 * Synthetic.WEEK, 1);
    assertThat(SeasonalityDetector.detect(y, Synthetic.STEP)).isEmpty();
  }

  @Test
  void findsDailyAtFiveMinuteSteps() {
    double[] y = new double[3 * 288];
    for (int t = 0; t < y.length; t++) {
      y[t] = Math.sin(2 * Math.PI * t / 288);
    }
    assertThat(SeasonalityDetector.detect(y, Duration.ofMinutes(5))).extracting(SeasonalityDetector.Season::period)
        .containsExactly(288);
  }
}
