package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SednaWorkerSchemaTest {
  @TempDir
  Path dir;
  PushService service;
  LoopbackServer http;

  static final String GROUP = "/metrics/job/sedna/namespace/demo/kind/IncrementalLearningJob/name/il/worker/train"
      + "/pod/il-train-abcde";

  @BeforeEach
  void start() throws Exception {
    service = PushService.start(PushConfig.defaults(), dir, null, true, null, null, Map.of());
    http = LoopbackServer.serving(service::mount);
  }

  @AfterEach
  void stop() {
    http.close();
    service.close();
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(method, path, body);
  }

  String stored() throws Exception {
    return send("GET", "/api/v1/metrics", "").body();
  }

  @Test
  void validWorkerPushIsStored() throws Exception {
    String body = """
        # TYPE sedna_incrementallearning_task_stage gauge
        sedna_incrementallearning_task_stage{task_stage="Train"} 1
        sedna_incrementallearning_task_stage{task_stage="Eval"} 0
        sedna_incrementallearning_task_stage{task_stage="Deploy"} 0
        # TYPE sedna_incrementallearning_train_loss gauge
        sedna_incrementallearning_train_loss{stage="Train"} 0.42
        # TYPE sedna_incrementallearning_iteration_inferences_total counter
        sedna_incrementallearning_iteration_inferences_total{iteration="2",location="edge"} 17
        # TYPE sedna_incrementallearning_train_output_model_info gauge
        sedna_incrementallearning_train_output_model_info{url="/output/il/train/2/model.pb"} 1
        # TYPE some_other_metric counter
        some_other_metric 3
        """;
    HttpResponse<String> r = send("POST", GROUP, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(stored()).contains("sedna_incrementallearning_task_stage", "sedna_incrementallearning_train_loss");
  }

  @Test
  void unknownEnumStateIs400NamingMetricAndStates() throws Exception {
    HttpResponse<String> r = send("POST", GROUP, """
        # TYPE sedna_incrementallearning_task_stage gauge
        sedna_incrementallearning_task_stage{task_stage="Trian"} 1
        # TYPE sedna_incrementallearning_train_loss gauge
        sedna_incrementallearning_train_loss 0.5
        """);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(
        "sedna_incrementallearning_task_stage: state \"Trian\" is not one of Train, Eval, Deploy\n");
    assertThat(stored()).doesNotContain("sedna_incrementallearning").contains("\"data\":[]");
  }

  @Test
  void wrongTypeIs400AndNothingIsStored() throws Exception {
    HttpResponse<String> r = send("PUT", GROUP, """
        # TYPE sedna_jointinference_inferences_total gauge
        sedna_jointinference_inferences_total{location="edge"} 12
        """);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("sedna_jointinference_inferences_total: pushed as gauge, must be a counter\n");
    r = send("PUT", GROUP, "sedna_incrementallearning_train_loss 0.5\n");
    assertThat(r.body()).isEqualTo("sedna_incrementallearning_train_loss: pushed as untyped, must be a gauge\n");
    r = send("PUT", GROUP, "# TYPE sedna_federatedlearning_train_status counter\n"
        + "sedna_federatedlearning_train_status{train_status=\"Running\"} 1\n");
    assertThat(r.body()).isEqualTo("sedna_federatedlearning_train_status: pushed as counter, must be a gauge"
        + " (a StateSet: one series per train_status of Pending, Running, Succeeded, Failed, value 0 or 1)\n");
    // no group, not even a failure record (these are not Pushgateway's store-side rejections)
    assertThat(stored()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void otherViolations() throws Exception {
    assertThat(send("POST", GROUP, """
        # TYPE sedna_incrementallearning_deploy_status gauge
        sedna_incrementallearning_deploy_status 1
        """).body()).isEqualTo("sedna_incrementallearning_deploy_status: a StateSet series needs the label "
        + "deploy_status, one of Waiting, OK, NotOK\n");
    assertThat(send("POST", GROUP, """
        # TYPE sedna_incrementallearning_deploy_status gauge
        sedna_incrementallearning_deploy_status{deploy_status="OK"} 2
        """).body()).isEqualTo("sedna_incrementallearning_deploy_status: value 2 of state OK is not 0 or 1\n");
    assertThat(send("POST", GROUP, """
        # TYPE sedna_jointinference_hard_samples_total counter
        sedna_jointinference_hard_samples_total{location="fog"} 2
        """).body()).isEqualTo("sedna_jointinference_hard_samples_total: label location=\"fog\" is not one of edge,"
        + " cloud\n");
    assertThat(send("POST", GROUP, """
        # TYPE sedna_lifelonglearning_worker_info gauge
        sedna_lifelonglearning_worker_info{worker_name="w",location="edge",status="zombie"} 1
        """).body()).isEqualTo("sedna_lifelonglearning_worker_info: label status=\"zombie\" is not one of waiting,"
        + " active, dead\n");
    assertThat(send("POST", GROUP, """
        # TYPE sedna_lifelonglearning_eval_model_info gauge
        sedna_lifelonglearning_eval_model_info{url="s3://m"} 0.5
        """).body()).isEqualTo("sedna_lifelonglearning_eval_model_info: value 0.5 is not 1 (an info series carries"
        + " its strings in labels)\n");
    HttpResponse<String> r = send("POST", GROUP, """
        # TYPE sedna_incrementallearning_task_stage gauge
        sedna_incrementallearning_task_stage{task_stage="Trian"} 1
        # TYPE sedna_incrementallearning_current_status gauge
        sedna_incrementallearning_current_status{current_status="Done"} 1
        """);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("2 error(s) occurred:\n"
        + "* sedna_incrementallearning_task_stage: state \"Trian\" is not one of Train, Eval, Deploy\n"
        + "* sedna_incrementallearning_current_status: state \"Done\" is not one of Waiting, Ready, Starting,"
        + " Running, Completed, Failed\n");
    assertThat(stored()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void simplepipeIsCheckedToo() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/simplepipe?job=sedna", """
        [{"name": "sedna_jointinference_inferences_total", "description": "", "value": 3, "metric_type": "gauge"}]
        """);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("sedna_jointinference_inferences_total: pushed as gauge, must be a counter\n");
  }

  @Test
  void schemaCoversEveryDocumentedFamily() {
    for (String n : List.of("sedna_jointinference_inferences_total", "sedna_jointinference_hard_samples_total",
        "sedna_incrementallearning_learning_rate", "sedna_incrementallearning_accuracy_metric",
        "sedna_lifelonglearning_task_status", "sedna_lifelonglearning_inference_samples_done_total",
        "sedna_federatedlearning_train_status", "sedna_federatedlearning_aggregation")) {
      assertThat(SednaWorkerSchema.family(n)).as(n).isNotNull();
    }
    SednaWorkerSchema.families().values().forEach(f -> {
      assertThat(f.name()).startsWith("sedna_");
      assertThat(f.name().endsWith("_total")).as(f.name()).isEqualTo(f.shape() == SednaWorkerSchema.Shape.COUNTER);
      assertThat(f.name().endsWith("_info")).as(f.name()).isEqualTo(f.shape() == SednaWorkerSchema.Shape.INFO);
    });
  }

  @Test
  void familyNamesArePinned() {
    // exported names: moving their parts to SednaNames must not rename one
    assertThat(SednaWorkerSchema.families().keySet()).containsExactly(
      "sedna_jointinference_inferences_total", "sedna_jointinference_hard_samples_total",
      "sedna_incrementallearning_learning_rate", "sedna_incrementallearning_epoch",
      "sedna_incrementallearning_batch_size", "sedna_incrementallearning_train_samples",
      "sedna_incrementallearning_train_loss", "sedna_incrementallearning_train_remaining_seconds",
      "sedna_incrementallearning_eval_samples", "sedna_incrementallearning_eval_remaining_seconds",
      "sedna_incrementallearning_iteration", "sedna_incrementallearning_accuracy_metric",
      "sedna_incrementallearning_task_stage", "sedna_incrementallearning_current_status",
      "sedna_incrementallearning_deploy_status", "sedna_incrementallearning_iteration_inferences_total",
      "sedna_incrementallearning_iteration_hard_samples_total", "sedna_incrementallearning_eval_new_model_info",
      "sedna_incrementallearning_eval_model_info", "sedna_incrementallearning_train_output_model_info",
      "sedna_incrementallearning_deploy_model_info", "sedna_lifelonglearning_learning_rate",
      "sedna_lifelonglearning_epoch", "sedna_lifelonglearning_batch_size", "sedna_lifelonglearning_train_samples",
      "sedna_lifelonglearning_train_loss", "sedna_lifelonglearning_train_remaining_seconds",
      "sedna_lifelonglearning_eval_samples", "sedna_lifelonglearning_eval_remaining_seconds",
      "sedna_lifelonglearning_iteration", "sedna_lifelonglearning_accuracy_metric",
      "sedna_lifelonglearning_task_stage", "sedna_lifelonglearning_current_status",
      "sedna_lifelonglearning_deploy_status", "sedna_lifelonglearning_iteration_inferences_total",
      "sedna_lifelonglearning_iteration_hard_samples_total", "sedna_lifelonglearning_eval_new_model_info",
      "sedna_lifelonglearning_eval_model_info", "sedna_lifelonglearning_train_output_model_info",
      "sedna_lifelonglearning_deploy_model_info", "sedna_lifelonglearning_active_tasks",
      "sedna_lifelonglearning_tasks", "sedna_lifelonglearning_task_start_time_seconds",
      "sedna_lifelonglearning_task_duration_seconds", "sedna_lifelonglearning_active_workers",
      "sedna_lifelonglearning_workers", "sedna_lifelonglearning_inference_samples_ready",
      "sedna_lifelonglearning_task_score", "sedna_lifelonglearning_task_eval_result",
      "sedna_lifelonglearning_task_info", "sedna_lifelonglearning_worker_info",
      "sedna_lifelonglearning_inference_samples_done_total", "sedna_lifelonglearning_inference_samples_error_total",
      "sedna_lifelonglearning_task_status", "sedna_federatedlearning_train_node_info",
      "sedna_federatedlearning_train_status", "sedna_federatedlearning_node_samples",
      "sedna_federatedlearning_iteration", "sedna_federatedlearning_aggregation");
  }

  @Test
  void everyFamilyIsAPrefixAndAWorkerMetricOfSednaNames() {
    java.util.Set<String> built = new java.util.TreeSet<>();
    for (String name : SednaWorkerSchema.families().keySet()) {
      String prefix = io.taskscope.sdk.SednaNames.METRIC_PREFIXES.values().stream().filter(name::startsWith)
          .findFirst().orElseThrow(() -> new AssertionError("no Sedna prefix: " + name));
      assertThat(io.taskscope.sdk.SednaNames.WORKER_METRICS).as(name).containsKey(name.substring(prefix.length()));
      built.add(name.substring(prefix.length()));
    }
    assertThat(built).as("every worker metric is checked by the hub")
        .containsExactlyInAnyOrderElementsOf(io.taskscope.sdk.SednaNames.WORKER_METRICS.keySet());
  }
}
