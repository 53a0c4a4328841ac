package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.PrometheusProcess;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.e2e.alerting.SimulatedKubernetesSd.Container;
import io.taskscope.e2e.alerting.SimulatedKubernetesSd.Endpoints;
import io.taskscope.e2e.alerting.SimulatedKubernetesSd.Node;
import io.taskscope.e2e.alerting.SimulatedKubernetesSd.Pod;
import io.taskscope.e2e.alerting.SimulatedKubernetesSd.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus runs the shipped in-cluster config on objects of a small cluster (discovered through
 * {@link SimulatedKubernetesSd}): which pods, nodes and endpoints become targets, at which URL, with which labels.
 */
class KubernetesRelabelingTest {
  private static final Map<String, String> STACK = Map.of("app.kubernetes.io/part-of", "taskscope");
  private static final Map<String, String> ANNOTATED = Map.of("prometheus.io/scrape", "true",
      "prometheus.io/port", "8000", "prometheus.io/path", "/stats/metrics");

  private static Path root;
  private static PrometheusProcess prometheus;

  /** Pods, nodes and endpoints on documentation address ranges (RFC 5737): scrapes of them reach no one. */
  static SimulatedKubernetesSd cluster() {
    List<Pod> pods = List.of(
        new Pod("ml", "yolo-train-worker", "edge-node", "198.51.100.7", "Running", Map.of("app", "yolo"),
            ANNOTATED,
            List.of(new Container("fetch-model", true, List.of()),
                new Container("train", false, List.of(new Port("http", 8000), new Port("grpc", 9000))),
                new Container("sidecar", false, List.of()))),
        new Pod("ml", "not-annotated", "edge-node", "198.51.100.8", "Running", Map.of(), Map.of(),
            List.of(new Container("app", false, List.of(new Port("http", 8000))))),
        new Pod("ml", "finished-eval-worker", "edge-node", "198.51.100.9", "Succeeded", Map.of(), ANNOTATED,
            List.of(new Container("eval", false, List.of(new Port("http", 8000))))),
        new Pod("taskscope", "taskscope-0", "cloud-node", "198.51.100.15", "Running",
            with(STACK, "app.kubernetes.io/name", "taskscope"), Map.of("prometheus.io/scrape", "true"),
            List.of(new Container("taskscope", false, List.of(new Port("http", 9470))))),
        exporter("node-exporter-a", "node-exporter", "cloud-node", "192.0.2.10", new Port("metrics", 9100)),
        // the sedna overlay moves node-exporter off 9100, which Sedna's LocalController binds on the host
        exporter("node-exporter-b", "node-exporter", "edge-node", "192.0.2.11", new Port("metrics", 9110)),
        exporter("kepler-b", "kepler", "edge-node", "198.51.100.20", new Port("http", 9102)),
        exporter("dcgm-exporter-g", "dcgm-exporter", "gpu-node", "198.51.100.25", new Port("metrics", 9400),
            new Port("pprof", 6060)),
        // someone else's node-exporter in another namespace is not ours to scrape
        new Pod("monitoring", "node-exporter-x", "cloud-node", "192.0.2.10", "Running",
            Map.of("app.kubernetes.io/name", "node-exporter"), Map.of(),
            List.of(new Container("node-exporter", false, List.of(new Port("metrics", 9100))))));
    List<Node> nodes = List.of(new Node("cloud-node", "192.0.2.10", Map.of()),
        new Node("edge-node", "192.0.2.11", Map.of("node-role.kubernetes.io/edge", "")));
    List<Endpoints> endpoints = List.of(
        new Endpoints("taskscope", "kube-state-metrics", List.of("198.51.100.19"),
            List.of(new Port("http-metrics", 8080), new Port("telemetry", 8081))),
        new Endpoints("taskscope", "grafana", List.of("198.51.100.110"), List.of(new Port("http", 3000))));
    return new SimulatedKubernetesSd(pods, nodes, endpoints);
  }

  private static Pod exporter(String name, String app, String node, String ip, Port... ports) {
    return new Pod("taskscope", name, node, ip, "Running", with(STACK, "app.kubernetes.io/name", app), Map.of(),
        List.of(new Container(app, false, List.of(ports))));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("taskscope-mounted-prom");
    Path config = MountedPrometheus.lay(root, MountedPrometheus.shippedConfig(), DemoStack.ruleFiles(), cluster());
    prometheus = PrometheusProcess.start(new PrometheusProcess.ConfigBody(Files.readString(config)));
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable p = prometheus) {
      // Prometheus stops before its mounted files go
    } finally {
      ServerProcess.deleteTree(root);
    }
  }

  /** Active targets of {@code job}, once discovery has delivered {@code expected} of them. */
  private static List<JsonNode> targets(String job, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<JsonNode> out;
    do {
      out = new ArrayList<>();
      for (JsonNode t : prometheus.targets()) {
        if (job.equals(t.path("labels").path("job").asText())) {
          out.add(t);
        }
      }
      if (out.size() >= expected) {
        return out;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return out;
  }

  private static List<String> urls(List<JsonNode> targets) {
    return targets.stream().map(t -> t.path("scrapeUrl").asText()).sorted().toList();
  }

  @Test
  void annotatedPodsAreScrapedOnceAtTheirAnnotatedPortAndPath() throws Exception {
    List<JsonNode> pods = targets("kubernetes-pods", 1);
    // not annotated, finished, the stack's own pods, init containers: none; two container ports: one target
    assertThat(urls(pods)).containsExactly("http://198.51.100.7:8000/stats/metrics");
    JsonNode labels = pods.get(0).path("labels");
    assertThat(labels.path("namespace").asText()).isEqualTo("ml");
    assertThat(labels.path("pod").asText()).isEqualTo("yolo-train-worker");
    assertThat(labels.path("node").asText()).isEqualTo("edge-node");
  }

  @Test
  void daemonSetExportersAreScrapedPerNodeWithTheNodeLabel() throws Exception {
    List<JsonNode> nodeExporters = targets("node-exporter", 2);
    assertThat(urls(nodeExporters)).containsExactly("http://192.0.2.10:9100/metrics",
        "http://192.0.2.11:9110/metrics");
    assertThat(nodeExporters).extracting(t -> t.path("labels").path("node").asText() + "="
        + t.path("labels").path("instance").asText()).containsExactlyInAnyOrder("cloud-node=cloud-node",
        "edge-node=edge-node");
    List<JsonNode> kepler = targets("kepler", 1);
    assertThat(urls(kepler)).containsExactly("http://198.51.100.20:9102/metrics");
    assertThat(kepler.get(0).path("labels").path("node").asText()).isEqualTo("edge-node");
    List<JsonNode> dcgm = targets("dcgm-exporter", 1);
    assertThat(urls(dcgm)).containsExactly("http://198.51.100.25:9400/metrics");
    assertThat(dcgm.get(0).path("labels").path("node").asText()).isEqualTo("gpu-node");
  }

  @Test
  void kubeletCadvisorGoesThroughTheApiServerProxy() throws Exception {
    List<JsonNode> kubelets = targets("kubelet", 2);
    assertThat(urls(kubelets)).containsExactly(
        "https://kubernetes.default.svc:443/api/v1/nodes/cloud-node/proxy/metrics/cadvisor",
        "https://kubernetes.default.svc:443/api/v1/nodes/edge-node/proxy/metrics/cadvisor");
    assertThat(kubelets).extracting(t -> t.path("labels").path("node").asText())
        .containsExactlyInAnyOrder("cloud-node", "edge-node");
  }

  @Test
  void kubeStateMetricsOnlyOnItsMetricsPortAndTaskScopeByService() throws Exception {
    assertThat(urls(targets("kube-state-metrics", 1))).containsExactly("http://198.51.100.19:8080/metrics");
    assertThat(urls(targets("taskscope", 1))).containsExactly("http://taskscope:9470/metrics");
  }

  @Test
  void everyTargetCarriesTheClusterLabel() throws Exception {
    targets("kubelet", 2);
    JsonNode all = prometheus.targets();
    assertThat(all.size()).isGreaterThanOrEqualTo(11);
    for (JsonNode t : all) {
      assertThat(t.path("labels").path("cluster").asText()).as(t.path("scrapeUrl").asText()).isEqualTo("taskscope");
    }
  }
}
