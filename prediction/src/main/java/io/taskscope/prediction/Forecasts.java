package io.taskscope.prediction;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side of the prediction service, for its HTTP API, {@code /metrics} and the UI. */
public interface Forecasts {
  Optional<StoredForecast> forecast(String targetId);

  /** Every target with a stored forecast, sorted by id. */
  List<String> targetIds();

  /** The last finished run, if any. */
  Optional<RunReport> lastRun();

  /** The run in progress, if any. */
  Optional<RunReport> running();

  /** When a run last stored at least one forecast (across restarts: the newest stored forecast). */
  Optional<Instant> lastSuccess();

  /** Each target's state after its latest run ({@code ok}, {@code failed}, {@code skipped}) and how many. */
  Map<RunReport.Outcome, Integer> targetStates();

  /**
   * Starts a run now unless one is running; {@code targetFilter} null for every target, else one target id.
   * Returns the run started, or the run already in progress ({@link Started#alreadyRunning}).
   */
  Started runNow(String trigger, String targetFilter);

  record Started(RunReport run, boolean alreadyRunning) {}
}
