package io.taskscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.demo.sim.SimulatedExporters;
import io.taskscope.push.PushedFamily;
import io.taskscope.push.PushedMetric;
import io.taskscope.push.TextFormatParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The GLACIATION namespace's general workloads run pods like a real cluster's controllers make them: owned through
 * the right chain, labelled for their selectors, placed on nodes; the simulated exporters then measure them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneralWorkloadsTest {
  private static final String NS = GeneralWorkloads.NAMESPACE;
  private DemoCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false));
    client = cluster.client();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace(NS).list().getItems();
  }

  private static OwnerReference controller(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    assertThat(refs).as(o.getMetadata().getName()).singleElement().satisfies(r -> {
      assertThat(r.getController()).isTrue();
      assertThat(r.getApiVersion()).isEqualTo("apps/v1");
    });
    return refs.get(0);
  }

  private static void selects(LabelSelector selector, Pod p) {
    assertThat(p.getMetadata().getLabels()).as(p.getMetadata().getName())
        .containsAllEntriesOf(selector.getMatchLabels());
  }

  @Test
  void deploymentPodsAreOwnedThroughTheirReplicaSet() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("web-frontend").get();
    List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(NS).list().getItems();
    assertThat(sets).singleElement().satisfies(rs -> {
      OwnerReference owner = controller(rs);
      assertThat(owner.getKind()).isEqualTo("Deployment");
      assertThat(owner.getUid()).isEqualTo(d.getMetadata().getUid());
    });
    ReplicaSet rs = sets.get(0);
    List<Pod> mine = pods().stream().filter(p -> controller(p).getKind().equals("ReplicaSet")).toList();
    assertThat(mine).hasSize(d.getSpec().getReplicas()).allSatisfy(p -> {
      assertThat(controller(p).getUid()).isEqualTo(rs.getMetadata().getUid());
      assertThat(p.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
      selects(d.getSpec().getSelector(), p);
      selects(rs.getSpec().getSelector(), p);
    });
    assertThat(mine).extracting(p -> p.getSpec().getNodeName()).doesNotHaveDuplicates();
  }

  @Test
  void statefulSetPodsHaveOrdinalNames() {
    StatefulSet s = client.apps().statefulSets().inNamespace(NS).withName("metrics-db").get();
    List<Pod> mine = pods().stream().filter(p -> controller(p).getKind().equals("StatefulSet")).toList();
    assertThat(mine).extracting(p -> p.getMetadata().getName()).containsExactly("metrics-db-0");
    assertThat(mine).allSatisfy(p -> {
      assertThat(controller(p).getUid()).isEqualTo(s.getMetadata().getUid());
      selects(s.getSpec().getSelector(), p);
      assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name",
          p.getMetadata().getName());
    });
  }

  @Test
  void daemonSetRunsOnePodOnEveryNode() {
    DaemonSet ds = client.apps().daemonSets().inNamespace(NS).withName("fluentd").get();
    Set<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    List<Pod> mine = pods().stream().filter(p -> controller(p).getKind().equals("DaemonSet")).toList();
    assertThat(mine).allSatisfy(p -> {
      assertThat(controller(p).getUid()).isEqualTo(ds.getMetadata().getUid());
      selects(ds.getSpec().getSelector(), p);
    });
    assertThat(mine).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrderElementsOf(nodes);
    assertThat(ds.getStatus().getNumberReady()).isEqualTo(nodes.size());
  }

  @Test
  void everyPodRunsWithItsOwnAddressAndContainer() {
    List<Pod> pods = pods();
    assertThat(pods).hasSize(6).allSatisfy(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getStatus().getContainerStatuses()).singleElement()
          .satisfies(cs -> assertThat(cs.getReady()).isTrue());
    });
    assertThat(pods).extracting(p -> p.getStatus().getPodIP()).doesNotHaveDuplicates();
    assertThat(pods).extracting(p -> p.getStatus().getContainerStatuses().get(0).getContainerID())
        .doesNotHaveDuplicates();
  }

  @Test
  void simulatedExportersMeasureThem() throws Exception {
    try (SimulatedExporters exporters = new SimulatedExporters(client, Duration.ofSeconds(1), 42)) {
      exporters.step();
      exporters.step();
      Set<String> pods = pods().stream().map(p -> p.getMetadata().getName())
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(inNamespace(exporters, SimulatedExporters.CADVISOR, "container_cpu_usage_seconds_total",
          "namespace", "pod")).isEqualTo(pods);
      assertThat(inNamespace(exporters, SimulatedExporters.KEPLER, "kepler_container_joules_total",
          "container_namespace", "pod_name")).isEqualTo(pods);
      Map<String, String> owners = new java.util.TreeMap<>();
      family(exporters, SimulatedExporters.KUBE_STATE_METRICS, "kube_pod_owner").stream()
          .filter(m -> NS.equals(m.label("namespace")))
          .forEach(m -> owners.put(m.label("pod"), m.label("owner_kind") + "/" + m.label("owner_name")));
      assertThat(owners).hasSize(6).containsEntry("metrics-db-0", "StatefulSet/metrics-db");
      assertThat(owners.values()).filteredOn(o -> o.startsWith("DaemonSet/fluentd")).hasSize(3);
      assertThat(family(exporters, SimulatedExporters.KUBE_STATE_METRICS, "kube_replicaset_owner"))
          .anySatisfy(m -> {
            assertThat(m.label("namespace")).isEqualTo(NS);
            assertThat(m.label("owner_kind") + "/" + m.label("owner_name")).isEqualTo("Deployment/web-frontend");
          });
    }
  }

  private static List<PushedMetric> family(SimulatedExporters e, String path, String name) throws Exception {
    for (PushedFamily f : TextFormatParser.parse(e.text(path).getBytes(StandardCharsets.UTF_8))) {
      if (f.name().equals(name)) {
        return f.metrics();
      }
    }
    throw new AssertionError(name + " not in " + path);
  }

  private static Set<String> inNamespace(SimulatedExporters e, String path, String name, String nsLabel,
      String podLabel) throws Exception {
    return family(e, path, name).stream().filter(m -> NS.equals(m.label(nsLabel))).map(m -> m.label(podLabel))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
