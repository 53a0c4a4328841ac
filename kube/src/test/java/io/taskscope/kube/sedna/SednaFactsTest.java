package io.taskscope.kube.sedna;

import static io.taskscope.kube.sedna.Fixtures.copy;
import static io.taskscope.kube.sedna.Fixtures.object;
import static io.taskscope.kube.sedna.Fixtures.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facts of sedna-facts.md section 10 that the shipped config has to cope with, beyond the happy fixtures. */
class SednaFactsTest {
  @SuppressWarnings("unchecked")
  static Map<String, Object> status(Map<String, Object> o) {
    return (Map<String, Object>) o.get("status");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(Map<String, Object> o) {
    return (List<Map<String, Object>>) status(o).get("conditions");
  }

  static Map<String, Object> kv(String key, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("value", value);
    return m;
  }

  @Test
  void jointInferenceMetricsAreStringsInAnyOrderAndReplacedWholesale() {
    Map<String, Object> ji = copy(object("jointinferenceservice-running.yaml", "helmet-detection-inference-example"));
    // GM replaces the list on each report; order is Go map order; values are strings (JSON-marshalled numbers)
    status(ji).put("metrics", new ArrayList<>(List.of(
        kv("uploadCloudRatio", "0.125"), kv("hardExampleNumber", "150"), kv("inferenceNumber", "1200"))));
    Fixtures.Result r = render(ji);
    assertThat(r.value("sedna_jointinference_edge_inferences")).isEqualTo(1200);
    assertThat(r.value("sedna_jointinference_hard_examples")).isEqualTo(150);
    assertThat(r.value("sedna_jointinference_upload_cloud_ratio")).isEqualTo(0.125);
    assertThat(r.errors()).isEmpty();

    // a worker restart resets the counters: the series is a gauge and simply goes down
    status(ji).put("metrics", new ArrayList<>(List.of(kv("inferenceNumber", "3"), kv("hardExampleNumber", "0"),
        kv("uploadCloudRatio", "0.0"))));
    assertThat(render(ji).value("sedna_jointinference_edge_inferences")).isEqualTo(3);
    assertThat(Fixtures.CONFIG.resources().stream().flatMap(g -> g.headers().stream())
        .filter(h -> h.name().startsWith("sedna_jointinference_")))
        .allSatisfy(h -> assertThat(h.type()).isEqualTo(io.taskscope.core.MetricType.GAUGE));
  }

  @Test
  void unparsableJointInferenceValueSkipsOnlyThatSeries() {
    Map<String, Object> ji = copy(object("jointinferenceservice-running.yaml", "helmet-detection-inference-example"));
    status(ji).put("metrics", new ArrayList<>(List.of(kv("inferenceNumber", "n/a"), kv("hardExampleNumber", "7"))));
    Fixtures.Result r = render(ji);
    assertThat(r.named("sedna_jointinference_edge_inferences")).isEmpty();
    assertThat(r.errorsOf("sedna_jointinference_edge_inferences")).hasSize(1);
    assertThat(r.value("sedna_jointinference_hard_examples")).isEqualTo(7);
    assertThat(r.named("sedna_jointinference_upload_cloud_ratio")).isEmpty();
    assertThat(r.value("sedna_task_stage_condition_status", "type", "Running")).isEqualTo(1);
  }

  @Test
  void modelMetricsMixJsonListsAndPlainNumbers() {
    Map<String, Object> m = copy(object("model-examples.yaml", "yolo-v5-model"));
    status(m).put("metrics", new ArrayList<>(List.of(
        kv("mAP", "0.4312"), kv("loss", "[0.9, 0.5, 0.31]"), kv("accuracy", "[0.88]"), kv("f1", "0.7"))));
    Fixtures.Result r = render(m);
    assertThat(r.value("sedna_model_metric", "key", "mAP")).isEqualTo(0.4312);
    assertThat(r.value("sedna_model_metric", "key", "loss")).as("last epoch").isEqualTo(0.31);
    assertThat(r.value("sedna_model_metric", "key", "accuracy")).isEqualTo(0.88);
    assertThat(r.value("sedna_model_metric", "key", "f1")).isCloseTo(0.7, within(1e-12)); // Quantity 700m
    assertThat(r.named("sedna_model_metric")).hasSize(4);
  }

  @Test
  void corruptConditionDataSkipsThatMetricCountsItAndKeepsTheRest() {
    Map<String, Object> il = copy(object("incrementallearningjob-deploy-completed.yaml", "helmet-detection-demo-3"));
    List<Map<String, Object>> conds = conditions(il);
    Map<String, Object> evalCompleted = conds.get(1);
    assertThat(evalCompleted.get("type")).isEqualTo("Completed");
    evalCompleted.put("data", "{\"output\":{\"models\":[{\"format\":\"pb\",\"url\":"); // truncated JSON
    Fixtures.Result r = render(il);
    assertThat(r.named("sedna_incrementallearning_eval_metric")).isEmpty();
    assertThat(r.errorsOf("sedna_incrementallearning_eval_metric"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).containsIgnoringCase("json"));
    // the object's other series are still there
    assertThat(r.value("sedna_task_stage_condition_status", "type", "Waiting", "stage", "Train")).isEqualTo(1);
    assertThat(r.value("sedna_task_start_time_seconds")).isPositive();
    assertThat(r.value("sedna_task_condition_model_info", "direction", "input",
        "url", "/models/deploy_model/saved_model.pb")).isEqualTo(1);

    // corrupt data in a condition that the window metrics read: only those metrics are skipped
    Map<String, Object> eval = copy(object("incrementallearningjob-eval-running.yaml", "helmet-detection-demo-2"));
    conditions(eval).get(conditions(eval).size() - 3).put("data", "not json");
    Fixtures.Result e = render(eval);
    assertThat(e.named("sedna_task_condition_model_info")).isEmpty();
    assertThat(e.named("sedna_task_condition_input_info")).isEmpty();
    assertThat(e.errorsOf("sedna_task_condition_model_info")).isNotEmpty();
    assertThat(e.value("sedna_task_learning_stage", "stage", "Eval")).isEqualTo(1);
  }

  @Test
  void onlyTheLastConditionCountsAndNonTrueStatusGivesZero() {
    Map<String, Object> il = copy(object("incrementallearningjob-train-running.yaml", "helmet-detection-demo"));
    Map<String, Object> extra = new LinkedHashMap<>(conditions(il).get(0));
    extra.put("type", "Failed");
    extra.put("stage", "Train");
    extra.put("status", "Unknown");
    conditions(il).add(extra);
    Fixtures.Result r = render(il);
    assertThat(r.find("sedna_task_stage_condition_status")).singleElement()
        .satisfies(s -> {
          assertThat(s.label("type")).isEqualTo("Failed");
          assertThat(s.value()).isEqualTo(0);
        });
    assertThat(r.value("sedna_task_condition", "condition", "Failed")).isEqualTo(1);
  }

  @Test
  void freshTaskWithoutStatusRendersWithoutConditionSeries() {
    Map<String, Object> il = copy(object("incrementallearningjob-train-running.yaml", "helmet-detection-demo"));
    il.remove("status");
    Fixtures.Result r = render(il);
    assertThat(r.named("sedna_task_stage_condition_status")).isEmpty();
    assertThat(r.named("sedna_task_learning_stage")).isEmpty();
    assertThat(r.named("sedna_task_start_time_seconds")).isEmpty();
    assertThat(r.value("sedna_task_dataset_train_prob", "dataset", "incremental-dataset")).isEqualTo(0.8);

    Map<String, Object> fl = copy(object("federatedlearningjob-running.yaml", "surface-defect-detection"));
    status(fl).remove("conditions");
    status(fl).put("phase", "Pending");
    Fixtures.Result f = render(fl);
    assertThat(f.value("sedna_task_status_phase", "phase", "Pending")).isEqualTo(1);
    assertThat(f.named("sedna_task_last_condition_info")).isEmpty();
  }

  @Test
  void federatedRoundsAreOnlyInConditionMessages() {
    Map<String, Object> fl = copy(object("federatedlearningjob-running.yaml", "surface-defect-detection"));
    Map<String, Object> round3 = new LinkedHashMap<>(conditions(fl).get(2));
    round3.put("message", "Round 3 reaches at 2025-11-20 06:11:02");
    conditions(fl).add(round3);
    Fixtures.Result r = render(fl);
    assertThat(r.find("sedna_task_last_condition_info")).singleElement()
        .satisfies(s -> assertThat(s.label("message")).isEqualTo("Round 3 reaches at 2025-11-20 06:11:02"));
  }

  @Test
  void datasetWithoutSamplesStillHasAZeroSeries() {
    Map<String, Object> ds = copy(object("dataset-populated.yaml", "incremental-dataset"));
    status(ds).remove("numberOfSamples");
    assertThat(render(ds).value("sedna_dataset_number_of_samples")).isEqualTo(0);
  }
}
