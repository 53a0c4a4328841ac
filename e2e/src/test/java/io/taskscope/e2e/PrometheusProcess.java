package io.taskscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus} binary) started on a free loopback port, scraping one target every
 * second. Its data lives in a temporary directory removed on {@link #close()}.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static String binary() {
    for (String p : new String[] {"/usr/bin/prometheus", "/usr/local/bin/prometheus"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("prometheus binary not found: bin/test installs Debian's 'prometheus' package");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts Prometheus scraping {@code target} (host:port) every second, with the given extra rule files. */
  static PrometheusProcess start(String target, Path... ruleFiles) throws Exception {
    Path dir = Files.createTempDirectory("taskscope-prom");
    StringBuilder cfg = new StringBuilder();
    cfg.append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
    if (ruleFiles.length > 0) {
      cfg.append("rule_files:\n");
      for (Path r : ruleFiles) {
        cfg.append("  - ").append(r.toAbsolutePath()).append('\n');
      }
    }
    cfg.append("scrape_configs:\n  - job_name: taskscope\n    honor_labels: true\n    static_configs:\n")
        .append("      - targets: ['").append(target).append("']\n");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, cfg);
    int port = freePort();
    ProcessBuilder pb = new ProcessBuilder(binary(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile());
    PrometheusProcess p = new PrometheusProcess(pb.start(), dir, port);
    p.awaitReady(Duration.ofSeconds(30));
    return p;
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + log());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready within " + timeout + ": " + log());
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Runs an instant query and returns {@code data.result}. */
  JsonNode query(String promql) throws Exception {
    String url = base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query failed (" + r.statusCode() + "): " + promql + " -> " + r.body());
    }
    return body.path("data").path("result");
  }

  /** Target health as Prometheus reports it ("up", "down" or "unknown") and its last error. */
  JsonNode targets() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/targets")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("data").path("activeTargets");
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
