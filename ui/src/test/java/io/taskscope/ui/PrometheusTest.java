package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");
  final List<String> queries = new CopyOnWriteArrayList<>();
  HttpServer server;

  /** Answers query_range as Prometheus documents it: a matrix of [unix seconds, "value"] pairs. */
  String start(int status, String body, long delayMillis) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/query_range", ex -> {
      queries.add(URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static final String MATRIX = """
      {"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"pod":"a"},"values":[[1763625600,"1"],[1763625660,"2.5"]]},
        {"metric":{"pod":"b"},"values":[[1763625660,"0.5"],[1763625720,"NaN"]]}]}}""";

  @Test
  void queryRangeSumsTheSeriesOfTheAnswer() throws Exception {
    Prometheus p = new Prometheus(start(200, MATRIX, 0));
    TreeMap<Long, Double> v = p.queryRange("sum(up{job=\"x\"})", NOW.minusSeconds(120), NOW, Duration.ofSeconds(60));
    assertThat(v).containsExactly(Map.entry(1763625600L, 1.0), Map.entry(1763625660L, 3.0));
    assertThat(queries.get(0)).startsWith("query=sum(up{job=\"x\"})&start=" + (NOW.getEpochSecond() - 120)
        + "&end=" + NOW.getEpochSecond() + "&step=60");
  }

  @Test
  void errorsNameWhatWentWrong() throws Exception {
    Prometheus p = new Prometheus(start(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse "
        + "error\"}", 0));
    assertThatThrownBy(() -> p.queryRange("x(", NOW, NOW, Duration.ofSeconds(60)))
        .hasMessage("HTTP 400: bad_data parse error");
  }

  @Test
  void chartsComeFromPrometheusWithTaskSelectors() throws Exception {
    ChartSection s = new ChartSection(new Prometheus(start(200, MATRIX, 0)), new MetricHistory());
    Html h = new Html();
    s.render(h, "Deployment", "demo", "web", NOW);
    assertThat(h.toString()).doesNotContain("banner").contains("aria-label=\"CPU\" data-chart=\"{&quot;x&quot;:["
        + "1763625600,1763625660],&quot;series&quot;:[{&quot;label&quot;:&quot;cpu&quot;,&quot;color&quot;:"
        + "&quot;#0b5cad&quot;,&quot;values&quot;:[1.0,3.0]}],&quot;height&quot;:180}\"")
        .contains("from Prometheus").contains("aria-label=\"Power\"");
    assertThat(queries).anyMatch(q -> q.contains("workload:mem_usage:megabytes{namespace=\"demo\","
        + "workload_type=\"Deployment\",workload=\"web\"}"));
    // replicas and restarts are the view's, from memory (empty here)
    assertThat(h.toString()).contains("Workers ready").contains("no data yet");
  }

  @Test
  void aPrometheusThatIsDownGivesABannerAndTheRestRenders() throws Exception {
    String url = start(200, MATRIX, 0);
    server.stop(0);
    server = null;
    Html h = new Html();
    new ChartSection(new Prometheus(url), new MetricHistory()).render(h, "IncrementalLearningJob", "demo", "il", NOW);
    assertThat(h.toString()).contains("<p class=\"banner\" role=\"status\">Prometheus (" + url.substring(0,
        url.length() - 1) + ") is unavailable").contains("Iterations (train runs)")
        .contains("no data: Prometheus unavailable");
  }

  @Test
  void aSlowPrometheusTimesOutWithABanner() throws Exception {
    String url = start(200, MATRIX, 3_000);
    long t0 = System.nanoTime();
    Html h = new Html();
    new ChartSection(new Prometheus(url, Duration.ofMillis(200)), new MetricHistory())
        .render(h, "FederatedLearningJob", "demo", "fl", NOW);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    assertThat(h.toString()).contains("is unavailable: no answer within 200 ms").contains("Training rounds");
  }
}
