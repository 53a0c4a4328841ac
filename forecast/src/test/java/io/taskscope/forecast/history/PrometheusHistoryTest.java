package io.taskscope.forecast.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final HttpOptions FAST =
      HttpOptions.DEFAULTS.withBackoff(Duration.ofMillis(10), Duration.ofSeconds(2));

  private HttpServer server;
  /** Scripted answers, one per request; when empty, {@link #fallback} answers. */
  private final Deque<Function<Map<String, String>, Reply>> script = new ArrayDeque<>();
  private Function<Map<String, String>, Reply> fallback = q -> new Reply(500, "{}", null);
  private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> sleeps = new ArrayList<>();

  record Reply(int status, String body, String retryAfter) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/query_range", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    Map<String, String> q = new HashMap<>();
    for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    requests.add(q);
    Function<Map<String, String>, Reply> f;
    synchronized (script) {
      f = script.isEmpty() ? fallback : script.poll();
    }
    Reply r = f.apply(q);
    if (r.retryAfter() != null) {
      ex.getResponseHeaders().add("Retry-After", r.retryAfter());
    }
    byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(r.status(), b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  /** Back-off waits are recorded, not slept, so the tests stay fast. */
  private PrometheusHistory client(HttpOptions o) {
    return new PrometheusHistory("http://127.0.0.1:" + server.getAddress().getPort() + "/", o, sleeps::add);
  }

  /** A matrix answer with one series per entry; each series is a list of {seconds, value} pairs. */
  private static String matrix(String... series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + String.join(",", series)
        + "]}}";
  }

  private static String series(String labels, String values) {
    return "{\"metric\":{" + labels + "},\"values\":[" + values + "]}";
  }

  private static long s(int minutes) {
    return T0.plus(MIN.multipliedBy(minutes)).getEpochSecond();
  }

  private static Reply ok(String body) {
    return new Reply(200, body, null);
  }

  @Test
  void samplesLandOnTheGridAndMissingPointsAreNaN() throws Exception {
    script.add(q -> ok(matrix(series("\"job\":\"a\"",
        "[" + s(0) + ",\"1\"],[" + s(1) + ",\"2.5\"],[" + s(3) + ",\"NaN\"],[" + s(4) + ",\"+Inf\"]"))));
    Series got = client(FAST).read("up{job=\"a\"}", T0, T0.plus(MIN.multipliedBy(5)), MIN);
    assertThat(got.start()).isEqualTo(T0);
    assertThat(got.step()).isEqualTo(MIN);
    assertThat(got.values()).containsExactly(1, 2.5, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN);
    Map<String, String> q = requests.get(0);
    assertThat(q).containsEntry("query", "up{job=\"a\"}").containsEntry("start", s(0) + ".000")
        .containsEntry("end", s(5) + ".000").containsEntry("step", "60.000");
  }

  @Test
  void fractionalTimestampsMapExactly() throws Exception {
    Instant start = T0.plusMillis(123);
    script.add(q -> ok(matrix(series("", "[" + s(0) + ".123,\"7\"],[" + (s(0) + 10) + ".123,\"8\"]"))));
    Series got = client(FAST).read("x", start, start.plusSeconds(10), Duration.ofSeconds(5));
    assertThat(got.values()).containsExactly(7, Double.NaN, 8);
  }

  @Test
  void longRangesAreSplitIntoSubRangesOfAtMostMaxPoints() throws Exception {
    fallback = q -> {
      long from = (long) Double.parseDouble(q.get("start"));
      long to = (long) Double.parseDouble(q.get("end"));
      StringBuilder v = new StringBuilder();
      for (long t = from; t <= to; t += 60) {
        v.append(v.isEmpty() ? "" : ",").append('[').append(t).append(",\"").append((t - s(0)) / 60).append("\"]");
      }
      return ok(matrix(series("\"job\":\"a\"", v.toString())));
    };
    Series got = client(FAST.withMaxPoints(4)).read("x", T0, T0.plus(MIN.multipliedBy(9)), MIN);
    assertThat(got.values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(requests).extracting(q -> q.get("start") + ".." + q.get("end")).containsExactly(
        s(0) + ".000.." + s(3) + ".000", s(4) + ".000.." + s(7) + ".000", s(8) + ".000.." + s(9) + ".000");
  }

  @Test
  void anEmptySubRangeIsAGapNotAFailure() throws Exception {
    script.add(q -> ok(matrix()));
    script.add(q -> ok(matrix(series("", "[" + s(2) + ",\"5\"]"))));
    Series got = client(FAST.withMaxPoints(2)).read("x", T0, T0.plus(MIN.multipliedBy(3)), MIN);
    assertThat(got.values()).containsExactly(Double.NaN, Double.NaN, 5, Double.NaN);
  }

  @Test
  void aServerErrorIsRetriedThenSucceeds() throws Exception {
    script.add(q -> new Reply(500, "oops", null));
    script.add(q -> ok(matrix(series("", "[" + s(0) + ",\"3\"]"))));
    Series got = client(FAST).read("x", T0, T0, MIN);
    assertThat(got.values()).containsExactly(3);
    assertThat(requests).hasSize(2);
    assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(5),
        Duration.ofMillis(10)));
  }

  @Test
  void tooManyRequestsHonoursRetryAfterCapped() throws Exception {
    script.add(q -> new Reply(429, "slow down", "1"));
    script.add(q -> new Reply(429, "slow down", "3600"));
    script.add(q -> ok(matrix(series("", "[" + s(0) + ",\"3\"]"))));
    HttpOptions o = FAST.withBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
    assertThat(client(o).read("x", T0, T0, MIN).values()).containsExactly(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
  }

  @Test
  void retryAfterWithinTheCapIsUsedAsGiven() throws Exception {
    script.add(q -> new Reply(429, "slow down", "1"));
    script.add(q -> ok(matrix(series("", "[" + s(0) + ",\"3\"]"))));
    client(FAST).read("x", T0, T0, MIN);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void badDataIsNotRetriedAndCarriesPrometheusMessage() {
    fallback = q -> new Reply(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
        + "\"invalid parameter \\\"query\\\": 1:5: parse error: unexpected right parenthesis ')'\"}", null);
    assertThatThrownBy(() -> client(FAST).read("rate(", T0, T0.plusSeconds(60), MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY))
        .hasMessageContaining("bad_data").hasMessageContaining("unexpected right parenthesis");
    assertThat(requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    fallback = q -> new Reply(404, "404 page not found", null);
    assertThatThrownBy(() -> client(FAST).read("x", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("HTTP 404");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aSubMillisecondGridIsRefusedUpFront() {
    assertThatThrownBy(() -> client(FAST).read("x", T0, T0.plusSeconds(1), Duration.ofNanos(1500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole milliseconds");
    assertThat(requests).isEmpty();
  }

  @Test
  void persistentServerErrorsBecomeUnavailableAfterMaxAttempts() {
    assertThatThrownBy(() -> client(FAST.withMaxAttempts(4)).read("x", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("4 attempt(s)").hasMessageContaining("HTTP 500");
    assertThat(requests).hasSize(4);
    // back-off doubles: 10, 20, 40 ms, each with jitter into [half, full)
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void connectionRefusedBecomesUnavailableAfterNAttemptsInBoundedTime() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    PrometheusHistory h = new PrometheusHistory("http://127.0.0.1:" + port, FAST, d -> {
      sleeps.add(d);
      Thread.sleep(d);
    });
    long t = System.nanoTime();
    assertThatThrownBy(() -> h.read("x", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("3 attempt(s)").hasMessageContaining("ConnectException");
    assertThat(sleeps).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void noSeriesIsNoData() {
    script.add(q -> ok(matrix()));
    assertThatThrownBy(() -> client(FAST).read("x", T0, T0.plusSeconds(120), MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_DATA))
        .hasMessageContaining("no series for x");
  }

  @Test
  void severalSeriesAreRefusedNamingTheCount() {
    script.add(q -> ok(matrix(series("\"i\":\"1\"", ""), series("\"i\":\"2\"", ""), series("\"i\":\"3\"", ""))));
    assertThatThrownBy(() -> client(FAST).read("x", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_SERIES))
        .hasMessageContaining("selects 3 series");
  }

  @Test
  void aDifferentSeriesInAnotherSubRangeIsAlsoTooMany() {
    script.add(q -> ok(matrix(series("\"i\":\"1\"", "[" + s(0) + ",\"1\"]"))));
    script.add(q -> ok(matrix(series("\"i\":\"2\"", "[" + s(1) + ",\"1\"]"))));
    assertThatThrownBy(() -> client(FAST.withMaxPoints(1)).read("x", T0, T0.plus(MIN), MIN))
        .isInstanceOfSatisfying(HistoryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_SERIES));
  }

  @Test
  void anOversizedBodyIsRefusedNotBuffered() {
    fallback = q -> ok(matrix(series("\"pad\":\"" + "x".repeat(5000) + "\"", "")));
    assertThatThrownBy(() -> client(FAST.withMaxBodyBytes(1024)).read("x", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("larger than 1024 bytes");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aScalarResultIsABadQuery() {
    script.add(q -> ok("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}"));
    assertThatThrownBy(() -> client(FAST).read("1", T0, T0, MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY));
  }
}
