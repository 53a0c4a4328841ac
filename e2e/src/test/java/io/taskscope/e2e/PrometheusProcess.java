package io.taskscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus} binary) started on a free loopback port, either scraping one target
 * every second or with a whole configuration of the caller's ({@link #start(ConfigBody, String...)}). Its data lives in
 * a temporary directory removed on {@link #close()}.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerProcess server;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusProcess(ServerProcess server, Path dir) {
    this.server = server;
    this.dir = dir;
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

  /** Starts Prometheus scraping {@code target} (host:port) every second, with the given extra rule files. */
  public static PrometheusProcess start(String target, Path... ruleFiles) throws Exception {
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
    return launch(cfg.toString());
  }

  /**
   * Starts Prometheus with {@code config} as its whole prometheus.yml (rule files by absolute path) and any extra
   * command-line flags, e.g. {@code --web.enable-lifecycle}.
   */
  public static PrometheusProcess start(ConfigBody config, String... extraFlags) throws Exception {
    return launch(config.yaml(), extraFlags);
  }

  private static PrometheusProcess launch(String yaml, String... extraFlags) throws Exception {
    String binary = binary();
    Path dir = Files.createTempDirectory("taskscope-prom");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, yaml);
    int port = ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(binary, "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    cmd.addAll(List.of(extraFlags));
    return new PrometheusProcess(ServerProcess.start("prometheus", dir, cmd, "http://127.0.0.1:" + port,
        "/-/ready"), dir);
  }

  /** The prometheus.yml this process runs with. */
  public Path configFile() {
    return dir.resolve("prometheus.yml");
  }

  public String base() {
    return server.base();
  }

  public String log() {
    return server.log();
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
    server.close();
  }
}
