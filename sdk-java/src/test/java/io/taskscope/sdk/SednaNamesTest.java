package io.taskscope.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.sdk.SednaNames.Kind;
import org.junit.jupiter.api.Test;

class SednaNamesTest {
  @Test
  void kindsAndTheirLookups() {
    assertThat(SednaNames.crKinds()).hasSize(11).startsWith("Dataset", "Model", "JointInferenceService");
    assertThat(SednaNames.API_VERSION).isEqualTo("sedna.io/v1alpha1");
    assertThat(Kind.of("jointinferenceservice")).contains(Kind.JOINT_INFERENCE_SERVICE);
    assertThat(Kind.of("ReidJob")).contains(Kind.REID_JOB);
    assertThat(Kind.of("Deployment")).isEmpty();
    assertThat(Kind.of(null)).isEmpty();
    assertThat(Kind.LIFELONG_LEARNING_JOB.labelPrefix()).isEqualTo("lifelonglearningjob.sedna.io/");
    for (Kind k : Kind.values()) {
      assertThat(k.plural).isEqualTo(k.kind.toLowerCase(java.util.Locale.ROOT) + "s");
    }
  }

  @Test
  void workerNamesRestOnTheCrdNames() {
    assertThat(SednaNames.METRIC_PREFIXES.keySet()).allSatisfy(k -> assertThat(Kind.of(k)).isPresent());
    assertThat(SednaNames.METRIC_PREFIXES.values()).allMatch(p -> p.startsWith(SednaNames.JOB + "_"));
    // a worker's CurrentStatus is its job's condition type; a federated TrainStatus is the job's phase
    assertThat(SednaNames.CURRENT_STATUSES).isEqualTo(Kind.INCREMENTAL_LEARNING_JOB.conditionTypes);
    assertThat(SednaNames.TRAIN_STATUSES).isEqualTo(Kind.FEDERATED_LEARNING_JOB.phases);
    assertThat(SednaNames.WORKER_METRICS).containsKeys(SednaNames.MODEL_KINDS.values().toArray(String[]::new));
    assertThat(SednaNames.COMPONENTS).containsEntry("gm", "GlobalManager").hasSize(3);
  }

  @Test
  void workerTypesFromWorkerNames() {
    assertThat(SednaWorker.workerType("train-worker-x1y2z")).isEqualTo("train");
    assertThat(SednaWorker.workerType("aggworker-0")).isEqualTo("aggregation");
    assertThat(SednaWorker.workerType("nginx")).isEmpty();
  }

  @Test
  void eitherClassMayBeInitialisedFirst() throws Exception {
    java.net.URL classes = SednaNames.class.getProtectionDomain().getCodeSource().getLocation();
    for (String first : java.util.List.of("io.taskscope.sdk.SednaNames$Kind", "io.taskscope.sdk.SednaNames")) {
      try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes},
          ClassLoader.getPlatformClassLoader())) {
        Class.forName(first, true, loader);
        Class<?> names = Class.forName("io.taskscope.sdk.SednaNames", true, loader);
        assertThat((java.util.List<?>) names.getMethod("crKinds").invoke(null)).as(first).hasSize(11);
        Class<?> kind = Class.forName("io.taskscope.sdk.SednaNames$Kind", true, loader);
        for (Object k : kind.getEnumConstants()) {
          assertThat(kind.getField("conditionTypes").get(k)).as(first + " " + k).isNotNull();
        }
      }
    }
  }
}
