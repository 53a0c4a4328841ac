package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.forecast.history.HistoryException;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.MetadataServiceOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastSchedulerTest {
  @TempDir
  Path dir;

  @Test
  void runsAtTheScheduledTimeAndRetriesFailedTargetsWithBackoff() throws Exception {
    // a clock stopped 200 ms before 10:20 UTC: the scheduled run is due in 200 ms
    Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:19:59.800Z"), ZoneOffset.UTC);
    Histories prometheus = new Histories();
    prometheus.failure = q -> new HistoryException(HistoryException.Kind.UNAVAILABLE, "connection refused");
    try (MetadataService ms = MetadataService.open(dir.resolve("kg"), MetadataServiceOptions.defaults())) {
      Graphs.putWorkload(ms, "ml", "trainer");
      GraphForecastStore store = new GraphForecastStore(ms);
      ForecastService s = new ForecastService(new ForecastJob(new TargetDiscovery(GraphQuery.embedded(ms),
          url -> true), url -> prometheus, store, ForecastJobTest.OPTIONS, clock), store, clock);
      DailySchedule schedule = DailySchedule.parse("20 10 * * *", "UTC");
      try (ForecastScheduler scheduler = new ForecastScheduler(s, schedule, Duration.ofMillis(100), 2, clock)) {
        assertThat(scheduler.nextRun()).isEqualTo("2026-12-05T10:20:00Z");
        scheduler.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(s.lastRun().isPresent() && s.lastRun().get().trigger().equals("retry")
            && s.lastRun().get().id() >= 2) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        RunReport retry = s.lastRun().orElseThrow();
        assertThat(retry.trigger()).isEqualTo("retry");
        assertThat(retry.targetFilter()).isEqualTo("6 failed targets");
        assertThat(retry.state()).isEqualTo(RunReport.State.FAILED);
      }
    }
  }
}
