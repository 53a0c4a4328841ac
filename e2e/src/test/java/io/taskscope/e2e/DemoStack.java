package io.taskscope.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskscope.server.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo stack of the end-to-end tests: {@code taskscope demo} (auto tick) with its simulated exporters, Debian's
 * real {@code prometheus-node-exporter} and a real Prometheus scraping both with the job names and labels of the
 * in-cluster scrape config and loading every {@code deploy/prometheus/rules/*.yml}. Start one per test class: each
 * costs seconds.
 */
public final class DemoStack implements AutoCloseable {
  /** The demo cluster's name, the {@code cluster} target label of every scrape. */
  public static final String CLUSTER = "demo";
  /** The demo node the host's node-exporter stands for. */
  public static final String NODE_EXPORTER_NODE = "cloud-node";

  /** Scrape jobs of the stack: job name, path on the demo's port ({@code null}: node-exporter), honor_labels. */
  public record Job(String name, String path, boolean honorLabels) {}

  public static final List<Job> JOBS = List.of(
      new Job("taskscope", "/metrics", true),
      new Job("kube-state-metrics", "/sim/kube-state-metrics/metrics", false),
      new Job("kubelet", "/sim/kubelet/metrics/cadvisor", false),
      new Job("kepler", "/sim/kepler/metrics", true),
      new Job("dcgm-exporter", "/sim/dcgm-exporter/metrics", false),
      new Job("node-exporter", null, false));

  /**
   * How to run the stack.
   *
   * @param alertmanagers Alertmanagers (host:port) Prometheus sends alerts to; empty for none
   * @param remoteWriteUrls remote_write URLs; empty for none
   * @param scrapeInterval scrape interval of every job
   * @param evaluationInterval rule evaluation interval
   * @param demoTick step of the simulated cluster, workers and exporters
   * @param ruleFiles rule files Prometheus loads; null for the shipped ones ({@link #ruleFiles()})
   */
  public record Options(List<String> alertmanagers, List<String> remoteWriteUrls, Duration scrapeInterval,
      Duration evaluationInterval, Duration demoTick, List<Path> ruleFiles) {
    public Options {
      alertmanagers = List.copyOf(alertmanagers);
      remoteWriteUrls = List.copyOf(remoteWriteUrls);
      ruleFiles = ruleFiles == null ? null : List.copyOf(ruleFiles);
    }

    public static Options defaults() {
      return new Options(List.of(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500),
          null);
    }

    public Options withAlertmanagers(String... hostPorts) {
      return new Options(List.of(hostPorts), remoteWriteUrls, scrapeInterval, evaluationInterval, demoTick,
          ruleFiles);
    }

    public Options withRemoteWriteUrls(String... urls) {
      return new Options(alertmanagers, List.of(urls), scrapeInterval, evaluationInterval, demoTick, ruleFiles);
    }

    public Options withIntervals(Duration scrape, Duration evaluation) {
      return new Options(alertmanagers, remoteWriteUrls, scrape, evaluation, demoTick, ruleFiles);
    }

    public Options withDemoTick(Duration tick) {
      return new Options(alertmanagers, remoteWriteUrls, scrapeInterval, evaluationInterval, tick, ruleFiles);
    }

    /** Loads these rule files instead of the shipped ones (e.g. a copy with a shorter {@code for}). */
    public Options withRuleFiles(List<Path> files) {
      return new Options(alertmanagers, remoteWriteUrls, scrapeInterval, evaluationInterval, demoTick, files);
    }
  }

  private final Path dir;
  private Demo demo;
  private ServerProcess nodeExporter;
  private PrometheusProcess prometheus;

  private DemoStack(Path dir) {
    this.dir = dir;
  }

  public static DemoStack start() throws Exception {
    return start(Options.defaults());
  }

  public static DemoStack start(Options options) throws Exception {
    DemoStack stack = new DemoStack(Files.createTempDirectory("taskscope-demostack-"));
    try {
      stack.demo = Demo.start(new Demo.Settings("127.0.0.1", 0, stack.dir.resolve("demo"), options.demoTick(), 42,
          true));
      stack.startNodeExporter();
      stack.prometheus = PrometheusProcess.start(new PrometheusProcess.ConfigBody(stack.config(options)));
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  /** The rule files Prometheus loads: every {@code deploy/prometheus/rules/*.yml}, absolute, sorted. */
  public static List<Path> ruleFiles() throws IOException {
    Path rules = repoRoot().resolve("deploy").resolve("prometheus").resolve("rules");
    try (Stream<Path> s = Files.list(rules)) {
      return s.filter(f -> f.toString().endsWith(".yml")).map(Path::toAbsolutePath).sorted().toList();
    }
  }

  /** The repository root whether Maven runs the tests from {@code e2e/} or from the root. */
  public static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
  }

  private void startNodeExporter() throws Exception {
    IllegalStateException failed = null;
    // a free port can be taken by someone else between our probe and the exporter's bind: retry a few times
    for (int attempt = 0; attempt < 5; attempt++) {
      Path home = Files.createDirectories(dir.resolve("node-exporter"));
      int port = ServerProcess.freePort();
      try {
        nodeExporter = ServerProcess.start("node-exporter", home, List.of("/usr/bin/prometheus-node-exporter",
            "--web.listen-address=127.0.0.1:" + port,
            // no host-specific text files, and no collectors that are slow or noisy inside containers
            "--collector.textfile.directory=" + Files.createDirectories(home.resolve("textfile")),
            "--no-collector.hwmon", "--no-collector.thermal_zone", "--no-collector.rapl"),
            "http://127.0.0.1:" + port, "/metrics", Duration.ofSeconds(15));
        return;
      } catch (IllegalStateException e) {
        failed = e;
      }
    }
    throw new IllegalStateException("node-exporter did not start: " + failed.getMessage(), failed);
  }

  /** The prometheus.yml of the stack (job names and labels as in the contract of the in-cluster config). */
  String config(Options o) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("global:\n")
        .append("  scrape_interval: ").append(o.scrapeInterval().toMillis()).append("ms\n")
        .append("  scrape_timeout: ").append(o.scrapeInterval().toMillis()).append("ms\n")
        .append("  evaluation_interval: ").append(o.evaluationInterval().toMillis()).append("ms\n");
    y.append("rule_files:\n");
    for (Path r : o.ruleFiles() != null ? o.ruleFiles() : ruleFiles()) {
      y.append("  - '").append(r).append("'\n");
    }
    if (!o.alertmanagers().isEmpty()) {
      y.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets:\n");
      for (String am : o.alertmanagers()) {
        y.append("            - '").append(am).append("'\n");
      }
    }
    if (!o.remoteWriteUrls().isEmpty()) {
      y.append("remote_write:\n");
      for (String url : o.remoteWriteUrls()) {
        y.append("  - url: '").append(url).append("'\n");
      }
    }
    y.append("scrape_configs:\n");
    for (Job job : JOBS) {
      y.append("  - job_name: ").append(job.name()).append('\n');
      if (job.honorLabels()) {
        y.append("    honor_labels: true\n");
      }
      if (job.path() == null) {
        y.append("    static_configs:\n      - targets: ['").append(nodeExporterTarget()).append("']\n")
            .append("        labels: {cluster: ").append(CLUSTER).append(", node: ").append(NODE_EXPORTER_NODE)
            .append("}\n");
      } else {
        y.append("    metrics_path: ").append(job.path()).append('\n')
            .append("    static_configs:\n      - targets: ['").append(demoTarget()).append("']\n")
            .append("        labels: {cluster: ").append(CLUSTER).append("}\n");
      }
    }
    return y.toString();
  }

  public Demo demo() {
    return demo;
  }

  public PrometheusProcess prometheus() {
    return prometheus;
  }

  /** host:port of TaskScope (and the simulated exporters). */
  public String demoTarget() {
    return "127.0.0.1:" + demo.server().port();
  }

  /** host:port of the real node-exporter. */
  public String nodeExporterTarget() {
    return "127.0.0.1:" + nodeExporter.port();
  }

  /** An instant query; {@code data.result}. */
  public JsonNode query(String promql) throws Exception {
    return prometheus.query(promql);
  }

  /** Polls {@code promql} until its result is non-empty; fails with the last targets' state after {@code timeout}. */
  public JsonNode awaitNonEmpty(String promql, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode r = prometheus.query(promql);
      if (!r.isEmpty()) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no data within " + timeout + " for " + promql + "\ntargets: " + targetHealth());
      }
      Thread.sleep(250);
    }
  }

  /** Every active target as {@code job=health (lastError)}, for failure messages. */
  public List<String> targetHealth() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode t : prometheus.targets()) {
      String err = t.path("lastError").asText();
      out.add(t.path("labels").path("job").asText() + "=" + t.path("health").asText()
          + (err.isEmpty() ? "" : " (" + err + ")"));
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    // closed in reverse order: Prometheus first, so it stops scraping the others
    try (AutoCloseable d = demo; AutoCloseable n = nodeExporter; AutoCloseable p = prometheus) {
      // nothing else to do
    } finally {
      ServerProcess.deleteTree(dir);
    }
  }
}
