package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.sdk.MetricCollector;
import io.taskscope.sdk.PushException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Java SDK and {@code taskscope push} against a real {@code taskscope serve --push-only}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaSdkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  ServerProcess ts;

  @BeforeAll
  void start() throws Exception {
    ts = Processes.taskscope(false);
  }

  @AfterAll
  void stop() throws Exception {
    if (ts != null) {
      ts.close();
    }
  }

  Set<String> samples() throws Exception {
    return Exposition.pushedSamples(RawHttp.send(ts.port(), new RawHttp.Request("GET", "/metrics", null, null)).body());
  }

  JsonNode group(Map<String, String> labels) throws Exception {
    JsonNode all = JSON.readTree(RawHttp.send(ts.port(), new RawHttp.Request("GET", "/api/v1/metrics", null, null)).body());
    for (JsonNode g : all.path("data")) {
      if (JSON.convertValue(g.path("labels"), Map.class).equals(labels)) {
        return g;
      }
    }
    return null;
  }

  @Test
  void pushPushAddDeleteWithBase64GroupingValues() throws Exception {
    MetricCollector c = MetricCollector.builder().url(ts.base()).job("java/sdk").label("instance", "")
        .label("path", "/data/x").label("plain", "a b").build();
    Map<String, String> key = Map.of("job", "java/sdk", "instance", "", "path", "/data/x", "plain", "a b");
    c.gauge("jsdk_accuracy", "validation \"accuracy\"\nsecond line", Map.of("model", "r\\n50"), 0.93)
        .counter("jsdk_samples_total", "samples", 12000)
        .info("jsdk_build", "build", Map.of("version", "1.2.3"));
    c.push();
    assertThat(samples()).contains(
        "jsdk_accuracy{job=\"java/sdk\",model=\"r\\\\n50\",path=\"/data/x\",plain=\"a b\"} 0.93",
        "jsdk_samples_total{job=\"java/sdk\",path=\"/data/x\",plain=\"a b\"} 12000.0",
        "jsdk_build_info{job=\"java/sdk\",path=\"/data/x\",plain=\"a b\",version=\"1.2.3\"} 1.0");
    JsonNode g = group(key);
    assertThat(g).isNotNull();
    assertThat(g.path("jsdk_accuracy").path("help").asText()).isEqualTo("validation \"accuracy\"\nsecond line");
    assertThat(g.path("jsdk_samples_total").path("type").asText()).isEqualTo("COUNTER");

    MetricCollector add = MetricCollector.builder().url(ts.base()).job("java/sdk").label("instance", "")
        .label("path", "/data/x").label("plain", "a b").build().gauge("jsdk_loss", "loss", 0.1);
    add.pushAdd();
    assertThat(group(key).has("jsdk_accuracy")).isTrue();
    assertThat(group(key).has("jsdk_loss")).isTrue();
    add.push();
    assertThat(group(key).has("jsdk_accuracy")).isFalse();
    add.delete();
    assertThat(group(key)).isNull();
  }

  @Test
  void conflictIsPushExceptionWithStatusAndMessage() throws Exception {
    MetricCollector.builder().url(ts.base()).job("jsdk-a").build().gauge("jsdk_conflict", "h", 1).push();
    MetricCollector b = MetricCollector.builder().url(ts.base()).job("jsdk-b").build();
    b.counter("jsdk_conflict", "h", 1);
    assertThatThrownBy(b::push).isInstanceOfSatisfying(PushException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.serverMessage()).contains("jsdk_conflict");
    });
    assertThat(group(Map.of("job", "jsdk-b")) == null
        || !group(Map.of("job", "jsdk-b")).has("jsdk_conflict")).isTrue();
  }

  @Test
  void parseAndPushSimplepipe() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "simple");
    m.put("description", "generated random integer");
    m.put("value", "6");
    m.put("metric_type", "gauge");
    MetricCollector.builder().url(ts.base()).label("stage", "train").build().parseAndPush(List.of(m), "jsdk-sp");
    assertThat(samples()).contains("simple{job=\"jsdk-sp\",stage=\"train\"} 6.0");
    Map<String, Object> bad = new LinkedHashMap<>(m);
    bad.put("metric_type", "enum");
    assertThatThrownBy(() -> MetricCollector.builder().url(ts.base()).build().parseAndPush(List.of(bad), "jsdk-sp"))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.serverMessage()).contains("metric_type");
        });
  }

  int cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Processes.classpath(), "io.taskscope.server.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void taskscopePushCommand() throws Exception {
    Path fixtures = io.taskscope.testkit.TestData.path("simplepipe");
    assertThat(cli("push", fixtures.resolve("all_types.metrics.json").toString(), "--url", ts.base(), "--job",
        "argo-step", "--label", "namespace=alice")).isZero();
    assertThat(samples()).contains("job_runtime_seconds{job=\"argo-step\",namespace=\"alice\"} 12.5");
    assertThat(cli("push", fixtures.resolve("SOURCES.txt").toString(), "--url", ts.base(), "--job", "x")).isEqualTo(2);
  }
}
