package io.taskscope.prediction;

import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A stand-in Prometheus for job tests: a daily-periodic series per query, or the failure a query maps to. */
final class Histories implements HistoryReader {
  final List<String> queries = new CopyOnWriteArrayList<>();
  volatile Function<String, HistoryException> failure = q -> null;

  @Override
  public Series read(String promql, Instant start, Instant end, Duration step) throws HistoryException {
    queries.add(promql);
    HistoryException e = failure.apply(promql);
    if (e != null) {
      throw e;
    }
    int n = (int) (Duration.between(start, end).dividedBy(step) + 1);
    double[] v = new double[n];
    Random r = new Random(promql.hashCode());
    double level = 20 + (promql.hashCode() & 63);
    for (int i = 0; i < n; i++) {
      double hour = start.plus(step.multipliedBy(i)).getEpochSecond() % 86_400 / 3600.0;
      v[i] = level + 10 * Math.sin(2 * Math.PI * hour / 24) + r.nextGaussian();
    }
    return new Series(start, step, v);
  }
}
