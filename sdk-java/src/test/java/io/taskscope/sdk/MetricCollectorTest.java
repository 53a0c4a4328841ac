package io.taskscope.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricCollectorTest {
  Peer peer;

  @BeforeEach
  void start() throws Exception {
    peer = new Peer();
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  @Test
  void pushSendsPutWithTextBodyAndGroupingPath() throws Exception {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("train").label("instance", "w-0").build();
    c.gauge("accuracy", "validation accuracy", 0.93).counter("samples_total", "samples seen", 12000);
    c.push();
    Peer.Request r = peer.last();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.rawPath()).isEqualTo("/metrics/job/train/instance/w-0");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.header("Authorization")).isNull();
    assertThat(r.body()).isEqualTo("""
        # HELP accuracy validation accuracy
        # TYPE accuracy gauge
        accuracy 0.93
        # HELP samples_total samples seen
        # TYPE samples_total counter
        samples_total 12000
        """);
  }

  @Test
  void pushAddIsPostAndDeleteIsDeleteWithoutBody() throws Exception {
    MetricCollector c = MetricCollector.builder().url(peer.url() + "/").job("j").token("s3cret").build();
    c.gauge("g", "h", 1);
    c.pushAdd();
    assertThat(peer.last().method()).isEqualTo("POST");
    assertThat(peer.last().header("Authorization")).isEqualTo("Bearer s3cret");
    peer.status = 202;
    c.delete();
    assertThat(peer.last().method()).isEqualTo("DELETE");
    assertThat(peer.last().rawPath()).isEqualTo("/metrics/job/j");
    assertThat(peer.last().body()).isEmpty();
  }

  @Test
  void base64ForSlashesEmptyValuesAndDotSegments() throws Exception {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("a/b").label("path", "/var/tmp")
        .label("empty", "").label("dot", "..").label("plain", "x y+ü").build();
    c.push();
    String p = peer.last().rawPath();
    assertThat(p).isEqualTo("/metrics/job@base64/" + b64("a/b") + "/dot@base64/" + b64("..")
        + "/empty@base64/=/path@base64/" + b64("/var/tmp") + "/plain/x%20y%2B%C3%BC");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textEscapesHelpAndLabelValues() {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("j").build();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("path", "C:\\dir\n\"q\"");
    c.gauge("m", "line1\nback\\slash \"quoted\"", labels, Double.NaN);
    c.gauge("inf", null, Double.POSITIVE_INFINITY);
    c.gauge("ninf", "", Double.NEGATIVE_INFINITY);
    assertThat(c.text()).isEqualTo("""
        # HELP m line1\\nback\\\\slash "quoted"
        # TYPE m gauge
        m{path="C:\\\\dir\\n\\"q\\""} NaN
        # TYPE inf gauge
        inf +Inf
        # HELP ninf\s
        # TYPE ninf gauge
        ninf -Inf
        """);
  }

  @Test
  void infoBecomesGaugeWithLabelsAndValueOne() {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("j").build();
    c.info("model", "model build", Map.of("version", "1.2.3", "framework", "sklearn"));
    assertThat(c.text()).isEqualTo("""
        # HELP model_info model build
        # TYPE model_info gauge
        model_info{framework="sklearn",version="1.2.3"} 1
        """);
  }

  @Test
  void sameNameDifferentLabelsAreOneFamilyAndLaterValueWins() {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("j").build();
    c.gauge("g", "h", Map.of("a", "1"), 1).gauge("g", "h", Map.of("a", "2"), 2).gauge("g", "h", Map.of("a", "1"), 3);
    assertThat(c.text()).isEqualTo("# HELP g h\n# TYPE g gauge\ng{a=\"1\"} 3\ng{a=\"2\"} 2\n");
    assertThatThrownBy(() -> c.counter("g", "h", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already added as gauge");
  }

  @Test
  void invalidNamesAreRejectedBeforeAnyRequest() {
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("j").build();
    assertThatThrownBy(() -> c.gauge("1bad", "h", 1)).hasMessageContaining("invalid metric name \"1bad\"");
    assertThatThrownBy(() -> c.gauge("ok", "h", Map.of("bad-label", "v"), 1))
        .hasMessageContaining("invalid label name \"bad-label\"");
    assertThatThrownBy(() -> c.gauge("ok", "h", Map.of("__reserved", "v"), 1)).hasMessageContaining("reserved");
    assertThatThrownBy(() -> c.counter("c_total", "h", -1)).hasMessageContaining("cannot be -1");
    assertThatThrownBy(() -> MetricCollector.builder().url(peer.url()).job("").build())
        .hasMessageContaining("job name must not be empty");
    assertThatThrownBy(() -> MetricCollector.builder().url(peer.url()).label("job", "x"))
        .hasMessageContaining("job(...)");
    assertThatThrownBy(() -> MetricCollector.builder().build()).hasMessageContaining("url is required");
    assertThat(peer.requests).isEmpty();
  }

  @Test
  void non2xxBecomesPushExceptionWithStatusAndMessage() {
    peer.status = 400;
    peer.answer = "pushed metrics are invalid or inconsistent with existing metrics: collected metric x\n";
    MetricCollector c = MetricCollector.builder().url(peer.url()).job("j").build();
    c.gauge("x", "h", 1);
    assertThatThrownBy(c::push).isInstanceOfSatisfying(PushException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.method()).isEqualTo("PUT");
      assertThat(e.serverMessage()).isEqualTo(
          "pushed metrics are invalid or inconsistent with existing metrics: collected metric x");
      assertThat(e.getMessage()).contains("HTTP 400").contains("/metrics/job/j").contains("inconsistent");
    });
  }

  @Test
  void connectionFailureNamesTheUrl() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MetricCollector c = MetricCollector.builder().url("127.0.0.1:" + port).job("j")
        .timeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(c::push).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("http://127.0.0.1:" + port + "/metrics/job/j");
  }

  @Test
  void parseAndPushPostsSimplepipeJson() throws Exception {
    MetricCollector c = MetricCollector.builder().url(peer.url()).build();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "model");
    info.put("description", "a \"quoted\"\nhelp");
    info.put("value", Map.of("version", "1.2.3"));
    info.put("metric_type", "info");
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("name", "simple");
    g.put("description", "generated random integer");
    g.put("value", "6");
    g.put("metric_type", "gauge");
    c.parseAndPush(List.of(g, info), "example from dict");
    Peer.Request r = peer.last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo("/api/v1/simplepipe");
    assertThat(r.rawQuery()).isEqualTo("job=example+from+dict");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo("[{\"name\":\"simple\",\"description\":\"generated random integer\",\"value\":\"6\","
        + "\"metric_type\":\"gauge\"},{\"name\":\"model\",\"description\":\"a \\\"quoted\\\"\\nhelp\","
        + "\"value\":{\"version\":\"1.2.3\"},\"metric_type\":\"info\"}]");
    assertThatThrownBy(() -> c.parseAndPush(List.of(), "")).hasMessageContaining("job name");
    MetricCollector labelled = MetricCollector.builder().url(peer.url()).label("stage", "train").label("a", "x=y&z")
        .build();
    labelled.parseAndPush(List.of(g), "j");
    assertThat(peer.last().rawQuery()).isEqualTo("job=j&label=a%3Dx%3Dy%26z&label=stage%3Dtrain");
    assertThatThrownBy(c::push).isInstanceOf(IllegalStateException.class).hasMessageContaining("no job set");
  }
}
