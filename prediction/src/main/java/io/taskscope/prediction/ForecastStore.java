package io.taskscope.prediction;

import java.util.List;
import java.util.Optional;

/** Where forecasts survive restarts. A save replaces the target's previous forecast as a whole or not at all. */
public interface ForecastStore {
  void save(StoredForecast forecast);

  Optional<StoredForecast> get(String targetId);

  /** Every stored target id, sorted. */
  List<String> targetIds();

  /** Deletes the target's forecast; false when there was none. */
  boolean delete(String targetId);
}
