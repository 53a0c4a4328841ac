package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiClientTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");
  HttpServer server;
  final AtomicReference<String> lastQuery = new AtomicReference<>();
  volatile int status = 200;
  volatile String body = """
      {"status":"success","data":{"resultType":"streams","result":[
        {"stream":{"namespace":"demo","pod":"p","container":"a"},
         "values":[["1763632800000000000","ERROR first <b>"],["1763632700000000000","ERROR older"]]},
        {"stream":{"namespace":"demo","pod":"p","container":"b"},
         "values":[["1763632750500000000","ERROR middle"]]}]}}
      """;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/loki/api/v1/query_range", ex -> {
      lastQuery.set(ex.getRequestURI().getRawQuery());
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void logqlStringsEscapeQuotesBackslashesAndControls() {
    assertThat(LokiClient.string("plain")).isEqualTo("\"plain\"");
    assertThat(LokiClient.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(LokiClient.string("l1\nl2\r\t\u0001\u007f")).isEqualTo("\"l1\\nl2\\r\\t\\x01\\x7f\"");
    assertThat(LokiClient.string("\"} |= \"x")).isEqualTo("\"\\\"} |= \\\"x\"");
    assertThat(LokiClient.logql("demo", "p-1", "", "hard example"))
        .isEqualTo("{namespace=\"demo\", pod=\"p-1\"} |= \"hard example\"");
    assertThat(LokiClient.logql("demo", "p", "c", "")).isEqualTo("{namespace=\"demo\", pod=\"p\", container=\"c\"}");
  }

  @Test
  void queriesBackwardInNanosecondsAndMergesStreamsNewestFirst() throws IOException {
    List<LogLine> lines = new LokiClient(url() + "/").query("demo", "p", "", "ERR\"OR", NOW.minusSeconds(3600),
        NOW, 100);
    assertThat(lines).extracting(LogLine::text).containsExactly("ERROR first <b>", "ERROR middle", "ERROR older");
    assertThat(lines.get(1).time()).isEqualTo(Instant.parse("2025-11-20T09:59:10.500Z"));
    Map<String, String> q = query(lastQuery.get());
    assertThat(q).containsEntry("query", "{namespace=\"demo\", pod=\"p\"} |= \"ERR\\\"OR\"")
        .containsEntry("direction", "backward").containsEntry("limit", "100")
        .containsEntry("start", "1763629200000000000").containsEntry("end", "1763632800000000000");
  }

  @Test
  void errorsAndOddAnswersAreIoExceptions() {
    LokiClient c = new LokiClient(url());
    status = 500;
    body = "too many outstanding requests";
    assertThatThrownBy(() -> c.query("demo", "p", "", "", NOW.minusSeconds(60), NOW, 10))
        .isInstanceOf(IOException.class).hasMessage("HTTP 500: too many outstanding requests");
    status = 200;
    body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    assertThatThrownBy(() -> c.query("demo", "p", "", "", NOW.minusSeconds(60), NOW, 10))
        .hasMessageContaining("expected resultType streams");
    body = "<html>";
    assertThatThrownBy(() -> c.query("demo", "p", "", "", NOW.minusSeconds(60), NOW, 10))
        .hasMessageContaining("unreadable answer");
    server.stop(0);
    assertThatThrownBy(() -> c.query("demo", "p", "", "", NOW.minusSeconds(60), NOW, 10))
        .isInstanceOf(IOException.class);
  }

  @Test
  void logsPageReadsLokiAndMarksMatches() throws Exception {
    FakeClusterView view = new FakeClusterView().add("""
        apiVersion: sedna.io/v1alpha1
        kind: Model
        metadata: {name: m, namespace: demo}
        """);
    String html = new LogsPage(view, () -> NOW, new LokiClient(url())).page(Map.of("pod", "demo/p", "q", "error"));
    assertThat(html).contains("3 lines containing").contains("<mark>ERROR</mark> first &lt;b&gt;")
        .contains("From Loki").contains("Pod demo/p is not in the cluster now.");
    assertThat(query(lastQuery.get()).get("query")).isEqualTo("{namespace=\"demo\", pod=\"p\"} |= \"error\"");
    // a namespace the view shows nothing of is not read from Loki (tenants see their namespaces only)
    lastQuery.set(null);
    String other = new LogsPage(view, () -> NOW, new LokiClient(url())).page(Map.of("pod", "kube-system/p"));
    assertThat(other).contains("Loki unavailable: namespace kube-system has no pod or task visible here");
    assertThat(lastQuery.get()).isNull();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      m.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
