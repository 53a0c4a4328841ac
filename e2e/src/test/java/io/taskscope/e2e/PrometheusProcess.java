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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus} binary) started on a free loopback port, either scraping one target
 * every second or with a whole configuration of the caller's ({@link #start(ConfigBody, String...)}). Its data lives in
 * a temporary directory removed on {@link #close()}.
 */
public final class PrometheusProcess implements AutoCloseable {
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

  /** A complete prometheus.yml, written as given. */
  public record ConfigBody(String yaml) {}

  public static String binary() {
    for (String p : new String[] {"/usr/bin/prometheus", "/usr/local/bin/prometheus"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("prometheus binary not found: bin/test installs Debian's 'prometheus' package");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts Prometheus scraping {@code target} (host:port) every second, with the given extra rule files. */
  public static PrometheusProcess start(String target, Path... ruleFiles) throws Exception {
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
    return launch(dir, cfg.toString());
  }

  /**
   * Starts Prometheus with {@code config} as its whole prometheus.yml (rule files by absolute path) and any extra
   * command-line flags, e.g. {@code --web.enable-lifecycle}.
   */
  public static PrometheusProcess start(ConfigBody config, String... extraFlags) throws Exception {
    return launch(Files.createTempDirectory("taskscope-prom"), config.yaml(), extraFlags);
  }

  private static PrometheusProcess launch(Path dir, String yaml, String... extraFlags) throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, yaml);
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(binary(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    cmd.addAll(List.of(extraFlags));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile());
    PrometheusProcess p;
    try {
      p = new PrometheusProcess(pb.start(), dir, port);
    } catch (IOException e) {
      deleteTree(dir);
      throw e;
    }
    try {
      p.awaitReady(Duration.ofSeconds(30));
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** The prometheus.yml this process runs with. */
  public Path configFile() {
    return dir.resolve("prometheus.yml");
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

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Runs an instant query and returns {@code data.result}. */
  public JsonNode query(String promql) throws Exception {
    String url = base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query failed (" + r.statusCode() + "): " + promql + " -> " + r.body());
    }
    return body.path("data").path("result");
  }

  /** {@code data} of any GET on Prometheus' HTTP API, e.g. {@code /api/v1/rules}. */
  public JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body()).path("data");
  }

  /** Target health as Prometheus reports it ("up", "down" or "unknown") and its last error. */
  public JsonNode targets() throws Exception {
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
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
