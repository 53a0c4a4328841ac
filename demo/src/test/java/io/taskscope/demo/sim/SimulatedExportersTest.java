package io.taskscope.demo.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.demo.DemoCluster;
import io.taskscope.demo.DemoOptions;
import io.taskscope.push.PushType;
import io.taskscope.push.PushedFamily;
import io.taskscope.push.PushedMetric;
import io.taskscope.push.TextFormatParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The simulated exporters of the demo: their output parses as the Prometheus text format (with Pushgateway's
 * parser), every family, type and label set is the one docs/simulated-exporters.md documents, every HELP says
 * "simulated", counters never go down while gauges move, and the series describe the demo cluster's own objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedExportersTest {
  private static final Map<String, String> EXPORTER_OF_PATH = Map.of(
      SimulatedExporters.KUBE_STATE_METRICS, KubeStateMetricsSim.EXPORTER,
      SimulatedExporters.CADVISOR, CadvisorSim.EXPORTER,
      SimulatedExporters.KEPLER, KeplerSim.EXPORTER,
      SimulatedExporters.DCGM, DcgmSim.EXPORTER);

  private DemoCluster cluster;
  private SimulatedExporters exporters;

  @BeforeAll
  void start() throws Exception {
    cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false));
    exporters = new SimulatedExporters(cluster.client(), Duration.ofSeconds(1), 42);
    // long enough for the demo's Kubernetes Jobs to complete and fail, so every documented family has samples
    for (int i = 0; i < 12; i++) {
      cluster.simulator().step();
      exporters.step();
    }
  }

  @AfterAll
  void stop() {
    exporters.close();
    cluster.close();
  }

  private Map<String, PushedFamily> scrape(String path) throws Exception {
    Map<String, PushedFamily> out = new LinkedHashMap<>();
    for (PushedFamily f : TextFormatParser.parse(exporters.text(path).getBytes(StandardCharsets.UTF_8))) {
      out.put(f.name(), f);
    }
    return out;
  }

  /** A documented series: exporter, type word and label names (label_* stands for any label_ name). */
  record Doc(String exporter, String type, Set<String> labels) {}

  static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Za-z][A-Za-z/ -]*?)\\s*\\|\\s*`([A-Za-z_:][A-Za-z0-9_:]*)`"
      + "\\s*\\|\\s*(counter|gauge)\\s*\\|([^|]*)\\|.*$");

  static Map<String, Doc> documented() throws Exception {
    Path p = Path.of("..", "docs", "simulated-exporters.md");
    Map<String, Doc> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(p)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        Set<String> labels = new TreeSet<>();
        for (String l : m.group(4).split(",")) {
          String t = l.trim().replace("`", "");
          if (!t.isEmpty()) {
            labels.add(t);
          }
        }
        assertThat(out.put(m.group(2), new Doc(m.group(1), m.group(3), labels))).as("documented twice: "
            + m.group(2)).isNull();
      }
    }
    return out;
  }

  @Test
  void everyFamilyIsDocumentedWithItsTypeAndLabels() throws Exception {
    Map<String, Doc> docs = documented();
    assertThat(docs).hasSizeGreaterThan(60);
    Set<String> served = new TreeSet<>();
    for (String path : SimulatedExporters.PATHS) {
      for (PushedFamily f : scrape(path).values()) {
        served.add(f.name());
        Doc doc = docs.get(f.name());
        assertThat(doc).as("docs/simulated-exporters.md row for " + f.name()).isNotNull();
        assertThat(doc.exporter()).as(f.name()).isEqualTo(EXPORTER_OF_PATH.get(path));
        assertThat(f.type().name().toLowerCase()).as("type of " + f.name()).isEqualTo(doc.type());
        assertThat(f.help()).as("HELP of " + f.name()).startsWith(Families.MARK + " (" + doc.exporter() + "): ");
        Set<String> labels = new TreeSet<>();
        for (PushedMetric m : f.metrics()) {
          for (int i = 0; i < m.labelCount(); i++) {
            labels.add(m.labelName(i).startsWith("label_") ? "label_*" : m.labelName(i));
          }
        }
        assertThat(labels).as("labels of " + f.name()).isEqualTo(doc.labels());
      }
    }
    // every documented series is served (the parser drops families without samples: all of these have some)
    assertThat(served).containsExactlyInAnyOrderElementsOf(docs.keySet());
  }

  @Test
  void theOutputCarriesOnlySimulatedHelpAndExporterTypes() throws Exception {
    for (String path : SimulatedExporters.PATHS) {
      String text = exporters.text(path);
      for (String line : text.split("\n")) {
        if (line.startsWith("# HELP ")) {
          assertThat(line).contains(Families.MARK);
        }
      }
      assertThat(text).as(path).doesNotContain("# TYPE kube_pod_info info"); // KSM writes gauges
    }
  }

  @Test
  void countersNeverDecreaseAndGaugesMove() throws Exception {
    Map<String, Double> last = new HashMap<>();
    Map<String, Set<Double>> gaugeValues = new HashMap<>();
    int compared = 0;
    for (int step = 0; step < 25; step++) {
      cluster.simulator().step();
      exporters.step();
      for (String path : SimulatedExporters.PATHS) {
        for (PushedFamily f : scrape(path).values()) {
          for (PushedMetric m : f.metrics()) {
            String key = f.name() + m.toString();
            if (f.type() == PushType.COUNTER) {
              Double before = last.put(key, m.value());
              if (before != null) {
                compared++;
                assertThat(m.value()).as("counter " + key + " at step " + step).isGreaterThanOrEqualTo(before);
              }
            } else {
              gaugeValues.computeIfAbsent(f.name(), k -> new TreeSet<>()).add(m.value());
            }
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(1000);
    for (String moving : List.of("container_memory_working_set_bytes", "DCGM_FI_DEV_GPU_UTIL",
        "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_FB_USED")) {
      assertThat(gaugeValues.get(moving)).as(moving + " moves").hasSizeGreaterThan(5);
    }
    // and counters do grow: CPU time of the machines
    Map<String, PushedFamily> cadvisor = scrape(SimulatedExporters.CADVISOR);
    assertThat(cadvisor.get("container_cpu_usage_seconds_total").metrics().stream()
        .filter(m -> "/".equals(m.label("id"))).mapToDouble(PushedMetric::value).min().orElseThrow())
        .isGreaterThan(1.0);
  }

  @Test
  void seriesDescribeTheDemoClustersObjects() throws Exception {
    List<Pod> pods = cluster.client().pods().inAnyNamespace().list().getItems();
    Set<String> nodes = cluster.client().nodes().list().getItems().stream().map(n -> n.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, PushedFamily> ksm = scrape(SimulatedExporters.KUBE_STATE_METRICS);
    assertThat(ksm.get("kube_pod_info").metrics()).hasSize(pods.size());
    assertThat(ksm.get("kube_node_info").metrics().stream().map(m -> m.label("node")))
        .containsExactlyInAnyOrderElementsOf(nodes);
    // a pod of a Sedna Deployment worker is owned by a ReplicaSet, which is owned by the Deployment
    Set<String> replicaSetOwned = ksm.get("kube_pod_owner").metrics().stream()
        .filter(m -> "ReplicaSet".equals(m.label("owner_kind"))).map(m -> m.label("owner_name"))
        .collect(Collectors.toSet());
    assertThat(replicaSetOwned).isNotEmpty();
    assertThat(ksm.get("kube_replicaset_owner").metrics().stream()
        .filter(m -> replicaSetOwned.contains(m.label("replicaset"))).map(m -> m.label("owner_kind")))
        .isNotEmpty().containsOnly("Deployment");

    Set<String> running = pods.stream().filter(ClusterView::running).map(p -> p.getMetadata().getNamespace() + "/"
        + p.getMetadata().getName()).collect(Collectors.toSet());
    Map<String, PushedFamily> cadvisor = scrape(SimulatedExporters.CADVISOR);
    Set<String> measured = cadvisor.get("container_memory_working_set_bytes").metrics().stream()
        .filter(m -> m.label("pod") != null).map(m -> m.label("namespace") + "/" + m.label("pod"))
        .collect(Collectors.toSet());
    assertThat(measured).isEqualTo(running);
    assertThat(cadvisor.get("machine_cpu_cores").metrics().stream().map(m -> m.label("node")))
        .containsExactlyInAnyOrderElementsOf(nodes);

    Map<String, PushedFamily> kepler = scrape(SimulatedExporters.KEPLER);
    assertThat(kepler.get("kepler_container_joules_total").metrics().stream()
        .map(m -> m.label("container_namespace") + "/" + m.label("pod_name")).collect(Collectors.toSet()))
        .isEqualTo(running);
    assertThat(kepler.get("kepler_node_platform_joules_total").metrics().stream().map(m -> m.label("instance"))
        .collect(Collectors.toSet())).isEqualTo(nodes);

    // GPUs only on the GPU node; those held by a pod name a running, non-system pod of that node
    Map<String, PushedFamily> dcgm = scrape(SimulatedExporters.DCGM);
    List<PushedMetric> util = dcgm.get("DCGM_FI_DEV_GPU_UTIL").metrics();
    assertThat(util).hasSize(ResourceModel.GPUS_PER_NODE.get("cloud-node"));
    assertThat(util.stream().map(m -> m.label("Hostname"))).containsOnly("cloud-node");
    List<PushedMetric> held = util.stream().filter(m -> m.label("pod") != null).toList();
    assertThat(held).isNotEmpty();
    for (PushedMetric m : held) {
      Pod pod = pods.stream().filter(p -> p.getMetadata().getName().equals(m.label("pod"))
          && p.getMetadata().getNamespace().equals(m.label("namespace"))).findFirst().orElseThrow();
      assertThat(ClusterView.running(pod)).isTrue();
      assertThat(pod.getSpec().getNodeName()).isEqualTo("cloud-node");
      assertThat(m.label("namespace")).isNotIn("sedna", "kube-system");
      assertThat(pod.getSpec().getContainers().stream().map(c -> c.getName())).contains(m.label("container"));
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void theRoutesServeTheExposition() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 8);
    exporters.mount(server::createContext);
    server.start();
    try (var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      for (String path : SimulatedExporters.PATHS) {
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
            .timeout(Duration.ofSeconds(20)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(TextFormatParser.parse(r.body().getBytes(StandardCharsets.UTF_8))).isNotEmpty();
        // Prometheus asks for OpenMetrics first; protobuf when native histograms are on
        var om = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
            .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
            .timeout(Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(om.statusCode()).isEqualTo(200);
        assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(om.body()).endsWith("# EOF\n").contains(Families.MARK);
        var pb = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
            .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited")
            .timeout(Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pb.statusCode()).as(path + " protobuf").isEqualTo(200);
        assertThat(pb.body()).isNotEmpty();
      }
      var post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + SimulatedExporters.KEPLER))
          .timeout(Duration.ofSeconds(20)).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    } finally {
      server.stop(0);
    }
  }
}
