package io.taskscope.kube.sedna;

import static io.taskscope.kube.sedna.Fixtures.object;
import static io.taskscope.kube.sedna.Fixtures.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskscope.core.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden-ish checks of the shipped config against every CR fixture. */
class SednaFixturesTest {
  static Stream<Arguments> crFixtures() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.objectsDir())) {
      return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("pod-"))
          .sorted()
          .flatMap(p -> Fixtures.read(p).stream().map(o -> Arguments.of(p.getFileName().toString(),
              ((Map<?, ?>) o.get("metadata")).get("name"), o)))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("crFixtures")
  void everySeriesCarriesNamespaceNameAndKind(String file, String name, Map<String, Object> o) {
    Fixtures.Result r = render(o);
    Map<?, ?> meta = (Map<?, ?>) o.get("metadata");
    assertThat(r.samples()).as(file).isNotEmpty();
    for (Sample s : r.samples()) {
      assertThat(s.label("namespace")).as(s.toString()).isEqualTo(meta.get("namespace"));
      assertThat(s.label("name")).as(s.toString()).isEqualTo(meta.get("name"));
      assertThat(s.label("kind")).as(s.toString()).isEqualTo(o.get("kind"));
      assertThat(s.name()).startsWith("sedna_");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("crFixtures")
  void taskKindsHaveConditionAndStartTimeSeries(String file, String name, Map<String, Object> o) {
    Map<?, ?> status = (Map<?, ?>) o.get("status");
    if (status == null) {
      return;
    }
    Fixtures.Result r = render(o);
    if (status.get("conditions") instanceof List<?> conds && !conds.isEmpty()) {
      Map<?, ?> last = (Map<?, ?>) conds.get(conds.size() - 1);
      assertThat(r.value("sedna_task_stage_condition_status", "type", (String) last.get("type"))).isEqualTo(1);
      assertThat(r.value("sedna_task_condition", "condition", (String) last.get("type"))).isEqualTo(1);
      assertThat(r.find("sedna_task_condition").stream().mapToDouble(Sample::value).sum()).isEqualTo(1);
    }
    if (status.get("startTime") instanceof String start) {
      assertThat(r.value("sedna_task_start_time_seconds")).isEqualTo(Instant.parse(start).getEpochSecond());
    }
    if (status.get("completionTime") instanceof String done) {
      assertThat(r.value("sedna_task_completion_time_seconds")).isEqualTo(Instant.parse(done).getEpochSecond());
    }
  }

  @Test
  void jointInferenceRunning() {
    Fixtures.Result r = render(object("jointinferenceservice-running.yaml", "helmet-detection-inference-example"));
    assertThat(r.value("sedna_jointinference_edge_inferences", "worker", "edge", "location", "edge"))
        .isEqualTo(1532);
    assertThat(r.value("sedna_jointinference_hard_examples")).isEqualTo(214);
    assertThat(r.value("sedna_jointinference_cloud_inferences", "location", "cloud")).isEqualTo(214);
    assertThat(r.value("sedna_jointinference_upload_cloud_ratio")).isCloseTo(0.13968668407310705, within(1e-9)); // Quantity parsing rounds to nano, as in KSM
    assertThat(r.value("sedna_task_samples", "sample_type", "inferred")).isEqualTo(1532);
    assertThat(r.value("sedna_task_samples", "sample_type", "hard_example")).isEqualTo(214);
    assertThat(r.value("sedna_task_status_metric", "key", "inferenceNumber")).isEqualTo(1532);
    assertThat(r.value("sedna_task_status_active")).isEqualTo(2);
    assertThat(r.value("sedna_task_status_failed")).isEqualTo(0);
    assertThat(r.value("sedna_task_stage_condition_status", "type", "Running")).isEqualTo(1);
    assertThat(r.value("sedna_task_condition", "condition", "Pending")).isEqualTo(0);
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void jointInferenceFailures() {
    Fixtures.Result failed = render(object("jointinferenceservice-failed-worker.yaml", "traffic-sign-ji"));
    assertThat(failed.value("sedna_task_stage_condition_status", "type", "Failed", "reason", "workerFailed"))
        .isEqualTo(1);
    assertThat(failed.value("sedna_task_status_failed")).isEqualTo(1);
    assertThat(failed.value("sedna_jointinference_edge_inferences")).isEqualTo(4000);

    Fixtures.Result create = render(object("jointinferenceservice-create-error.yaml", "face-detect-ji"));
    assertThat(create.value("sedna_task_last_condition_info", "type", "Failed"
        , "message", "failed to get model face-big-model: models.sedna.io \"face-big-model\" not found"))
        .isEqualTo(1);
    assertThat(create.value("sedna_task_status_failed")).isEqualTo(2);
    assertThat(create.named("sedna_jointinference_edge_inferences")).isEmpty();
    assertThat(create.named("sedna_task_status_metric")).isEmpty();
  }

  @Test
  void datasets() {
    assertThat(render(object("dataset-populated.yaml", "incremental-dataset"))
        .value("sedna_dataset_number_of_samples")).isEqualTo(1826);
    assertThat(render(object("dataset-populated.yaml", "lifelong-dataset"))
        .value("sedna_dataset_number_of_samples")).isEqualTo(30412);
    Fixtures.Result empty = render(object("dataset-populated.yaml", "edge2-surface-defect-detection-dataset"));
    assertThat(empty.value("sedna_dataset_number_of_samples")).isEqualTo(0);
    assertThat(empty.value("sedna_dataset_update_time_seconds"))
        .isEqualTo(Instant.parse("2025-11-19T05:50:03Z").getEpochSecond());
    assertThat(empty.value("sedna_dataset_info", "node", "edge2", "format", "txt", "url", "/data/2.txt"))
        .isEqualTo(1);
  }

  @Test
  void incrementalLearningLastConditionStage() {
    record Case(String file, String name, String type, String stage) {}
    for (Case c : List.of(
        new Case("incrementallearningjob-train-running.yaml", "helmet-detection-demo", "Running", "Train"),
        new Case("incrementallearningjob-eval-running.yaml", "helmet-detection-demo-2", "Running", "Eval"),
        new Case("incrementallearningjob-deploy-completed.yaml", "helmet-detection-demo-3", "Waiting", "Train"),
        new Case("incrementallearningjob-train-failed.yaml", "dog-croissants-il", "Waiting", "Train"))) {
      Fixtures.Result r = render(object(c.file, c.name));
      assertThat(r.find("sedna_task_stage_condition_status")).as(c.file).singleElement()
          .satisfies(s -> {
            assertThat(s.label("type")).isEqualTo(c.type);
            assertThat(s.label("stage")).isEqualTo(c.stage);
            assertThat(s.value()).isEqualTo(1);
          });
      assertThat(r.value("sedna_task_learning_stage", "stage", c.stage)).as(c.file).isEqualTo(1);
      assertThat(r.find("sedna_task_learning_stage")).hasSize(3);
      assertThat(r.value("sedna_task_condition", "condition", c.type)).isEqualTo(1);
      assertThat(r.find("sedna_task_condition")).hasSize(6);
      assertThat(r.named("sedna_task_completion_time_seconds")).as("IL never sets completionTime").isEmpty();
      assertThat(r.find("sedna_task_dataset_train_prob")).singleElement()
          .satisfies(s -> assertThat(s.value()).isGreaterThan(0).isLessThanOrEqualTo(1));
    }
  }

  @Test
  void incrementalLearningConditionData() {
    Fixtures.Result eval = render(object("incrementallearningjob-eval-running.yaml", "helmet-detection-demo-2"));
    // Ready/Eval (third from last) names the new and the deployed model and the eval data
    assertThat(eval.value("sedna_task_condition_model_info", "direction", "input",
        "url", "/output/train/1/model.pb", "format", "pb")).isEqualTo(1);
    assertThat(eval.value("sedna_task_condition_model_info", "direction", "input",
        "url", "/models/deploy_model/saved_model.pb")).isEqualTo(1);
    assertThat(eval.value("sedna_task_condition_input_info", "data_url", "/output/data/eval/1/data.txt"))
        .isEqualTo(1);
    assertThat(eval.value("sedna_task_dataset_train_prob", "dataset", "incremental-dataset")).isEqualTo(0.8);
    assertThat(eval.value("sedna_task_stage_node_info", "stage", "Eval", "node", "edge-node")).isEqualTo(1);

    Fixtures.Result train = render(object("incrementallearningjob-train-running.yaml", "helmet-detection-demo"));
    assertThat(train.value("sedna_task_condition_input_info", "data_url", "/output/data/train/1/data.txt",
        "output_dir", "/output/train/1")).isEqualTo(1);

    Fixtures.Result deploy =
        render(object("incrementallearningjob-deploy-completed.yaml", "helmet-detection-demo-3"));
    String[] newModel = {"new_model_url", "/output/train/1/model.pb", "stage", "Eval"};
    assertThat(deploy.value("sedna_incrementallearning_eval_metric",
        concat(newModel, "model", "new", "metric", "precision", "class", "0"))).isEqualTo(0.8321);
    assertThat(deploy.value("sedna_incrementallearning_eval_metric",
        concat(newModel, "model", "new", "metric", "recall", "class", "3"))).isEqualTo(0.6501);
    assertThat(deploy.value("sedna_incrementallearning_eval_metric",
        concat(newModel, "model", "old", "metric", "precision", "class", "2"))).isEqualTo(0.6547);
    assertThat(deploy.find("sedna_incrementallearning_eval_metric")).hasSize(16);
    // Ready/Deploy is third from last: [trained, deploy] models
    assertThat(deploy.value("sedna_task_condition_model_info", "direction", "input",
        "url", "/models/deploy_model/saved_model.pb")).isEqualTo(1);
  }

  @Test
  void lifelongLearningKnowledgeBase() {
    Fixtures.Result r = render(object("lifelonglearningjob-eval-completed-kb.yaml", "atcii-classifier-demo-2"));
    assertThat(r.value("sedna_lifelonglearning_kb_model_average_precision", "model", "Season_Summer"))
        .isCloseTo(0.8214, within(1e-6));
    assertThat(r.value("sedna_lifelonglearning_kb_model_train_samples", "model", "Season_Winter")).isEqualTo(612);
    assertThat(r.value("sedna_lifelonglearning_kb_models")).isEqualTo(3);
    assertThat(r.value("sedna_lifelonglearning_kb_classes")).isEqualTo(3);
    assertThat(r.find("sedna_lifelonglearning_kb_class_info")).extracting(s -> s.label("class"))
        .containsExactlyInAnyOrder("cool", "neutral", "warm");
    assertThat(r.value("sedna_task_samples", "sample_type", "labeled_unseen")).isEqualTo(612);
    assertThat(r.value("sedna_task_samples", "sample_type", "unseen")).isEqualTo(0);
    assertThat(r.value("sedna_task_stage_condition_status", "type", "Waiting", "stage", "Deploy")).isEqualTo(1);
    assertThat(r.value("sedna_task_learning_stage", "stage", "Deploy")).isEqualTo(1);
    // Completed/Eval (second from last) names the knowledge-base index
    assertThat(r.value("sedna_task_condition_model_info", "direction", "output",
        "url", "/output/eval/1/index.pkl", "format", "pkl")).isEqualTo(1);

    Fixtures.Result empty = render(object("lifelonglearningjob-train-running.yaml", "atcii-classifier-demo"));
    assertThat(empty.value("sedna_lifelonglearning_kb_models")).isEqualTo(0);
    assertThat(empty.named("sedna_lifelonglearning_kb_model_average_precision")).isEmpty();
    assertThat(empty.value("sedna_task_stage_condition_status", "type", "Running", "stage", "Train"))
        .isEqualTo(1);

    Fixtures.Result failed = render(object("lifelonglearningjob-eval-failed.yaml", "robot-semantic-seg-ll"));
    assertThat(failed.value("sedna_task_condition", "condition", "Waiting")).isEqualTo(1);
    assertThat(failed.value("sedna_task_learning_stage", "stage", "Train")).isEqualTo(1);
  }

  @Test
  void federatedLearning() {
    Fixtures.Result running = render(object("federatedlearningjob-running.yaml", "surface-defect-detection"));
    assertThat(running.value("sedna_task_status_phase", "phase", "Running")).isEqualTo(1);
    assertThat(running.value("sedna_task_status_phase", "phase", "Succeeded")).isEqualTo(0);
    assertThat(running.value("sedna_task_status_active")).isEqualTo(3);
    assertThat(running.value("sedna_task_last_condition_info", "type", "Training", "reason", "DoTraining",
        "message", "Round 2 reaches at 2025-11-20 06:07:39")).isEqualTo(1);
    assertThat(running.value("sedna_task_last_condition_time_seconds", "type", "Training"))
        .isEqualTo(Instant.parse("2025-11-20T06:07:40Z").getEpochSecond());
    assertThat(running.find("sedna_federatedlearning_training_worker_info")).extracting(s -> s.label("node"))
        .containsExactlyInAnyOrder("edge1", "edge2");
    assertThat(running.value("sedna_federatedlearning_training_worker_info", "node", "edge2",
        "dataset", "edge2-surface-defect-detection-dataset")).isEqualTo(1);

    Fixtures.Result done = render(object("federatedlearningjob-succeeded.yaml", "surface-defect-detection-done"));
    assertThat(done.value("sedna_task_status_phase", "phase", "Succeeded")).isEqualTo(1);
    assertThat(done.value("sedna_task_status_succeeded")).isEqualTo(3);
    assertThat(done.value("sedna_task_stage_condition_status", "type", "Complete")).isEqualTo(1);

    Fixtures.Result failed = render(object("federatedlearningjob-failed.yaml", "yolo-mistnet-fl"));
    assertThat(failed.value("sedna_task_condition", "condition", "Failed")).isEqualTo(1);
    assertThat(failed.value("sedna_task_stage_condition_status", "reason", "workerFailed")).isEqualTo(1);
  }

  @Test
  void models() {
    Fixtures.Result keras = render(object("model-examples.yaml", "surface-defect-detection-model"));
    assertThat(keras.value("sedna_model_metric", "key", "categorical_accuracy")).isEqualTo(0.8812500238418579);
    assertThat(keras.value("sedna_model_metric", "key", "val_loss")).isEqualTo(0.3650016784667969);
    assertThat(keras.named("sedna_model_metric")).hasSize(4);

    Fixtures.Result plain = render(object("model-examples.yaml", "yolo-v5-model"));
    assertThat(plain.value("sedna_model_metric", "key", "mAP")).isEqualTo(0.4312);
    assertThat(plain.named("sedna_model_metric")).hasSize(1);

    Fixtures.Result none = render(object("model-examples.yaml", "helmet-detection-inference-little-model"));
    assertThat(none.named("sedna_model_metric")).isEmpty();
    assertThat(none.value("sedna_model_info", "format", "pb")).isEqualTo(1);
  }

  @Test
  void objectSearch() {
    Fixtures.Result ok = render(object("objectsearchservice-examples.yaml", "objectsearch"));
    assertThat(ok.value("sedna_task_status_active")).isEqualTo(4);
    Fixtures.Result degraded = render(object("objectsearchservice-examples.yaml", "objectsearch-degraded"));
    assertThat(degraded.value("sedna_task_stage_condition_status", "type", "Failed", "reason", "podFailed"))
        .isEqualTo(1);
    assertThat(degraded.value("sedna_task_condition", "condition", "Running")).isEqualTo(0);
  }

  static String[] concat(String[] a, String... b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
