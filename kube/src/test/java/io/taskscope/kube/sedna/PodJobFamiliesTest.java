package io.taskscope.kube.sedna;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.taskscope.core.ObjectStore;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodJobFamiliesTest {
  private final PodFamilies pods = new PodFamilies();
  private final JobFamilies jobs = new JobFamilies();

  static List<Sample> find(RenderedObject r, String name, String... pairs) {
    return Fixtures.flatten(r).stream().filter(s -> s.name().equals(name) && Fixtures.has(s, pairs)).toList();
  }

  static double value(RenderedObject r, String name, String... pairs) {
    List<Sample> f = find(r, name, pairs);
    assertThat(f).as(name + " " + String.join(",", pairs)).hasSize(1);
    return f.get(0).value();
  }

  @Test
  void taskRefFromWorkerLabels() {
    assertThat(TaskRef.of(Fixtures.pod("pod-ji-edge-worker.yaml"))).contains(
        new TaskRef("JointInferenceService", "helmet-detection-inference-example", "default", "edge"));
    assertThat(TaskRef.of(Fixtures.pod("pod-ji-cloud-worker.yaml"))).hasValueSatisfying(t -> {
      assertThat(t.workerType()).isEqualTo("cloud");
      assertThat(t.location()).isEqualTo("cloud");
    });
    assertThat(TaskRef.of(Fixtures.pod("pod-il-train-worker.yaml"))).contains(
        new TaskRef("IncrementalLearningJob", "helmet-detection-demo", "default", "train"));
  }

  @Test
  void taskRefFromOwnerReferenceAndGenerateName() {
    Pod p = Fixtures.pod("pod-il-train-worker.yaml");
    p.getMetadata().setLabels(Map.of());
    assertThat(TaskRef.of(p)).contains(
        new TaskRef("IncrementalLearningJob", "helmet-detection-demo", "default", "train"));
    Pod fl = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("fl-aggregation-x1").withNamespace("fl")
        .withGenerateName("fl-aggregation-")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("sedna.io/v1alpha1")
            .withKind("FederatedLearningJob").withName("fl").withController(true).build()).build()).build();
    assertThat(TaskRef.of(fl)).contains(new TaskRef("FederatedLearningJob", "fl", "fl", "aggregation"));
    assertThat(TaskRef.of(fl).orElseThrow().location()).isEqualTo("cloud");
  }

  @Test
  void taskRefForSystemComponentsAndOthers() {
    assertThat(TaskRef.of(Fixtures.pod("pod-gm.yaml")))
        .contains(new TaskRef(TaskRef.GLOBAL_MANAGER, "gm", "sedna", "gm"));
    assertThat(TaskRef.of(Fixtures.pod("pod-lc.yaml")))
        .contains(new TaskRef(TaskRef.LOCAL_CONTROLLER, "lc", "sedna", "lc"));
    assertThat(TaskRef.of(Fixtures.pod("pod-kb.yaml")))
        .contains(new TaskRef(TaskRef.KNOWLEDGE_BASE, "kb", "sedna", "kb"));
    Pod other = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("nginx").withNamespace("default")
        .withLabels(Map.of("app", "nginx", "app.sedna.io", "x")).build()).build();
    assertThat(TaskRef.of(other)).isEmpty();
  }

  @Test
  void podFamiliesForEveryPodFixture() {
    for (String f : List.of("pod-gm.yaml", "pod-lc.yaml", "pod-kb.yaml", "pod-ji-edge-worker.yaml",
        "pod-ji-cloud-worker.yaml", "pod-il-train-worker.yaml")) {
      Pod p = Fixtures.pod(f);
      RenderedObject r = pods.render(p);
      assertThat(r.familyCount()).isEqualTo(pods.headers().size());
      new ObjectStore(pods.headers()).put(p.getMetadata().getUid(), r);
      TaskRef t = TaskRef.of(p).orElseThrow();
      String[] id = {"namespace", p.getMetadata().getNamespace(), "kind", t.kind(), "name", t.name(),
          "worker", t.workerType(), "pod", p.getMetadata().getName(), "node", p.getSpec().getNodeName()};
      assertThat(value(r, PodFamilies.POD_PHASE, concat(id, "phase", "Running"))).as(f).isEqualTo(1);
      assertThat(find(r, PodFamilies.POD_PHASE)).hasSize(5);
      assertThat(value(r, PodFamilies.POD_INFO, id)).isEqualTo(1);
      assertThat(value(r, PodFamilies.POD_SCHEDULED, id)).isEqualTo(1);
      assertThat(value(r, PodFamilies.POD_START, id))
          .isEqualTo(Instant.parse(p.getStatus().getStartTime()).getEpochSecond());
      for (Sample s : Fixtures.flatten(r)) {
        assertThat(s.labelNames()).as(s.toString())
            .startsWith("namespace", "kind", "name", "worker", "location", "node", "pod");
      }
    }
    RenderedObject edge = pods.render(Fixtures.pod("pod-ji-edge-worker.yaml"));
    assertThat(value(edge, PodFamilies.CONTAINER_STATE, "container", "little-model", "state", "running",
        "location", "edge")).isEqualTo(1);
    assertThat(value(edge, PodFamilies.CONTAINER_READY, "container", "little-model")).isEqualTo(1);
    assertThat(value(edge, PodFamilies.CONTAINER_RESTARTS, "container", "little-model")).isEqualTo(0);
    RenderedObject gm = pods.render(Fixtures.pod("pod-gm.yaml"));
    assertThat(value(gm, PodFamilies.POD_READY, "kind", "GlobalManager")).isEqualTo(1);
    // no containerStatuses yet: container info from the spec, no state series
    RenderedObject cloud = pods.render(Fixtures.pod("pod-ji-cloud-worker.yaml"));
    assertThat(find(cloud, PodFamilies.CONTAINER_STATE)).isEmpty();
    assertThat(value(cloud, PodFamilies.CONTAINER_INFO, "container", "big-model")).isEqualTo(1);
  }

  @Test
  void crashLoopingContainer() {
    Pod p = Fixtures.pod("pod-ji-edge-worker.yaml");
    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("little-model")
        .withReady(false).withRestartCount(7)
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 5m0s").endWaiting()
        .endState()
        .withNewLastState().withNewTerminated().withReason("Error").withExitCode(137).endTerminated()
        .endLastState()
        .build()));
    RenderedObject r = new PodFamilies(node -> "edge-node".equals(node) ? "edge" : "cloud").render(p);
    assertThat(value(r, PodFamilies.CONTAINER_STATE, "state", "waiting")).isEqualTo(1);
    assertThat(value(r, PodFamilies.CONTAINER_STATE, "state", "running")).isEqualTo(0);
    assertThat(value(r, PodFamilies.CONTAINER_STATE_REASON, "state", "waiting", "reason", "CrashLoopBackOff"))
        .isEqualTo(1);
    assertThat(value(r, PodFamilies.CONTAINER_LAST_TERMINATED, "reason", "Error", "exit_code", "137"))
        .isEqualTo(1);
    assertThat(value(r, PodFamilies.CONTAINER_RESTARTS, "container", "little-model", "kind",
        "JointInferenceService", "name", "helmet-detection-inference-example", "worker", "edge",
        "location", "edge")).isEqualTo(7);
    assertThat(value(r, PodFamilies.CONTAINER_READY)).isEqualTo(0);
  }

  @Test
  void unrelatedPodRendersEmpty() {
    Pod other = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("nginx").withNamespace("default")
        .build()).withNewStatus().withPhase("Running").endStatus().build();
    RenderedObject r = pods.render(other);
    assertThat(r.familyCount()).isEqualTo(pods.headers().size());
    assertThat(r.sampleCount()).isZero();
    assertThat(pods.render(null).sampleCount()).isZero();
  }

  @Test
  void jobFamilies() {
    Job job = new JobBuilder().withMetadata(new ObjectMetaBuilder().withName("il-preprocess").withNamespace("default")
            .withUid("u1").withLabels(Map.of("incrementallearningjob.sedna.io/name", "helmet-detection-demo",
                "incrementallearningjob.sedna.io/worker-type", "train")).build())
        .withNewStatus().withActive(0).withSucceeded(1).withFailed(2)
        .withStartTime("2025-11-20T02:00:00Z").withCompletionTime("2025-11-20T02:10:00Z")
        .addNewCondition().withType("Complete").withStatus("True").endCondition()
        .endStatus().build();
    RenderedObject r = jobs.render(job);
    assertThat(r.familyCount()).isEqualTo(jobs.headers().size());
    String[] id = {"namespace", "default", "kind", "IncrementalLearningJob", "name", "helmet-detection-demo",
        "worker", "train", "job_name", "il-preprocess"};
    assertThat(value(r, JobFamilies.JOB_SUCCEEDED, id)).isEqualTo(1);
    assertThat(value(r, JobFamilies.JOB_FAILED, id)).isEqualTo(2);
    assertThat(value(r, JobFamilies.JOB_ACTIVE, id)).isEqualTo(0);
    assertThat(value(r, JobFamilies.JOB_CONDITION, "condition", "Complete", "status", "true")).isEqualTo(1);
    assertThat(value(r, JobFamilies.JOB_CONDITION, "condition", "Failed", "status", "false")).isEqualTo(1);
    assertThat(value(r, JobFamilies.JOB_CONDITION, "condition", "Failed", "status", "true")).isEqualTo(0);
    assertThat(value(r, JobFamilies.JOB_COMPLETION, id))
        .isEqualTo(Instant.parse("2025-11-20T02:10:00Z").getEpochSecond());

    Job owned = new JobBuilder().withMetadata(new ObjectMetaBuilder().withName("va-job").withNamespace("v")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("sedna.io/v1alpha1")
            .withKind("VideoAnalyticsJob").withName("va").withController(true).build()).build()).build();
    assertThat(value(jobs.render(owned), JobFamilies.JOB_INFO, "kind", "VideoAnalyticsJob", "name", "va"))
        .isEqualTo(1);

    Job plain = new JobBuilder().withMetadata(new ObjectMetaBuilder().withName("x").build()).build();
    assertThat(jobs.render(plain).sampleCount()).isZero();
  }

  static String[] concat(String[] a, String... b) {
    return SednaFixturesTest.concat(a, b);
  }
}
