package io.taskscope.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    byte[] body;
    try (InputStream in = resp.body()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new IOException("answer larger than " + MAX_BODY + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("HTTP " + resp.statusCode() + ", not JSON");
    }
    if (resp.statusCode() != 200 || !"success".equals(root.path("status").asText())) {
      throw new IOException("HTTP " + resp.statusCode() + ": " + root.path("errorType").asText("") + " "
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

  /** Prometheus writes sample values as strings, with {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double parse(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }
}
