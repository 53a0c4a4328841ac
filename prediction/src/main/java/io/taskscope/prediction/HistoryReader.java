package io.taskscope.prediction;

import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException;
import java.time.Duration;
import java.time.Instant;

/** Reads one target's history: {@link io.taskscope.forecast.history.PrometheusHistory#read} in production. */
@FunctionalInterface
public interface HistoryReader {
  Series read(String promql, Instant start, Instant end, Duration step) throws HistoryException;
}
