package io.taskscope.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.core.http.BoundedAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a pod's log lines from Loki ({@code GET /loki/api/v1/query_range}), newest first, filtered by a keyword with
 * LogQL's line filter {@code |=} (plain substring, like the pod log search).
 */
final class LokiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** Answers larger than this are refused: a limit of a few thousand lines never needs more. */
  static final int MAX_BODY = 16 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  LokiClient(String baseUrl) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  String base() {
    return base.toString();
  }

  /**
   * Lines of {@code pod} (and {@code container} when not empty) written in [{@code start}, {@code end}) containing
   * {@code keyword} (case-sensitive in Loki: {@code |=} is), newest first, at most {@code limit}.
   */
  List<LogLine> query(String namespace, String pod, String container, String keyword, Instant start, Instant end,
      int limit) throws IOException {
    String q = logql(namespace, pod, container, keyword);
    URI uri = base.resolve("loki/api/v1/query_range?query=" + enc(q) + "&direction=backward&limit=" + limit
        + "&start=" + nanos(start) + "&end=" + nanos(end));
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
        .GET().build();
    BoundedAnswer a = BoundedAnswer.send(http, req, MAX_BODY);
    if (a.status() != 200) {
      String text = a.excerpt(300);
      throw new IOException("HTTP " + a.status() + (text.isEmpty() ? "" : ": " + text));
    }
    byte[] body = a.body();
    return parse(body);
  }

  /** Loki's streams answer: {@code data.result[].values[] = [ns timestamp, line]}, merged newest first. */
  static List<LogLine> parse(byte[] body) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("unreadable answer: " + e.getMessage(), e);
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      throw new IOException("answer status " + (root == null ? "missing" : root.path("status").asText("missing")));
    }
    JsonNode data = root.path("data");
    if (!"streams".equals(data.path("resultType").asText())) {
      throw new IOException("expected resultType streams, got " + data.path("resultType").asText("none"));
    }
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode stream : data.path("result")) {
      for (JsonNode v : stream.path("values")) {
        if (v.size() >= 2) {
          lines.add(new LogLine(instant(v.get(0).asText()), v.get(1).asText()));
        }
      }
    }
    lines.sort(Comparator.comparing(LogLine::time, Comparator.nullsLast(Comparator.reverseOrder())));
    return lines;
  }

  /** {@code {namespace="NS", pod="POD"} |= "KEYWORD"}; every value a LogQL string literal. */
  static String logql(String namespace, String pod, String container, String keyword) {
    StringBuilder q = new StringBuilder("{namespace=").append(string(namespace)).append(", pod=").append(string(pod));
    if (container != null && !container.isEmpty()) {
      q.append(", container=").append(string(container));
    }
    q.append('}');
    if (keyword != null && !keyword.isEmpty()) {
      q.append(" |= ").append(string(keyword));
    }
    return q.toString();
  }

  /**
   * A LogQL double-quoted string: LogQL strings are Go string literals as PromQL's are, so the same escaping applies
   * (backslash, quote, control characters): a keyword can never end the string and add a stage of its own.
   */
  static String string(String s) {
    return io.taskscope.forecast.history.PromQl.stringLiteral(s);
  }

  static String nanos(Instant t) {
    return java.math.BigInteger.valueOf(t.getEpochSecond()).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
        .add(java.math.BigInteger.valueOf(t.getNano())).toString();
  }

  static Instant instant(String ns) {
    try {
      long n = Long.parseLong(ns);
      return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
