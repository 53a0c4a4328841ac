package io.taskscope.prediction;

import io.taskscope.prediction.RunReport.Outcome;
import io.taskscope.prediction.RunReport.TargetOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction service: runs the job (one run at a time), remembers the last run and each target's latest outcome,
 * and serves the stored forecasts. Forecasts are loaded from the store at start, so a restart serves what the last
 * runs produced; a failed run leaves them in place.
 */
public final class ForecastService implements Forecasts {
  private static final Logger log = LoggerFactory.getLogger(ForecastService.class);

  private final ForecastJob job;
  private final ForecastStore store;
  private final Clock clock;
  private final AtomicLong runIds = new AtomicLong();
  private final AtomicReference<RunReport> running = new AtomicReference<>();
  private volatile RunReport lastRun;
  private final Map<String, StoredForecast> latest = new ConcurrentSkipListMap<>();
  private final Map<String, TargetOutcome> outcomes = new ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<RunReport>> finishedListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ForecastService(ForecastJob job, ForecastStore store, Clock clock) {
    this.job = job;
    this.store = store;
    this.clock = clock;
    for (String id : store.targetIds()) {
      try {
        store.get(id).ifPresent(f -> latest.put(id, f));
      } catch (IllegalArgumentException e) {
        log.warn("event=forecast_unreadable target={} reason=\"{}\"", id, ForecastJob.escape(e.getMessage()));
      }
    }
  }

  @Override
  public Optional<StoredForecast> forecast(String targetId) {
    return Optional.ofNullable(latest.get(targetId));
  }

  @Override
  public List<String> targetIds() {
    return List.copyOf(latest.keySet());
  }

  /** The latest forecast of every target, sorted by id (in memory: cheap enough for a scrape). */
  public List<StoredForecast> all() {
    return List.copyOf(latest.values());
  }

  @Override
  public Optional<RunReport> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  @Override
  public Optional<RunReport> running() {
    return Optional.ofNullable(running.get());
  }

  @Override
  public Optional<Instant> lastSuccess() {
    return latest.values().stream().map(StoredForecast::createdAt).max(Instant::compareTo);
  }

  @Override
  public Map<Outcome, Integer> targetStates() {
    Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      n.put(o, 0);
    }
    outcomes.values().forEach(o -> n.merge(o.outcome(), 1, Integer::sum));
    return n;
  }

  /** A target's latest outcome, if it took part in a run since start. */
  public Optional<TargetOutcome> outcome(String targetId) {
    return Optional.ofNullable(outcomes.get(targetId));
  }

  @Override
  public Started runNow(String trigger, String targetFilter) {
    RunReport r = begin(trigger, targetFilter);
    if (r == null) {
      return new Started(running.get(), true);
    }
    Thread.ofVirtual().name("forecast-run-" + r.id()).start(() -> execute(r, targetFilter == null ? null
        : targetFilter::equals, ForecastJob.Listener.NONE));
    return new Started(r, false);
  }

  /**
   * Runs now on the calling thread and returns the report; empty when another run is in progress. {@code filter}
   * chooses targets (null: all); {@code filterText} names it in the report.
   */
  public Optional<RunReport> runAndWait(String trigger, String filterText, Predicate<String> filter,
      ForecastJob.Listener listener) {
    RunReport r = begin(trigger, filterText);
    if (r == null) {
      return Optional.empty();
    }
    return Optional.of(execute(r, filter, listener));
  }

  private RunReport begin(String trigger, String filterText) {
    RunReport r = new RunReport(runIds.incrementAndGet(), trigger, filterText, clock.instant(), null,
        RunReport.State.RUNNING, null, List.of());
    return running.compareAndSet(null, r) ? r : null;
  }

  private RunReport execute(RunReport start, Predicate<String> filter, ForecastJob.Listener listener) {
    List<TargetOutcome> progress = new ArrayList<>();
    RunReport done;
    try {
      done = job.run(start.id(), start.trigger(), start.targetFilter(), filter, new ForecastJob.Listener() {
        @Override
        public void started(long runId, int total) {
          listener.started(runId, total);
        }

        @Override
        public void target(TargetOutcome o, int n, int total) {
          synchronized (progress) {
            progress.add(o);
            running.set(new RunReport(start.id(), start.trigger(), start.targetFilter(), start.started(), null,
                RunReport.State.RUNNING, n + " of " + total + " targets done", List.copyOf(progress)));
          }
          listener.target(o, n, total);
        }

        @Override
        public void pruned(String targetId) {
          latest.remove(targetId);
          outcomes.remove(targetId);
          listener.pruned(targetId);
        }
      }, f -> latest.put(f.target().id(), f));
    } catch (RuntimeException | Error e) {
      // the job reports target failures itself; this is a bug or resource exhaustion, still an answer
      done = new RunReport(start.id(), start.trigger(), start.targetFilter(), start.started(), clock.instant(),
          RunReport.State.FAILED, "run failed: " + e, List.of());
      log.error("event=forecast_run run={} state=failed reason=\"{}\"", start.id(), ForecastJob.escape(e.toString()));
    }
    for (TargetOutcome o : done.outcomes()) {
      outcomes.put(o.targetId(), o);
    }
    lastRun = done;
    running.set(null);
    for (var l : finishedListeners) {
      try {
        l.accept(done);
      } catch (RuntimeException e) {
        log.warn("event=forecast_run_listener_failed run={} error=\"{}\"", done.id(),
            ForecastJob.escape(e.toString()));
      }
    }
    return done;
  }

  /** Called after each run (e.g. to rebuild the {@code /metrics} series at once rather than on a later scrape). */
  public ForecastService onRunFinished(java.util.function.Consumer<RunReport> listener) {
    finishedListeners.add(listener);
    return this;
  }

  public ForecastStore store() {
    return store;
  }
}
