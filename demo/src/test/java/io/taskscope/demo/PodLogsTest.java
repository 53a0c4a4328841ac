package io.taskscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pod logs of the demo cluster through the client's log API: plausible per role, deterministic, failures logged. */
class PodLogsTest {
  static DemoCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Pod worker(String ns, String labelKey, String type) {
    return client.pods().inNamespace(ns).withLabel(labelKey, type).list().getItems().stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
  }

  @Test
  void jointInferenceEdgeWorkerLogsInferencesAndHardExamples() {
    Pod edge = worker("demo", "jointinferenceservice.sedna.io/worker-type", "edge");
    String log = client.pods().inNamespace("demo").withName(edge.getMetadata().getName()).getLog();
    assertThat(log).contains("INFO starting little-model").contains("INFO inference frame=")
        .contains("hard example found");
    // deterministic: the same request, the same answer
    assertThat(client.pods().inNamespace("demo").withName(edge.getMetadata().getName()).getLog()).isEqualTo(log);
    Pod cloud = worker("demo", "jointinferenceservice.sedna.io/worker-type", "cloud");
    assertThat(client.pods().inNamespace("demo").withName(cloud.getMetadata().getName()).getLog())
        .contains("big model inference for edge request");
  }

  @Test
  void trainWorkerLogsEpochsLossAndAccuracyWithTimestampsAndTail() {
    Pod train = worker("demo", "incrementallearningjob.sedna.io/worker-type", "train");
    var log = client.pods().inNamespace("demo").withName(train.getMetadata().getName());
    String all = log.getLog();
    assertThat(all).contains("epoch 1 step").contains("loss=").contains("accuracy=");
    String tail = log.usingTimestamps().tailingLines(3).getLog();
    List<String> lines = tail.lines().toList();
    assertThat(lines).hasSize(3).allSatisfy(l -> {
      Instant.parse(l.substring(0, l.indexOf(' ')));
      assertThat(l.substring(l.indexOf(' ') + 1)).startsWith("INFO epoch");
    });
    assertThat(all).endsWith(lines.get(2).substring(lines.get(2).indexOf(' ') + 1) + "\n");
    assertThat(log.limitBytes(10).getLog()).hasSize(10);
  }

  @Test
  void failedWorkersLogAnErrorAndATrace() {
    for (int i = 0; i < 8; i++) {
      cluster.simulator().step();
    }
    List<Pod> failed = client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> "Failed".equals(p.getStatus().getPhase())).toList();
    assertThat(failed).isNotEmpty();
    for (Pod p : failed) {
      String log = client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
          .getLog();
      assertThat(log).as(p.getMetadata().getName()).contains("ERROR").contains("Traceback (most recent call last):")
          .endsWith("ERROR worker exited with code 1\n");
    }
  }

  @Test
  void unknownPodOrContainerIsRefusedAsTheApiDoes() {
    assertThatThrownBy(() -> client.pods().inNamespace("demo").withName("no-such-pod").getLog())
        .isInstanceOf(KubernetesClientException.class).satisfies(e ->
            assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
    Pod edge = worker("demo", "jointinferenceservice.sedna.io/worker-type", "edge");
    assertThatThrownBy(() -> client.pods().inNamespace("demo").withName(edge.getMetadata().getName())
        .inContainer("nope").getLog()).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("container nope is not valid");
  }
}
