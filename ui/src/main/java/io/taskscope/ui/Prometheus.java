package io.taskscope.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.core.http.BoundedAnswer;
import io.taskscope.forecast.history.PromQl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * A small client of Prometheus' HTTP API for the task page's charts: {@code /api/v1/query_range} with a timeout on
 * connecting and on the whole answer, and a bounded body (a page must not wait long or read a huge answer).
 */
public final class Prometheus {
  /** Answers larger than this are refused: a task's chart is a few series of a few hundred points. */
  static final int MAX_BODY = 4 << 20;
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  public Prometheus(String baseUrl) {
    this(baseUrl, TIMEOUT);
  }

  Prometheus(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Evaluates {@code promql} over [start, end] every {@code step}: value per Unix second, the series of the answer
   * summed (the task page's queries fold to one series; several would be workers or replicas of one thing).
   */
  public TreeMap<Long, Double> queryRange(String promql, Instant start, Instant end, Duration step) throws IOException {
    String q = "query=" + Html.url(promql) + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond()
        + "&step=" + Math.max(1, step.getSeconds());
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/query_range?" + q)).timeout(timeout)
        .header("Accept", "application/json").GET().build();
    BoundedAnswer resp;
    try {
      resp = BoundedAnswer.send(http, req, MAX_BODY);
    } catch (HttpTimeoutException e) {
      throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
    }
    byte[] body = resp.body();
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("HTTP " + resp.status() + ", not JSON");
    }
    if (resp.status() != 200 || !"success".equals(root.path("status").asText())) {
      throw new IOException("HTTP " + resp.status() + ": " + root.path("errorType").asText("") + " "
          + root.path("error").asText(""));
    }
    TreeMap<Long, Double> out = new TreeMap<>();
    for (JsonNode series : root.path("data").path("result")) {
      for (JsonNode point : series.path("values")) {
        long t = (long) point.path(0).asDouble();
        double v = parse(point.path(1).asText());
        if (!Double.isNaN(v)) {
          out.merge(t, v, Double::sum);
        }
      }
    }
    return out;
  }

  /** A sample value as Prometheus writes it ({@code NaN}, {@code +Inf}, {@code -Inf} too); NaN for anything else. */
  static double parse(String s) {
    try {
      return PromQl.sampleValue(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
