package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.ObjectStore;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpApiTest {
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpApi api;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    ObjectStore store = new ObjectStore(List.of(new FamilyHeader("sedna_task_active", "Active.", MetricType.GAUGE)));
    store.put("u1", RenderedObject.of(List.of(List.of(Sample.of("sedna_task_active", 2, "name", "a")))));
    api = new HttpApi("127.0.0.1", 0, new Exposition(registry, () -> List.of(store)), registry, ready::get);
    api.start();
    base = "http://127.0.0.1:" + api.port();
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void metricsNegotiatesTheFormat() throws Exception {
    get("/metrics"); // the scrape-duration histogram has a sample from the second scrape on
    HttpResponse<byte[]> text = get("/metrics");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(new String(text.body(), StandardCharsets.UTF_8)).contains("sedna_task_active{name=\"a\"} 2\n")
        .contains("taskscope_scrape_duration_seconds");

    HttpResponse<byte[]> om = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
    assertThat(new String(om.body(), StandardCharsets.UTF_8)).endsWith("# EOF\n");

    HttpResponse<byte[]> pb = get("/metrics", "Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    assertThat(pb.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.google.protobuf");
    assertThat(pb.body().length).isGreaterThan(20);
  }

  @Test
  void metricsIsGzippedWhenAsked() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(body).contains("sedna_task_active{name=\"a\"} 2\n");
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
    assertThat(get("/-/ready").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void wrongMethodAndUnknownPathAreClientErrors() throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(post.body()).contains("POST");
    HttpResponse<byte[]> unknown = get("/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("/nope");
  }

  @Test
  void acceptEncodingParsing() {
    assertThat(HttpApi.acceptsGzip("gzip, deflate")).isTrue();
    assertThat(HttpApi.acceptsGzip("deflate, gzip;q=0")).isFalse();
    assertThat(HttpApi.acceptsGzip(null)).isFalse();
    assertThat(HttpApi.acceptsGzip("identity")).isFalse();
  }
}
