package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MetricHistory's resource lines: exporter samples joined to workloads and Sedna tasks by TaskPods' matching. */
class ResourceHistoryTest {
  static final Instant T0 = Instant.parse("2025-11-20T10:00:00Z");

  FakeClusterView view = new FakeClusterView()
      .add("""
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: demo}
          spec: {replicas: 1, selector: {matchLabels: {app: web}}}
          """)
      .add("""
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: db, namespace: demo}
          spec: {replicas: 1, selector: {matchLabels: {app: db}}}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: JointInferenceService
          metadata: {name: ji, namespace: demo}
          """)
      .pod(pod("web-5d8f7c-abcde", "ReplicaSet", "web-5d8f7c"))
      .pod(pod("web-api-66b9-zzzzz", "ReplicaSet", "web-api-66b9")) // another Deployment's
      .pod(pod("db-0", "StatefulSet", "db"))
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: ji-edge-0
            namespace: demo
            labels: {jointinferenceservice.sedna.io/name: ji, jointinferenceservice.sedna.io/worker-type: edge}
          """);

  static String pod(String name, String ownerKind, String owner) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: demo
          ownerReferences: [{apiVersion: apps/v1, kind: %s, name: %s, uid: u, controller: true}]
        """.formatted(name, ownerKind, owner);
  }

  /** Every pod's container at {@code seconds} of CPU (web-api's at 10 x that) and 64 MiB of working set. */
  static ResourceSource exporters(double seconds) {
    return (family, sink) -> {
      for (String p : List.of("web-5d8f7c-abcde", "web-api-66b9-zzzzz", "db-0", "ji-edge-0")) {
        double share = p.startsWith("web-api") ? 10 : 1;
        if (family.test(ResourceUsage.CPU)) {
          sink.accept(Sample.of(ResourceUsage.CPU, seconds * share, "container", "c", "namespace", "demo", "pod", p));
        }
        if (family.test(ResourceUsage.MEMORY)) {
          sink.accept(Sample.of(ResourceUsage.MEMORY, 64 * 1048576.0, "container", "c", "namespace", "demo", "pod",
              p));
        }
      }
    };
  }

  static double last(MetricHistory h, String kind, String name, String chart) {
    TaskCharts.Chart c = TaskCharts.of(kind).stream().filter(x -> x.id().equals(chart)).findFirst().orElseThrow();
    MetricHistory.Points p = h.points(kind, "demo", name, c);
    return p.values().get(0)[p.x().length - 1];
  }

  @Test
  void podsJoinTheirWorkloadOrSednaTask() {
    MetricHistory h = new MetricHistory();
    h.sample(view, SeriesSource.NONE, exporters(10), T0);
    h.sample(view, SeriesSource.NONE, exporters(13), T0.plusSeconds(15)); // 3 s in 15 s: 20 % of a core
    assertThat(last(h, "Deployment", "web", "cpu")).isEqualTo(20.0);
    assertThat(last(h, "Deployment", "web", "memory")).isEqualTo(64.0);
    assertThat(last(h, "StatefulSet", "db", "cpu")).isEqualTo(20.0);
    assertThat(last(h, "JointInferenceService", "ji", "cpu")).isEqualTo(20.0);
    assertThat(last(h, "JointInferenceService", "ji", "memory")).isEqualTo(64.0);
    assertThat(last(h, "Deployment", "web", "power")).isNaN(); // no Kepler samples
    assertThat(last(h, "Deployment", "web", "gpu")).isNaN();
  }

  @Test
  void withoutASourceResourceLinesStayEmpty() {
    MetricHistory h = new MetricHistory();
    h.sample(view, SeriesSource.NONE, T0);
    TaskCharts.Chart cpu = TaskCharts.of("Deployment").stream().filter(x -> x.id().equals("cpu")).findFirst()
        .orElseThrow();
    assertThat(h.points("Deployment", "demo", "web", cpu).isEmpty()).isTrue();
  }
}
