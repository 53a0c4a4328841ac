package io.taskscope.prediction;

import io.taskscope.forecast.ModelSelector;
import io.taskscope.forecast.Preparation;
import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException;
import io.taskscope.prediction.RunReport.Outcome;
import io.taskscope.prediction.RunReport.TargetOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the prediction job: discover the targets in the graphs, read each one's history, choose and fit a model
 * by backtest, store the forecast. Targets run on virtual threads, at most {@link JobOptions#concurrency} at once. A
 * target that fails keeps its previous forecast; nothing a target does can end the run.
 */
public final class ForecastJob {
  private static final Logger log = LoggerFactory.getLogger(ForecastJob.class);

  /** Progress of a run, for a progress bar or a status page. Called from the job's threads. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void started(long runId, int total) {}

    default void target(TargetOutcome outcome, int done, int total) {}

    /** A stored forecast was deleted: its target left the graphs more than the retention ago. */
    default void pruned(String targetId) {}
  }

  private final TargetDiscovery discovery;
  private final Function<String, HistoryReader> historyFor;
  private final ForecastStore store;
  private final JobOptions options;
  private final Clock clock;
  private final Map<String, HistoryReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code historyFor} gives the reader of a datasource URL (one per URL is kept). */
  public ForecastJob(TargetDiscovery discovery, Function<String, HistoryReader> historyFor, ForecastStore store,
      JobOptions options, Clock clock) {
    this.discovery = discovery;
    this.historyFor = historyFor;
    this.store = store;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Runs once over the targets {@code filter} accepts (null: all) and reports; {@code onSaved} sees each stored
   * forecast. Never throws for a target's or a datasource's failure: they are in the report.
   */
  public RunReport run(long id, String trigger, String filterText, Predicate<String> filter, Listener listener,
      java.util.function.Consumer<StoredForecast> onSaved) {
    Instant started = clock.instant();
    TargetDiscovery.Found found;
    try {
      found = discovery.discover();
    } catch (IOException | RuntimeException e) {
      String reason = "cannot read the knowledge graphs: " + e.getMessage();
      log.warn("event=forecast_run run={} state=failed reason=\"{}\"", id, escape(reason));
      return new RunReport(id, trigger, filterText, started, clock.instant(), RunReport.State.FAILED, reason,
          List.of());
    }
    List<Target> targets = found.targets().stream().filter(t -> filter == null || filter.test(t.id())).toList();
    List<TargetOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    for (TargetDiscovery.Skipped s : found.skipped()) {
      if (filter == null || filter.test(s.targetId())) {
        TargetOutcome o = new TargetOutcome(s.targetId(), s.metric(), Outcome.SKIPPED, s.reason(), "", 0);
        outcomes.add(o);
        logTarget(id, o);
      }
    }
    int total = targets.size() + outcomes.size();
    listener.started(id, total);
    for (TargetOutcome o : List.copyOf(outcomes)) {
      listener.target(o, outcomes.indexOf(o) + 1, total);
    }
    // one grid for every target of the run, aligned to the step so reruns read the same samples
    long stepMs = options.step().toMillis();
    Instant end = Instant.ofEpochMilli(Math.floorDiv(started.toEpochMilli(), stepMs) * stepMs);
    Instant start = end.minus(options.lookback());
    Semaphore slots = new Semaphore(options.concurrency());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Target t : targets) {
        pool.submit(() -> {
          slots.acquireUninterruptibly();
          try {
            TargetOutcome o = forecast(t, start, end, onSaved);
            outcomes.add(o);
            logTarget(id, o);
            listener.target(o, outcomes.size(), total);
          } finally {
            slots.release();
          }
        });
      }
    }
    List<TargetOutcome> all = outcomes.stream()
        .sorted(java.util.Comparator.comparing(TargetOutcome::targetId)).toList();
    if (filter == null) {
      prune(id, found, listener);
    }
    RunReport r = finish(id, trigger, filterText, started, all, filter != null && total == 0);
    log.info("event=forecast_run run={} trigger={} state={} targets={} ok={} failed={} skipped={} millis={}{}", id,
        trigger, r.state().name().toLowerCase(Locale.ROOT), all.size(), r.count(Outcome.OK),
        r.count(Outcome.FAILED), r.count(Outcome.SKIPPED), Duration.between(started, r.finished()).toMillis(),
        r.reason() == null ? "" : " reason=\"" + escape(r.reason()) + "\"");
    return r;
  }

  /**
   * After a full run: deletes the stored forecasts of targets the graphs no longer name (skipped ones still count as
   * named) once they are older than the retention, so a deleted workload's forecasts stop being served and exported.
   */
  private void prune(long id, TargetDiscovery.Found found, Listener listener) {
    if (options.retention().isZero()) {
      return;
    }
    java.util.Set<String> named = new java.util.HashSet<>();
    found.targets().forEach(t -> named.add(t.id()));
    found.skipped().forEach(s -> named.add(s.targetId()));
    Instant cutoff = clock.instant().minus(options.retention());
    for (String targetId : store.targetIds()) {
      if (named.contains(targetId)) {
        continue;
      }
      var stored = store.get(targetId);
      if (stored.isPresent() && stored.get().createdAt().isBefore(cutoff) && store.delete(targetId)) {
        log.info("event=forecast_pruned run={} target=\"{}\" created={}", id, escape(targetId),
            stored.get().createdAt());
        listener.pruned(targetId);
      }
    }
  }

  private RunReport finish(long id, String trigger, String filterText, Instant started, List<TargetOutcome> all,
      boolean filterMatchedNothing) {
    long ok = all.stream().filter(o -> o.outcome() == Outcome.OK).count();
    long failed = all.stream().filter(o -> o.outcome() == Outcome.FAILED).count();
    RunReport.State state;
    String reason = null;
    if (filterMatchedNothing) {
      state = RunReport.State.FAILED;
      reason = "no target " + filterText + " in the knowledge graphs";
    } else if (all.isEmpty()) {
      state = RunReport.State.SUCCEEDED;
      reason = "no targets in the knowledge graphs";
    } else if (ok == 0) {
      state = RunReport.State.FAILED;
      reason = "no forecast stored: " + commonest(all);
    } else if (failed > 0) {
      state = RunReport.State.PARTIAL;
      reason = failed + " of " + all.size() + " targets failed: " + commonest(all);
    } else {
      // skipped targets (no data, an invalid query) are reported but do not fail a run: their graph must change
      state = RunReport.State.SUCCEEDED;
      reason = ok == all.size() ? null : (all.size() - ok) + " targets skipped: " + commonest(all);
    }
    return new RunReport(id, trigger, filterText, started, clock.instant(), state, reason, all);
  }

  /**
   * The most frequent kind of reason among failed and skipped targets: the first reason of that kind, with how many
   * targets share the kind. Reasons hold per-target text (a history error names the query and the range), so they are
   * grouped by {@link #reasonKind}, not compared whole: 14 targets without data are one kind, not 14 reasons of one.
   */
  private static String commonest(List<TargetOutcome> all) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (TargetOutcome o : all) {
      if (o.outcome() != Outcome.OK) {
        byKind.computeIfAbsent(reasonKind(o.reason()), k -> new ArrayList<>()).add(o.reason());
      }
    }
    return byKind.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size())).map(e -> {
      List<String> reasons = e.getValue();
      String first = reasons.get(0);
      if (reasons.size() == 1) {
        return first;
      }
      boolean same = reasons.stream().allMatch(r -> java.util.Objects.equals(r, first));
      String kind = e.getKey().substring(e.getKey().lastIndexOf(": ") + 1).strip();
      return first + " (" + reasons.size() + " targets" + (same ? "" : " with " + kind) + ")";
    }).orElse("");
  }

  /**
   * What a reason says without what is particular to its target: {@code URL: KIND} for a history error (e.g.
   * {@code http://prometheus:9090: NO_DATA}), else the text before the first {@code ": "} (e.g. {@code invalid
   * PromQL}), else the whole reason.
   */
  static String reasonKind(String reason) {
    if (reason == null) {
      return "";
    }
    for (HistoryException.Kind k : HistoryException.Kind.values()) {
      int i = reason.indexOf(": " + k.name() + ": ");
      if (i >= 0) {
        return reason.substring(0, i + 2 + k.name().length());
      }
    }
    int colon = reason.indexOf(": ");
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  private TargetOutcome forecast(Target t, Instant start, Instant end,
      java.util.function.Consumer<StoredForecast> onSaved) {
    long t0 = System.nanoTime();
    try {
      HistoryReader reader = readers.computeIfAbsent(t.prometheusUrl(), historyFor);
      Series history = reader.read(t.query(), start, end, options.step());
      boolean counter = options.counters().contains(t.metric());
      Preparation.Options prep = new Preparation.Options(
          counter ? Preparation.CounterMode.RATE : Preparation.CounterMode.GAUGE, 6);
      ModelSelector.Selection s = new ModelSelector().select(history, prep, options.horizonSteps());
      List<StoredForecast.Candidate> candidates = s.candidates().stream()
          .map(c -> new StoredForecast.Candidate(c.model(), c.smape(), c.mase())).toList();
      List<String> notes = new ArrayList<>(s.notes());
      if (counter) {
        notes.add(0, "counter: forecast as increase per step");
      }
      var f = s.forecast();
      StoredForecast stored = new StoredForecast(t, clock.instant(), options.step(), history.start(),
          history.values(), history.timeAt(history.length()), f.point(), f.lower80(), f.upper80(), f.lower95(),
          f.upper95(), s.model(), s.reason(), candidates, List.copyOf(notes));
      store.save(stored);
      onSaved.accept(stored);
      return new TargetOutcome(t.id(), t.metric(), Outcome.OK, null, s.model(), millis(t0));
    } catch (HistoryException e) {
      Outcome o = e.kind() == HistoryException.Kind.UNAVAILABLE ? Outcome.FAILED : Outcome.SKIPPED;
      return new TargetOutcome(t.id(), t.metric(), o, t.prometheusUrl() + ": " + e.getMessage(), "", millis(t0));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // a model or the store failing on one series must not end the run; the reason says what happened
      return new TargetOutcome(t.id(), t.metric(), Outcome.FAILED, "forecast failed: " + e, "", millis(t0));
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void logTarget(long run, TargetOutcome o) {
    if (o.outcome() == Outcome.OK) {
      log.info("event=forecast_target run={} target={} outcome=ok model=\"{}\" millis={}", run, o.targetId(),
          escape(o.model()), o.millis());
    } else {
      log.warn("event=forecast_target run={} target={} outcome={} reason=\"{}\" millis={}", run,
          escape(o.targetId()), o.outcome().name().toLowerCase(Locale.ROOT), escape(o.reason()), o.millis());
    }
  }

  /** One log line per event: quotes and line breaks from graph text escaped. */
  static String escape(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
  }
}
