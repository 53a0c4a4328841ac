package io.taskscope.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link Forecasts} for the output tests, and forecasts to put in it. */
final class FakeForecasts implements Forecasts {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  final Map<String, StoredForecast> stored = new TreeMap<>();
  volatile RunReport lastRun;
  volatile RunReport running;
  volatile Instant lastSuccess;
  final Map<RunReport.Outcome, Integer> states = new EnumMap<>(RunReport.Outcome.class);
  final List<String> runRequests = new ArrayList<>();
  final AtomicInteger forecastReads = new AtomicInteger();
  volatile RuntimeException failReads;

  FakeForecasts put(StoredForecast f) {
    stored.put(f.target().id(), f);
    return this;
  }

  @Override
  public Optional<StoredForecast> forecast(String targetId) {
    forecastReads.incrementAndGet();
    if (failReads != null) {
      throw failReads;
    }
    return Optional.ofNullable(stored.get(targetId));
  }

  @Override
  public List<String> targetIds() {
    return List.copyOf(stored.keySet());
  }

  @Override
  public Optional<RunReport> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  @Override
  public Optional<RunReport> running() {
    return Optional.ofNullable(running);
  }

  @Override
  public Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  @Override
  public Map<RunReport.Outcome, Integer> targetStates() {
    return Map.copyOf(states);
  }

  @Override
  public synchronized Started runNow(String trigger, String targetFilter) {
    runRequests.add(trigger + ":" + targetFilter);
    if (running != null) {
      return new Started(running, true);
    }
    running = new RunReport(lastRun == null ? 1 : lastRun.id() + 1, trigger, targetFilter, Instant.now(), null,
        RunReport.State.RUNNING, null, List.of());
    return new Started(running, false);
  }

  /** A forecast of {@code horizon} steps after {@code historyLength} samples of a daily sine, bounds around it. */
  static StoredForecast forecast(String id, String metric, String model, Duration step, int historyLength,
      int horizon) {
    double[] h = new double[historyLength];
    for (int i = 0; i < h.length; i++) {
      h[i] = 10 + 5 * Math.sin(2 * Math.PI * i * step.toMillis() / 86_400_000.0);
    }
    double[] p = new double[horizon];
    double[] l80 = new double[horizon];
    double[] u80 = new double[horizon];
    double[] l95 = new double[horizon];
    double[] u95 = new double[horizon];
    for (int i = 0; i < horizon; i++) {
      p[i] = 10 + i;
      l80[i] = p[i] - 1;
      u80[i] = p[i] + 1;
      l95[i] = p[i] - 2;
      u95[i] = p[i] + 2;
    }
    Target t = new Target(id, metric, "https://example.org/res/" + metric, "https://example.org/metric/" + metric,
        "http://prometheus:9090", metric + "{pod=\"web\"}");
    Instant historyStart = T0.minus(step.multipliedBy(historyLength));
    return new StoredForecast(t, T0.plusSeconds(60), step, historyStart, h, T0, p, l80, u80, l95, u95, model,
        "lowest backtest sMAPE", List.of(new StoredForecast.Candidate(model, 0.1, Double.NaN)), List.of("none"));
  }

  static RunReport finishedRun(long id, RunReport.TargetOutcome... outcomes) {
    return new RunReport(id, "schedule", null, T0, T0.plusSeconds(42), RunReport.State.PARTIAL, null,
        List.of(outcomes));
  }

  static RunReport.TargetOutcome outcome(String id, RunReport.Outcome o, String reason) {
    return new RunReport.TargetOutcome(id, "cpu_usage", o, reason, "ets", 12);
  }
}
