package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/taskscope serve --push-only} as users start it: the launcher's small-heap profile, and the hub's
 * answers at that heap's bounds (a body too large for it gets 413 naming the heap, not an OutOfMemoryError).
 */
class LauncherPushOnlyTest {
  final HttpClient http = HttpClient.newHttpClient();

  static ServerProcess launch(String... env) throws Exception {
    Path dir = Files.createTempDirectory("taskscope-launcher");
    int port = ServerProcess.freePort();
    Path launcher = Path.of("..", "bin", "taskscope").toAbsolutePath().normalize();
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home")));
    cmd.addAll(List.of(env));
    cmd.addAll(List.of(launcher.toString(), "serve", "--push-only", "--port", Integer.toString(port), "--data-dir",
        dir.resolve("data").toString()));
    return ServerProcess.start("taskscope", dir, cmd, "http://127.0.0.1:" + port, "/-/healthy",
        Duration.ofSeconds(120));
  }

  /** The JVM's command line (the launcher ends in exec, so the process started is the JVM). */
  static String jvmArgs(ServerProcess s) throws Exception {
    return Files.readString(Path.of("/proc", Long.toString(s.pid()), "cmdline"), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }

  HttpResponse<String> put(ServerProcess s, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.base() + path)).PUT(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static String lines(int n) {
    StringBuilder sb = new StringBuilder("# TYPE m gauge\n");
    for (int i = 0; i < n; i++) {
      sb.append("m{series=\"").append(i).append("\"} ").append(i).append('\n');
    }
    return sb.toString();
  }

  @Test
  void pushOnlyRunsOnASmallHeapAndAnswersAtItsBounds() throws Exception {
    try (ServerProcess s = launch()) {
      assertThat(jvmArgs(s)).contains(" -Xmx36m ").contains(" -XX:+UseSerialGC ").contains(" -Xshare:off ");
      assertThat(put(s, "/metrics/job/small", lines(1000)).statusCode()).isEqualTo(200);
      HttpResponse<String> big = put(s, "/metrics/job/big", lines(40_000)); // ~1 MB, more than a 36 MiB heap takes
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).startsWith("request body too large: the limit is ")
          .contains("lowered from 16777216 to fit this hub's heap of ").contains("a larger -Xmx raises it");
      String metrics = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("m{instance=\"\",job=\"small\",series=\"999\"} 999\n").doesNotContain("job=\"big\"");
    }
  }

  /**
   * 100,000 series fill a good part of the 36 MiB heap; every way of reading them back (text, protobuf, the JSON API)
   * must stream instead of building the whole answer in memory.
   */
  @Test
  void aFullSmallHubAnswersEveryReadFormat() throws Exception {
    try (ServerProcess s = launch()) {
      for (int g = 0; g < 1000; g++) {
        assertThat(put(s, "/metrics/job/load/instance/" + g, lines(100)).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(json.statusCode()).isEqualTo(200);
      com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(json.body()).get("data");
      assertThat(data.size()).isEqualTo(1000);
      assertThat(data.get(0).get("m").get("metrics").size()).isEqualTo(100);
      HttpResponse<java.io.InputStream> pb = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/metrics"))
          .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(pb.statusCode()).isEqualTo(200);
      int series = 0;
      try (java.io.InputStream in = pb.body()) {
        io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily f;
        while ((f = io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily
            .parseDelimitedFrom(in)) != null) {
          if (f.getName().equals("m")) {
            series += f.getMetricCount();
          }
        }
      }
      assertThat(series).isEqualTo(100_000);
      assertThat(s.log()).doesNotContain("OutOfMemoryError");
      assertThat(put(s, "/metrics/job/after", lines(10)).statusCode()).isEqualTo(200); // still serving
    }
  }

  @Test
  void taskscopeHeapRaisesTheHeapAndWithItTheBodyLimit() throws Exception {
    try (ServerProcess s = launch("TASKSCOPE_HEAP=256m")) {
      assertThat(jvmArgs(s)).contains(" -Xmx256m ").doesNotContain("-Xmx36m");
      assertThat(put(s, "/metrics/job/big", lines(40_000)).statusCode()).isEqualTo(200);
    }
  }
}
