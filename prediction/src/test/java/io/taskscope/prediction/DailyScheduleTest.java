package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DailyScheduleTest {
  @Test
  void upstreamsScheduleInUtc() {
    DailySchedule s = DailySchedule.parse("20 10 * * *", "UTC");
    assertThat(s.next(Instant.parse("2026-12-05T09:00:00Z"))).isEqualTo("2026-12-05T10:20:00Z");
    assertThat(s.next(Instant.parse("2026-12-05T10:20:00Z"))).isEqualTo("2026-12-06T10:20:00Z");
  }

  @Test
  void localTimeHoldsAcrossDaylightSaving() {
    DailySchedule s = DailySchedule.parse("20 10 * * *", "Europe/Berlin");
    // CET (+1) before 29 March 2026, CEST (+2) after
    assertThat(s.next(Instant.parse("2026-03-28T12:00:00Z"))).isEqualTo("2026-03-29T08:20:00Z");
    assertThat(s.next(Instant.parse("2026-03-27T12:00:00Z"))).isEqualTo("2026-03-28T09:20:00Z");
  }

  @Test
  void badExpressionsAndZonesAreNamed() {
    assertThatThrownBy(() -> DailySchedule.parse("61 10 * * *", "UTC")).hasMessageContaining("forecast.schedule");
    assertThatThrownBy(() -> DailySchedule.parse("every day", "UTC")).hasMessageContaining("forecast.schedule");
    assertThatThrownBy(() -> DailySchedule.parse("20 10 * * *", "Mars/Olympus"))
        .hasMessageContaining("forecast.timeZone");
  }
}
