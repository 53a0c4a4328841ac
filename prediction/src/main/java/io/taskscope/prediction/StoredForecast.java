package io.taskscope.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A target's latest forecast as stored and served: the history it was fitted on, the points and bounds after it,
 * the chosen model and every candidate's backtest error. Arrays are shared, not copied: treat them as read-only.
 *
 * @param historyStart time of {@code history[0]}; sample {@code i} is at {@code historyStart + i * step}
 * @param history the raw samples read (NaN where Prometheus had none)
 * @param forecastStart time of {@code point[0]}, one step after the last history sample
 * @param reason why the model was chosen (lowest backtest error, or the fallback's reason)
 * @param notes what preparation did to the history (gaps filled, counter resets, ...)
 */
public record StoredForecast(Target target, Instant createdAt, Duration step, Instant historyStart, double[] history,
    Instant forecastStart, double[] point, double[] lower80, double[] upper80, double[] lower95, double[] upper95,
    String model, String reason, List<Candidate> candidates, List<String> notes) {

  /** One model tried in the backtest. */
  public record Candidate(String model, double smape, double mase) {}

  public int horizon() {
    return point.length;
  }

  public Instant timeAt(int i) {
    return forecastStart.plus(step.multipliedBy(i));
  }

  /** The index of the step {@code ahead} after the last history sample, or -1 beyond the horizon. */
  public int indexAhead(Duration ahead) {
    long steps = ahead.toMillis() / step.toMillis();
    return steps >= 1 && steps <= point.length ? (int) steps - 1 : -1;
  }
}
