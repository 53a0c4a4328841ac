package io.taskscope.forecast.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one series' history from Prometheus' range-query API onto a regular grid: value {@code i} belongs to
 * {@code start + i * step}, missing points are NaN (Preparation fills or marks the gaps). Long ranges are read in
 * several requests of at most {@link HttpOptions#maxPoints()} points.
 */
public final class PrometheusHistory {
  // Timestamps as exact decimals: a double like 1700000000.123 would miss its grid slot by a rounding error.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String base;
  private final HttpOptions options;
  private final RetryingGet http;

  public PrometheusHistory(String base) {
    this(base, HttpOptions.DEFAULTS);
  }

  public PrometheusHistory(String base, HttpOptions options) {
    this(base, options, d -> Thread.sleep(d));
  }

  PrometheusHistory(String base, HttpOptions options, RetryingGet.Sleeper sleeper) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.options = options;
    this.http = new RetryingGet(options, sleeper);
  }

  /** The series {@code promql} selects on the grid start, start+step, ... ≤ end; it must select exactly one series. */
  public Series read(String promql, Instant start, Instant end, Duration step) throws HistoryException {
    if (step.isZero() || step.isNegative() || end.isBefore(start)) {
      throw new IllegalArgumentException("need step > 0 and start <= end: " + start + ".." + end + " step " + step);
    }
    if (step.getNano() % 1_000_000 != 0 || start.getNano() % 1_000_000 != 0) {
      // Prometheus works in milliseconds; a finer grid could not be matched to its timestamps
      throw new IllegalArgumentException("start and step must be whole milliseconds: " + start + ", " + step);
    }
    long points = Duration.between(start, end).dividedBy(step) + 1;
    if (points > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("range has too many points: " + points);
    }
    double[] values = new double[(int) points];
    Arrays.fill(values, Double.NaN);
    JsonNode labels = null;
    for (long from = 0; from < points; from += options.maxPoints()) {
      long to = Math.min(points, from + options.maxPoints()) - 1;
      Instant s = start.plus(step.multipliedBy(from));
      JsonNode result = fetch(promql, s, start.plus(step.multipliedBy(to)), step);
      if (result.isEmpty()) {
        continue; // this sub-range is a gap; another may still hold data
      }
      if (result.size() > 1) {
        throw tooMany(promql, result.size());
      }
      JsonNode series = result.get(0);
      if (labels != null && !labels.equals(series.path("metric"))) {
        throw tooMany(promql, 2); // a different series in another sub-range: the query is not pinned to one
      }
      labels = series.path("metric");
      place(series.path("values"), start, step, values);
    }
    if (labels == null) {
      throw new HistoryException(Kind.NO_DATA, "no series for " + promql + " in " + start + ".." + end);
    }
    return new Series(start, step, values);
  }

  private static HistoryException tooMany(String promql, int n) {
    return new HistoryException(Kind.TOO_MANY_SERIES,
        promql + " selects " + n + " series; a target's query must select exactly one (aggregate it, e.g. sum(...))");
  }

  /** {@code data.result} of one range query, with Prometheus' own error text on refusal. */
  private JsonNode fetch(String promql, Instant start, Instant end, Duration step) throws HistoryException {
    URI uri = URI.create(base + "/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + seconds(start) + "&end=" + seconds(end) + "&step=" + seconds(step));
    RetryingGet.Answer a = http.get(uri);
    JsonNode body;
    try {
      body = JSON.readTree(a.body());
    } catch (IOException e) {
      body = null;
    }
    if (a.status() != 200 || body == null || !"success".equals(body.path("status").asText())) {
      String error = body == null ? "unparseable answer"
          : body.path("errorType").asText("?") + ": " + body.path("error").asText("no error text");
      // 400 is bad_data (syntax, bad parameters); 422 is an execution error of the query itself.
      Kind kind = a.status() == 400 || a.status() == 422 ? Kind.BAD_QUERY : Kind.UNAVAILABLE;
      throw new HistoryException(kind, "HTTP " + a.status() + " for " + promql + ": " + error);
    }
    JsonNode data = body.path("data");
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new HistoryException(Kind.BAD_QUERY, promql + " gives " + data.path("resultType").asText()
          + ", not a range vector (matrix)");
    }
    return data.path("result");
  }

  /** Puts each [timestamp, "value"] pair at its grid index; points off the grid are ignored. */
  private static void place(JsonNode samples, Instant start, Duration step, double[] values) {
    BigDecimal origin = new BigDecimal(seconds(start));
    BigDecimal stepSec = new BigDecimal(seconds(step));
    for (JsonNode p : samples) {
      BigDecimal offset = p.get(0).decimalValue().subtract(origin);
      BigDecimal[] qr = offset.divideAndRemainder(stepSec);
      if (qr[1].signum() != 0 || qr[0].signum() < 0 || qr[0].compareTo(BigDecimal.valueOf(values.length)) >= 0) {
        continue;
      }
      values[qr[0].intValueExact()] = PromQl.sampleValue(p.get(1).asText());
    }
  }

  /** Seconds with millisecond precision, as Prometheus accepts and echoes them. */
  static String seconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }

  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
  }
}
