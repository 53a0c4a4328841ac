package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskscope.core.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recording rules' math on raw exporter samples, and pods joined to their workloads and Sedna tasks. */
class ResourceUsageTest {
  static final Instant T0 = Instant.parse("2025-11-20T10:00:00Z");
  static final double MIB = 1048576;

  /** Exporter samples of pod {@code web-5d8f7c-abcde} (containers a, b) at counter values cpuA, cpuB, joules. */
  static ResourceSource exporters(double cpuA, double cpuB, double joules) {
    return (family, sink) -> {
      List<Sample> all = new ArrayList<>();
      String[] pod = {"namespace", "demo", "pod", "web-5d8f7c-abcde"};
      all.add(cpu(cpuA, "a", pod));
      all.add(cpu(cpuB, "b", pod));
      all.add(cpu(5000, "POD", pod)); // the sandbox: not the workload's
      all.add(Sample.of(ResourceUsage.CPU, 9000, "id", "/kubepods/pod1", "namespace", "demo", "pod",
          "web-5d8f7c-abcde")); // the pod cgroup (no container): counted once through its containers
      all.add(Sample.of(ResourceUsage.CPU, 70000, "id", "/", "node", "node-a")); // the machine
      all.add(Sample.of(ResourceUsage.MEMORY, 100 * MIB, "container", "a", "namespace", "demo", "pod",
          "web-5d8f7c-abcde"));
      all.add(Sample.of(ResourceUsage.MEMORY, 50 * MIB, "container", "b", "namespace", "demo", "pod",
          "web-5d8f7c-abcde"));
      all.add(Sample.of(ResourceUsage.MEMORY, 999 * MIB, "container", "", "namespace", "demo", "pod",
          "web-5d8f7c-abcde"));
      all.add(Sample.of(ResourceUsage.JOULES, joules, "container_name", "a", "container_namespace", "demo",
          "pod_name", "web-5d8f7c-abcde"));
      // one GPU seen by both containers (counted once, at its max) and a second GPU
      all.add(Sample.of(ResourceUsage.GPU, 40, "Hostname", "node-a", "gpu", "0", "container", "a", "namespace",
          "demo", "pod", "web-5d8f7c-abcde"));
      all.add(Sample.of(ResourceUsage.GPU, 60, "Hostname", "node-a", "gpu", "0", "container", "b", "namespace",
          "demo", "pod", "web-5d8f7c-abcde"));
      all.add(Sample.of(ResourceUsage.GPU, 20, "Hostname", "node-a", "gpu", "1", "container", "a", "namespace",
          "demo", "pod", "web-5d8f7c-abcde"));
      all.add(Sample.of("container_fs_usage_bytes", 1, "container", "a", "namespace", "demo", "pod", "x"));
      all.stream().filter(s -> family.test(s.name())).forEach(sink);
    };
  }

  static Sample cpu(double v, String container, String... pod) {
    return Sample.of(ResourceUsage.CPU, v, "container", container, "namespace", pod[1], "pod", pod[3]);
  }

  static ResourceUsage.Figures figures(ResourceUsage u, ResourceSource s, Instant at) {
    var pods = new FakeClusterView().pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web-5d8f7c-abcde, namespace: demo}
        """).pods();
    return ResourceUsage.of(pods, u.read(s, at));
  }

  @Test
  void ratesBetweenTwoReadsGiveCpuPercentAndWatts() {
    ResourceUsage u = new ResourceUsage();
    ResourceUsage.Figures first = figures(u, exporters(100, 50, 1000), T0);
    assertThat(first.cpuPercent()).isNaN(); // a rate needs two reads
    assertThat(first.watts()).isNaN();
    assertThat(first.memoryMiB()).isEqualTo(150.0);
    assertThat(first.gpuPercent()).isEqualTo(40.0); // (60 + 20) / 2

    // 15 s later: a used 3 s of CPU, b 1.5 s -> 0.3 cores = 30 %; 450 J -> 30 W
    ResourceUsage.Figures second = figures(u, exporters(103, 51.5, 1450), T0.plusSeconds(15));
    assertThat(second.cpuPercent()).isCloseTo(30.0, within(1e-9));
    assertThat(second.watts()).isCloseTo(30.0, within(1e-9));
    assertThat(second.of("cpu")).isEqualTo(second.cpuPercent());
    assertThat(second.of("gpu")).isEqualTo(40.0);
  }

  @Test
  void aCounterResetSkipsThatStepOnly() {
    ResourceUsage u = new ResourceUsage();
    figures(u, exporters(100, 50, 1000), T0);
    // container a restarted (100 -> 1): only b's 0.1 cores count; Kepler reset too: no power this step
    ResourceUsage.Figures reset = figures(u, exporters(1, 51.5, 10), T0.plusSeconds(15));
    assertThat(reset.cpuPercent()).isCloseTo(10.0, within(1e-9));
    assertThat(reset.watts()).isNaN();
    ResourceUsage.Figures after = figures(u, exporters(4, 53, 310), T0.plusSeconds(30));
    assertThat(after.cpuPercent()).isCloseTo(30.0, within(1e-9));
    assertThat(after.watts()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void keepsPreviousValuesOnlyForSeriesStillPresent() {
    ResourceUsage u = new ResourceUsage();
    u.read(exporters(100, 50, 1000), T0);
    assertThat(u.counters()).isEqualTo(3); // containers a and b, and a's Kepler counter: rows that are rated
    u.read((family, sink) -> {}, T0.plusSeconds(15));
    assertThat(u.counters()).isZero();
  }

  @Test
  void podsOfOtherWorkloadsOrNamespacesDoNotCount() {
    ResourceUsage u = new ResourceUsage();
    var byPod = u.read(exporters(100, 50, 1000), T0);
    var other = new FakeClusterView().pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web-5d8f7c-abcde, namespace: prod}
        """).pods();
    ResourceUsage.Figures f = ResourceUsage.of(other, byPod);
    assertThat(f.memoryMiB()).isNaN();
    assertThat(f.gpuPercent()).isNaN();
    assertThat(ResourceUsage.of(List.of(), Map.of()).cpuPercent()).isNaN();
  }
}
