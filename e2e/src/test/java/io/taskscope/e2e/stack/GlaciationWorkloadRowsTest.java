package io.taskscope.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.DemoStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo's general GLACIATION workloads (a Deployment, a StatefulSet and a DaemonSet in namespace glaciation) are
 * rows of the workload-scope recording rules in a real Prometheus, reached from their pods through kube-state-metrics'
 * owner series, with their usage from the simulated cAdvisor and Kepler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlaciationWorkloadRowsTest {
  private static final Duration BUDGET = Duration.ofSeconds(60);
  private static final Set<String> WORKLOADS = Set.of("Deployment/web-frontend", "StatefulSet/metrics-db",
      "DaemonSet/fluentd");

  private DemoStack stack;

  @BeforeAll
  void start() throws Exception {
    stack = DemoStack.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  private static Set<String> workloads(JsonNode result) {
    Set<String> out = new TreeSet<>();
    result.forEach(r -> out.add(r.path("metric").path("workload_type").asText() + "/"
        + r.path("metric").path("workload").asText()));
    return out;
  }

  /** Polls until the query shows all three workloads (rates need a few scrapes) or the budget is spent. */
  private Set<String> awaitWorkloads(String promql, long deadline) throws Exception {
    while (true) {
      Set<String> seen = workloads(stack.query(promql));
      if (seen.equals(WORKLOADS) || System.nanoTime() > deadline) {
        return seen;
      }
      Thread.sleep(250);
    }
  }

  @Test
  void everyGeneralWorkloadIsARowOfEveryUsageRule() throws Exception {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    for (String record : List.of("workload:cpu_usage:percent", "workload:mem_usage:megabytes",
        "workload:disk_usage:bytes", "workload:network_usage:bytes_per_second", "workload:energy_joules:sum",
        "workload:power:watts")) {
      assertThat(awaitWorkloads(record + "{namespace=\"glaciation\"}", deadline)).as(record)
          .isEqualTo(WORKLOADS);
    }
  }

  @Test
  void podsAreCountedUnderTheirController() throws Exception {
    JsonNode pods = stack.awaitNonEmpty("count by (workload_type, workload) "
        + "(workload_pod:kube_pod_owner:relabel{namespace=\"glaciation\"})", BUDGET);
    Map<String, Integer> counts = new TreeMap<>();
    pods.forEach(r -> counts.put(r.path("metric").path("workload_type").asText() + "/"
        + r.path("metric").path("workload").asText(), Integer.parseInt(r.path("value").get(1).asText())));
    // 2 replicas through the ReplicaSet (never a ReplicaSet row), 1 ordinal pod, 1 per node of the demo cluster
    int nodes = stack.demo().cluster().client().nodes().list().getItems().size();
    assertThat(counts).isEqualTo(Map.of("Deployment/web-frontend", 2, "StatefulSet/metrics-db", 1,
        "DaemonSet/fluentd", nodes));
  }

  /**
   * The knowledge graph says where each resource's telemetry lives (seed 003: the forecast job follows it): every
   * PromQL it gives for these workloads, every node and the GLACIATION node finds its series in Prometheus, and its
   * dashboard links name shipped dashboards.
   */
  @Test
  void theKnowledgeGraphsQueriesFindTheirSeries() throws Exception {
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + BUDGET.toNanos();
    List<String> queries = new ArrayList<>();
    List<String> dashboards = new ArrayList<>();
    Set<String> nodes = new TreeSet<>();
    stack.demo().cluster().client().nodes().list().getItems().forEach(n -> nodes.add(n.getMetadata().getName()));
    while (true) {
      queries.clear();
      dashboards.clear();
      JsonNode rows = json.readTree(stack.demo().metadata().selectJson("""
          PREFIX ts: <https://taskscope.io/ontology/kg#>
          SELECT ?q ?d WHERE { GRAPH ?g { ?data ts:hasMetric ?m ; ts:hasDashboard ?dash . ?m ts:promQuery ?q .
            ?dash <https://glaciation-project.eu/MetadataReferenceModel#hasURL>|ts:url ?d } }
          """)).path("results").path("bindings");
      rows.forEach(r -> {
        queries.add(r.path("q").path("value").asText());
        dashboards.add(r.path("d").path("value").asText());
      });
      boolean complete = WORKLOADS.stream().allMatch(w -> queries.stream().anyMatch(q -> q.contains(
          "workload=\"" + w.substring(w.indexOf('/') + 1) + "\""))) && nodes.stream().allMatch(
          n -> queries.stream().anyMatch(q -> q.contains("node=\"" + n + "\"")));
      if (complete || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(500);
    }
    List<String> expected = new ArrayList<>();
    for (String q : new TreeSet<>(queries)) {
      boolean glaciationWorkload = q.startsWith("workload:") && q.contains("namespace=\"glaciation\"");
      boolean gpu = q.contains(":gpu_usage:");
      if (glaciationWorkload && !gpu
          || q.startsWith("node:") && (!gpu || q.contains("node=\"cloud-node\""))
          || q.startsWith("glaciation_node:")) {
        expected.add(q);
      }
    }
    // 3 workloads x 5 metrics, every node x 5 + cloud-node's GPU, the GLACIATION node x 6
    assertThat(expected).hasSize(15 + nodes.size() * 5 + 1 + 6);
    for (String q : expected) {
      assertThat(awaitData(q, deadline)).as(q).isTrue();
    }
    Set<String> uids = new TreeSet<>();
    try (var files = java.nio.file.Files.list(DemoStack.repoRoot().resolve("deploy/grafana/dashboards"))) {
      for (java.nio.file.Path f : files.toList()) {
        uids.add(json.readTree(f.toFile()).path("uid").asText());
      }
    }
    assertThat(dashboards).isNotEmpty().allSatisfy(d -> assertThat(uids).contains(
        d.replaceFirst("^.*/d/([^?]+).*$", "$1")));
  }

  private boolean awaitData(String promql, long deadline) throws Exception {
    while (stack.query(promql).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(250);
    }
    return true;
  }
}
