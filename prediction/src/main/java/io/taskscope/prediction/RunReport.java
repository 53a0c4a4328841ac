package io.taskscope.prediction;

import java.time.Instant;
import java.util.List;

/**
 * What one run of the job did. A run is {@code FAILED} when no forecast was stored (graphs unreadable, every
 * datasource unavailable), {@code PARTIAL} when some targets failed (their previous forecasts stay); skipped targets
 * (no data, an invalid query, a datasource not allowed) are reported without failing a run.
 *
 * @param trigger {@code schedule}, {@code cli}, {@code api} or {@code retry}
 * @param finished null while running
 */
public record RunReport(long id, String trigger, String targetFilter, Instant started, Instant finished, State state,
    String reason, List<TargetOutcome> outcomes) {

  public enum State { RUNNING, SUCCEEDED, PARTIAL, FAILED }

  /** One target's result in a run. */
  public record TargetOutcome(String targetId, String metric, Outcome outcome, String reason, String model,
      long millis) {}

  /** ok: forecast stored; failed: history could not be read (kept: the previous forecast); skipped: bad target. */
  public enum Outcome { OK, FAILED, SKIPPED }

  public long count(Outcome o) {
    return outcomes.stream().filter(t -> t.outcome() == o).count();
  }
}
