package io.taskscope.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.taskscope.e2e.DemoStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every recording rule of taskscope-resources.yml has data in the demo stack (TaskScope demo with its simulated
 * kube-state-metrics, cAdvisor, Kepler and DCGM, a real node-exporter, a real Prometheus), with the labels of its
 * scope: workloads of the demo cluster, each of its nodes, the GLACIATION node "demo", Sedna tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceRulesInDemoTest {
  private static final Duration BUDGET = Duration.ofSeconds(60);

  private DemoStack stack;
  private List<String> records;
  private long deadline;

  @BeforeAll
  void start() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(DemoStack.repoRoot()
        .resolve(Path.of("deploy", "prometheus", "rules", "taskscope-resources.yml")).toFile());
    records = new ArrayList<>();
    rules.path("groups").forEach(g -> g.path("rules").forEach(r -> {
      if (r.has("record")) {
        records.add(r.path("record").asText());
      }
    }));
    stack = DemoStack.start();
    deadline = System.nanoTime() + BUDGET.toNanos();
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  /** Waits for data within what is left of the one 60 s budget of the class. */
  private JsonNode data(String promql) throws Exception {
    long left = Math.max(1_000_000_000L, deadline - System.nanoTime());
    return stack.awaitNonEmpty(promql, Duration.ofNanos(left));
  }

  private static Set<String> values(JsonNode result, String label) {
    Set<String> out = new TreeSet<>();
    result.forEach(r -> out.add(r.path("metric").path(label).asText()));
    return out;
  }

  private <T extends HasMetadata> Set<String> names(Function<io.fabric8.kubernetes.client.KubernetesClient,
      List<T>> list) {
    Set<String> out = new TreeSet<>();
    list.apply(stack.demo().cluster().client()).forEach(o -> out.add(o.getMetadata().getName()));
    return out;
  }

  @Test
  void everyRecordingRuleHasDataWithTheLabelsOfItsScope() throws Exception {
    assertThat(records).hasSizeGreaterThanOrEqualTo(26);
    Set<String> nodes = names(c -> c.nodes().list().getItems());
    assertThat(nodes).contains("cloud-node", "edge-node", "edge-node-2");
    for (String record : records) {
      JsonNode r = data(record);
      String scope = record.substring(0, record.indexOf(':'));
      for (JsonNode row : r) {
        assertThat(row.path("metric").path("cluster").asText()).as(record).isEqualTo(DemoStack.CLUSTER);
        double v = Double.parseDouble(row.path("value").get(1).asText());
        assertThat(v).as(record + " " + row.path("metric")).isNotNaN().isGreaterThanOrEqualTo(0);
      }
      switch (scope) {
        case "workload", "workload_pod" -> {
          for (String label : List.of("namespace", "workload", "workload_type")) {
            assertThat(values(r, label)).as(record + " " + label).doesNotContain("");
          }
        }
        case "node" -> {
          if (record.contains("gpu")) {
            assertThat(values(r, "node")).as(record).containsExactly("cloud-node");
          } else {
            // every node, also those that only the simulated kubelet/Kepler describe; eventually all of them
            awaitNodes(record, nodes);
          }
        }
        case "glaciation_node" -> assertThat(values(r, "glaciation_node")).as(record).containsExactly("demo");
        case "sedna_task" -> {
          assertThat(values(r, "kind")).as(record).doesNotContain("");
          assertThat(values(r, "name")).as(record).doesNotContain("");
        }
        default -> throw new AssertionError("unknown scope of " + record);
      }
    }
  }

  private void awaitNodes(String record, Set<String> nodes) throws Exception {
    while (true) {
      Set<String> seen = values(stack.query(record), "node");
      if (seen.equals(nodes) || System.nanoTime() > deadline) {
        assertThat(seen).as(record).isEqualTo(nodes);
        return;
      }
      Thread.sleep(250);
    }
  }

  @Test
  void workloadsAreTheControllersOfTheDemoCluster() throws Exception {
    JsonNode cpu = data("workload:cpu_usage:percent");
    Set<String> types = values(cpu, "workload_type");
    assertThat(types).contains("Deployment", "DaemonSet");
    Set<String> deployments = names(c -> c.apps().deployments().inAnyNamespace().list().getItems());
    // DaemonSet pods name their owner (the demo's Sedna LC DaemonSet exists only as their ownerReference)
    Set<String> daemonSets = new TreeSet<>();
    stack.demo().cluster().client().pods().inAnyNamespace().list().getItems().forEach(p ->
        p.getMetadata().getOwnerReferences().stream().filter(o -> o.getKind().equals("DaemonSet"))
            .forEach(o -> daemonSets.add(o.getName())));
    for (JsonNode row : cpu) {
      String type = row.path("metric").path("workload_type").asText();
      String workload = row.path("metric").path("workload").asText();
      if (type.equals("Deployment")) {
        assertThat(deployments).as("Deployment reached through its ReplicaSet").contains(workload);
      } else if (type.equals("DaemonSet")) {
        assertThat(daemonSets).contains(workload);
      }
      assertThat(type).isNotEqualTo("ReplicaSet");
    }
  }

  @Test
  void nodeShareOfCpuIsAPercentageAndGpuRowsBelongToGpuPods() throws Exception {
    for (JsonNode row : data("node:cpu_usage:percent")) {
      assertThat(Double.parseDouble(row.path("value").get(1).asText())).isBetween(0.0, 100.0);
    }
    JsonNode gpu = data("workload:gpu_usage:percent");
    assertThat(values(gpu, "namespace")).doesNotContain("sedna", "kube-system");
  }
}
