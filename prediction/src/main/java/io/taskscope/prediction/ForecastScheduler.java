package io.taskscope.prediction;

import io.taskscope.prediction.RunReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on its {@link DailySchedule}. When a scheduled run leaves targets failed (a datasource down), those
 * targets are retried with back-off (base, doubled each time, at most {@code retries} times and never past the next
 * scheduled run); skipped targets are not retried, as their graph has to change first.
 */
public final class ForecastScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ForecastScheduler.class);

  private final ForecastService service;
  private final DailySchedule schedule;
  private final Duration retryBase;
  private final int retries;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "forecast-schedule");
    t.setDaemon(true);
    return t;
  });

  public ForecastScheduler(ForecastService service, DailySchedule schedule, Duration retryBase, int retries,
      Clock clock) {
    this.service = service;
    this.schedule = schedule;
    this.retryBase = retryBase;
    this.retries = retries;
    this.clock = clock;
  }

  public ForecastScheduler start() {
    scheduleNext(clock.instant());
    return this;
  }

  /** When the next scheduled run starts. */
  public Instant nextRun() {
    return schedule.next(clock.instant());
  }

  /** Schedules the first time after {@code after}: the previous scheduled time, so a timer firing early cannot repeat it. */
  private void scheduleNext(Instant after) {
    Instant next = schedule.next(after.isAfter(clock.instant()) ? after : clock.instant());
    log.info("event=forecast_scheduled next={} schedule=\"{}\" zone={}", next, schedule.expression(),
        schedule.zone());
    timer.schedule(() -> {
      RunReport r = runLogged("schedule", null, null);
      scheduleNext(next);
      if (r != null) {
        retry(r, 1, next);
      }
    }, delay(next), TimeUnit.MILLISECONDS);
  }

  private void retry(RunReport previous, int attempt, Instant scheduledAt) {
    Set<String> failed = previous.outcomes().stream().filter(o -> o.outcome() == Outcome.FAILED)
        .map(RunReport.TargetOutcome::targetId).collect(Collectors.toUnmodifiableSet());
    boolean graphsFailed = previous.state() == RunReport.State.FAILED && previous.outcomes().isEmpty();
    if ((failed.isEmpty() && !graphsFailed) || attempt > retries) {
      return;
    }
    Instant at = clock.instant().plus(retryBase.multipliedBy(1L << Math.min(attempt - 1, 20)));
    if (!at.isBefore(schedule.next(scheduledAt))) {
      return;
    }
    log.info("event=forecast_retry_scheduled attempt={} at={} targets={}", attempt, at,
        graphsFailed ? "all" : failed.size());
    timer.schedule(() -> {
      RunReport r = runLogged("retry", graphsFailed ? null : failed.size() + " failed targets",
          graphsFailed ? null : failed::contains);
      if (r != null) {
        retry(r, attempt + 1, scheduledAt);
      }
    }, delay(at), TimeUnit.MILLISECONDS);
  }

  private RunReport runLogged(String trigger, String filterText, java.util.function.Predicate<String> filter) {
    try {
      var r = service.runAndWait(trigger, filterText, filter, ForecastJob.Listener.NONE);
      if (r.isEmpty()) {
        log.warn("event=forecast_run_not_started trigger={} reason=\"a run is in progress\"", trigger);
      }
      return r.orElse(null);
    } catch (RuntimeException | Error e) {
      log.error("event=forecast_run_error trigger={} error=\"{}\"", trigger, ForecastJob.escape(e.toString()));
      return null;
    }
  }

  private long delay(Instant at) {
    return Math.max(0, Duration.between(clock.instant(), at).toMillis());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
