package io.taskscope.kube.sedna;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.Sample;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CR-only progress facts on objects with several iterations, failed rounds and retries (test resources). */
class TaskProgressFamiliesTest {
  private static final TaskProgressFamilies FAMILIES = new TaskProgressFamilies();

  static List<Map<String, Object>> progressObjects() {
    try {
      return Fixtures.read(Path.of(TaskProgressFamiliesTest.class
          .getResource("/io/taskscope/kube/sedna/progress/progress-objects.yaml").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> named(String name) {
    return progressObjects().stream().filter(o -> name.equals(((Map<?, ?>) o.get("metadata")).get("name")))
        .findFirst().orElseThrow();
  }

  private static Fixtures.Result render(String name) {
    return new Fixtures.Result(Fixtures.flatten(FAMILIES.render(named(name))), List.of());
  }

  @Test
  void iterationCountsTrainRunsIncludingRetries() {
    assertThat(render("helmet-iterations").value(TaskProgressFamilies.ITERATION, "kind", "IncrementalLearningJob",
        "name", "helmet-iterations", "namespace", "default")).isEqualTo(4);
    assertThat(render("helmet-retries").value(TaskProgressFamilies.ITERATION)).isEqualTo(3);
    assertThat(render("helmet-new").value(TaskProgressFamilies.ITERATION)).isZero();
  }

  @Test
  void trainOutputModelStaysAfterTheJobMovesOn() {
    Fixtures.Result r = render("helmet-iterations");
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Train").stream().map(s -> s.label("url")))
        .containsExactlyInAnyOrder("/output/train/4/model.pb", "/output/train/4");
    assertThat(r.value(TaskProgressFamilies.STAGE_MODEL, "stage", "Eval", "role", "new"))
        .isEqualTo(1);
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Eval", "role", "new").get(0).label("url"))
        .isEqualTo("/output/train/4/model.pb");
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Eval", "role", "old").get(0).label("url"))
        .isEqualTo("/models/deploy_model/saved_model.pb");
    // the only Deploy so far was round 1's, many conditions ago
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Deploy", "role", "trained").get(0).label("url"))
        .isEqualTo("/output/train/1/model.pb");
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Deploy", "role", "deploy").get(0).label("url"))
        .isEqualTo("/models/deploy_model/saved_model.pb");

    // the config's window of the three newest conditions has lost the Train Completed output by now
    Fixtures.Result config = Fixtures.render(named("helmet-iterations"));
    assertThat(config.find("sedna_task_condition_model_info", "url", "/output/train/4")).isEmpty();
  }

  @Test
  void retriesWithoutOutputNameNoModels() {
    Fixtures.Result r = render("helmet-retries");
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Train")).isEmpty();
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Deploy")).isEmpty();
    assertThat(r.named(TaskProgressFamilies.LATEST_EVAL)).isEmpty();
  }

  @Test
  void latestEvalSkipsFailedEvalAndHasNoUrlLabel() {
    Fixtures.Result r = render("helmet-iterations");
    assertThat(r.value(TaskProgressFamilies.LATEST_EVAL, "model", "new", "metric", "precision", "class", "0"))
        .isEqualTo(0.9);
    assertThat(r.value(TaskProgressFamilies.LATEST_EVAL, "model", "old", "metric", "recall", "class", "1"))
        .isEqualTo(0.45);
    assertThat(r.named(TaskProgressFamilies.LATEST_EVAL)).hasSize(8)
        .allSatisfy(s -> assertThat(s.labelNames()).containsExactly("namespace", "kind", "name", "model", "metric",
            "class"));
    // the per-round history of the config keeps both evaluated rounds, told apart by URL
    Fixtures.Result config = Fixtures.render(named("helmet-iterations"));
    assertThat(config.find("sedna_incrementallearning_eval_metric", "model", "new", "metric", "precision",
        "class", "0").stream().map(s -> s.label("new_model_url")))
        .containsExactlyInAnyOrder("/output/train/1/model.pb", "/output/train/4/model.pb");
  }

  @Test
  void lifelongJobsGetIterationAndModelsAndTheirKnowledgeBase() {
    Fixtures.Result r = render("lifelong-retrain");
    assertThat(r.value(TaskProgressFamilies.ITERATION, "kind", "LifelongLearningJob")).isEqualTo(2);
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Train", "role", "output").get(0).label("url"))
        .isEqualTo("s3://kb/ll/train/1/index.pkl");
    assertThat(r.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Eval", "role", "new")).hasSize(1);
    assertThat(r.named(TaskProgressFamilies.LATEST_EVAL)).isEmpty();
    // status.knowledgeBase (docs/metrics.md, KnowledgeBase rows) comes from the config
    Fixtures.Result config = Fixtures.render(named("lifelong-retrain"));
    assertThat(config.value("sedna_lifelonglearning_kb_models")).isEqualTo(2);
    assertThat(config.value("sedna_lifelonglearning_kb_model_average_precision", "model", "task-rainy"))
        .isCloseTo(0.64, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(config.value("sedna_task_samples", "sample_type", "labeled_unseen")).isEqualTo(200);
    assertThat(config.find("sedna_lifelonglearning_kb_class_info")).hasSize(2);
  }

  @Test
  void federatedRoundIsTheHighestReported() {
    assertThat(render("surface-defect-rounds").value(TaskProgressFamilies.ROUND, "kind", "FederatedLearningJob"))
        .isEqualTo(3);
    assertThat(render("surface-defect-odd-messages").value(TaskProgressFamilies.ROUND)).isEqualTo(7);
    assertThat(render("surface-defect-starting").named(TaskProgressFamilies.ROUND)).isEmpty();
    assertThat(render("surface-defect-rounds").named(TaskProgressFamilies.ITERATION)).isEmpty();
  }

  @Test
  void roundScanIsStrict() {
    assertThat(TaskProgressFamilies.roundOf("Round 12 reaches at 2025-11-20 06:04:11")).isEqualTo(12);
    assertThat(TaskProgressFamilies.roundOf("Round 0 reaches at x")).isZero();
    assertThat(TaskProgressFamilies.roundOf("Round 12abc reaches at x")).isEqualTo(-1);
    assertThat(TaskProgressFamilies.roundOf("Round reaches at x")).isEqualTo(-1);
    assertThat(TaskProgressFamilies.roundOf("Round 3")).isEqualTo(-1);
    assertThat(TaskProgressFamilies.roundOf(" Round 3 reaches at x")).isEqualTo(-1);
    assertThat(TaskProgressFamilies.roundOf("Round " + "9".repeat(10_000) + " reaches at")).isEqualTo(-1);
    assertThat(TaskProgressFamilies.roundOf(null)).isEqualTo(-1);
  }

  @Test
  void sharedFixturesGetTheFactsToo() {
    Fixtures.Result eval = new Fixtures.Result(Fixtures.flatten(FAMILIES.render(
        Fixtures.object("incrementallearningjob-eval-running.yaml", "helmet-detection-demo-2"))), List.of());
    assertThat(eval.value(TaskProgressFamilies.ITERATION)).isEqualTo(1);
    assertThat(eval.find(TaskProgressFamilies.STAGE_MODEL, "stage", "Train", "format", "pb").get(0).label("url"))
        .isEqualTo("/output/train/1/model.pb");
    Fixtures.Result fl = new Fixtures.Result(Fixtures.flatten(FAMILIES.render(
        Fixtures.objects("federatedlearningjob-running.yaml").get(0))), List.of());
    assertThat(fl.value(TaskProgressFamilies.ROUND)).isEqualTo(2);
  }

  @Test
  void otherKindsAndBrokenDataRenderNothing() {
    assertThat(FAMILIES.handles("sedna.io", "Model")).isFalse();
    assertThat(FAMILIES.handles("other.io", "IncrementalLearningJob")).isFalse();
    Map<String, Object> broken = Fixtures.copy(named("helmet-iterations"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> conds = (List<Map<String, Object>>)
        ((Map<String, Object>) broken.get("status")).get("conditions");
    conds.forEach(c -> c.computeIfPresent("data", (k, v) -> "{not json"));
    List<Sample> s = Fixtures.flatten(FAMILIES.render(broken));
    assertThat(s).extracting(Sample::name).containsExactly(TaskProgressFamilies.ITERATION);
  }
}
