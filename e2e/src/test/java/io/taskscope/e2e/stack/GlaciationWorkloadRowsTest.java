package io.taskscope.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskscope.e2e.DemoStack;
import java.time.Duration;
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
}
