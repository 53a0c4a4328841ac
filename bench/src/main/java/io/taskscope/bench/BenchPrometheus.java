package io.taskscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a loopback port chosen by the caller, scraping the demo
 * like the e2e stack does, with the shipped recording rules. Its config, data and log live in a temporary directory
 * removed on {@link #close()}.
 *
 * <p>Copied in part from the e2e test classes {@code PrometheusProcess} (binary lookup, launch, readiness, instant
 * query), {@code ServerProcess} (free port, stop, delete) and {@code DemoStack} (scrape jobs, {@code cluster} label,
 * rule files): the bench module cannot depend on e2e's test classes. Keep the scrape jobs in step with
 * {@code DemoStack.JOBS} (node-exporter left out: the bench has no host exporter).
 */
final class BenchPrometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The demo cluster's name, the {@code cluster} target label of every scrape (as in DemoStack). */
  static final String CLUSTER = "demo";

  /** Scrape job: name, path on the demo's port, honor_labels (exactly as DemoStack.JOBS, which the rules expect). */
  record Job(String name, String path, boolean honorLabels) {}

  static final List<Job> JOBS = List.of(
      new Job("taskscope", "/metrics", true),
      new Job("kube-state-metrics", "/sim/kube-state-metrics/metrics", false),
      new Job("kubelet", "/sim/kubelet/metrics/cadvisor", false),
      new Job("kepler", "/sim/kepler/metrics", true),
      new Job("dcgm-exporter", "/sim/dcgm-exporter/metrics", false));

  private final Process process;
  private final Path dir;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private BenchPrometheus(Process process, Path dir, String base) {
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  /** A free loopback port: bound on 0, closed, the number reused (a small race, as in e2e's ServerProcess). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  static String binary() {
    for (String p : new String[] {"/usr/bin/prometheus", "/usr/local/bin/prometheus"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("prometheus binary not found (Debian's 'prometheus' package)");
  }

  /** The shipped recording rules, {@code deploy/prometheus/rules/*.yml} of the checkout (run from its root). */
  static List<Path> ruleFiles() throws IOException {
    Path dir = Path.of("deploy", "prometheus", "rules");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "deploy", "prometheus", "rules");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("deploy/prometheus/rules not found: run from the checkout's root");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().map(Path::toAbsolutePath).toList();
    }
  }

  /** prometheus.yml: every job every {@code interval} on {@code demoTarget} (host:port), the rules evaluated alike. */
  static String config(String demoTarget, Duration interval, List<Path> rules) {
    long ms = interval.toMillis();
    StringBuilder y = new StringBuilder("global:\n")
        .append("  scrape_interval: ").append(ms).append("ms\n")
        .append("  scrape_timeout: ").append(ms).append("ms\n")
        .append("  evaluation_interval: ").append(ms).append("ms\n")
        .append("rule_files:\n");
    for (Path r : rules) {
      y.append("  - '").append(r).append("'\n");
    }
    y.append("scrape_configs:\n");
    for (Job job : JOBS) {
      y.append("  - job_name: ").append(job.name()).append('\n');
      if (job.honorLabels()) {
        y.append("    honor_labels: true\n");
      }
      y.append("    metrics_path: ").append(job.path()).append('\n')
          .append("    static_configs:\n      - targets: ['").append(demoTarget).append("']\n")
          .append("        labels: {cluster: ").append(CLUSTER).append("}\n");
    }
    return y.toString();
  }

  /** Starts Prometheus on 127.0.0.1:{@code port} with {@code yaml} and waits for {@code /-/ready}. */
  static BenchPrometheus start(int port, String yaml) throws Exception {
    String binary = binary();
    Path dir = Files.createTempDirectory("taskscope-uibench-prom");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, yaml);
    Process p;
    try {
      p = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    } catch (IOException e) {
      deleteTree(dir);
      throw e;
    }
    BenchPrometheus prom = new BenchPrometheus(p, dir, "http://127.0.0.1:" + port);
    try {
      prom.awaitReady(Duration.ofSeconds(30));
    } catch (Exception | Error e) {
      prom.close();
      throw e;
    }
    return prom;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/-/ready")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited (" + process.exitValue() + "): " + log());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready within " + timeout + ": " + log());
  }

  String base() {
    return base;
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
    String url = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query failed (" + r.statusCode() + "): " + promql + " -> " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The largest value of an instant query's vector, or NaN when it is empty. */
  double max(String promql) throws Exception {
    double m = Double.NaN;
    for (JsonNode s : query(promql)) {
      double v = Double.parseDouble(s.path("value").get(1).asText());
      m = Double.isNaN(m) ? v : Math.max(m, v);
    }
    return m;
  }

  /** Scrape targets as "job=health" (with the last error when not up). */
  String targets() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    StringBuilder sb = new StringBuilder();
    for (JsonNode t : JSON.readTree(r.body()).path("data").path("activeTargets")) {
      sb.append(t.path("labels").path("job").asText()).append('=').append(t.path("health").asText());
      if (!"up".equals(t.path("health").asText()) && !t.path("lastError").asText().isEmpty()) {
        sb.append(" (").append(t.path("lastError").asText()).append(')');
      }
      sb.append(' ');
    }
    return sb.toString().strip();
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
