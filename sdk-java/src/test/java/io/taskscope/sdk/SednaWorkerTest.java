package io.taskscope.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SednaWorkerTest {
  static final Map<String, String> IL_TRAIN_ENV = Map.of("NAMESPACE", "demo", "JOB_NAME", "helmet-detection-il",
      "WORKER_NAME", "train-worker-x1y2z", "HOSTNAME", "edge-node", "POD_NAME", "helmet-detection-il-train-abcde",
      "NODENAME", "edge-node");
  static final String POD_PATH = "/metrics/job/sedna/kind/IncrementalLearningJob/name/helmet-detection-il"
      + "/namespace/demo/node/edge-node/pod/helmet-detection-il-train-abcde/worker/train";
  static final String TASK_PATH = "/metrics/job/sedna/kind/IncrementalLearningJob/name/helmet-detection-il"
      + "/namespace/demo";

  Peer peer;

  @BeforeEach
  void start() throws Exception {
    peer = new Peer();
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  SednaWorker worker(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.put("TASKSCOPE_PUSH_URL", peer.url());
    return SednaWorker.builder().env(e).build();
  }

  @Test
  void groupingFromThePodEnvironment() {
    assertThat(worker(IL_TRAIN_ENV).groupingKey()).containsExactly(Map.entry("namespace", "demo"),
        Map.entry("kind", "IncrementalLearningJob"), Map.entry("name", "helmet-detection-il"),
        Map.entry("worker", "train"), Map.entry("pod", "helmet-detection-il-train-abcde"),
        Map.entry("node", "edge-node"));
    SednaWorker ji = worker(Map.of("NAMESPACE", "demo", "SERVICE_NAME", "helmet", "WORKER_NAME", "cloudworker-ab",
        "HOSTNAME", "helmet-cloud-x"));
    assertThat(ji.kind()).isEqualTo("JointInferenceService");
    assertThat(ji.groupingKey()).containsEntry("worker", "cloud").containsEntry("pod", "helmet-cloud-x");
    assertThat(worker(Map.of("JOB_NAME", "x", "SEDNA_KIND", "federatedlearningjob")).kind())
        .isEqualTo("FederatedLearningJob");
    assertThat(SednaWorker.workerType("aggworker-abcde")).isEqualTo("aggregation");
    assertThatThrownBy(() -> SednaWorker.builder().env(Map.of("JOB_NAME", "x")).build())
        .hasMessageContaining("no push URL");
  }

  @Test
  void reportTrainingPostsExactText() throws Exception {
    SednaWorker w = worker(IL_TRAIN_ENV);
    w.reportTraining(2, 32, 0.001, 0.41, 120.0, 1460L);
    Peer.Request r = peer.last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo(POD_PATH);
    assertThat(r.body()).isEqualTo("""
        # HELP sedna_incrementallearning_epoch Current epoch of the training worker.
        # TYPE sedna_incrementallearning_epoch gauge
        sedna_incrementallearning_epoch{stage="Train"} 2
        # HELP sedna_incrementallearning_batch_size Batch size of the training worker.
        # TYPE sedna_incrementallearning_batch_size gauge
        sedna_incrementallearning_batch_size{stage="Train"} 32
        # HELP sedna_incrementallearning_learning_rate Learning rate of the training worker.
        # TYPE sedna_incrementallearning_learning_rate gauge
        sedna_incrementallearning_learning_rate{stage="Train"} 0.001
        # HELP sedna_incrementallearning_train_loss Loss of the training worker.
        # TYPE sedna_incrementallearning_train_loss gauge
        sedna_incrementallearning_train_loss{stage="Train"} 0.41
        # HELP sedna_incrementallearning_train_remaining_seconds Estimated time left in the train stage, seconds.
        # TYPE sedna_incrementallearning_train_remaining_seconds gauge
        sedna_incrementallearning_train_remaining_seconds{stage="Train"} 120
        # HELP sedna_incrementallearning_train_samples Samples used by the training worker.
        # TYPE sedna_incrementallearning_train_samples gauge
        sedna_incrementallearning_train_samples{stage="Train"} 1460
        """);
    w.reportTraining(null, null, null, 0.3, null, null);
    assertThat(peer.last().body()).isEqualTo("""
        # HELP sedna_incrementallearning_train_loss Loss of the training worker.
        # TYPE sedna_incrementallearning_train_loss gauge
        sedna_incrementallearning_train_loss{stage="Train"} 0.3
        """);
  }

  @Test
  void jointInferenceCountersAccumulate() throws Exception {
    SednaWorker w = worker(Map.of("NAMESPACE", "demo", "SERVICE_NAME", "helmet", "WORKER_NAME", "edgeworker-ab",
        "HOSTNAME", "edge-pod"));
    w.reportInference("edge", false, 1);
    w.reportInference("edge", true, 2);
    w.reportInference("cloud", false, 2);
    assertThat(peer.last().rawPath())
        .isEqualTo("/metrics/job/sedna/kind/JointInferenceService/name/helmet/namespace/demo/pod/edge-pod/worker/edge");
    assertThat(peer.last().body()).isEqualTo("""
        # HELP sedna_jointinference_inferences_total Inferences made by the worker, by where they ran (location).
        # TYPE sedna_jointinference_inferences_total counter
        sedna_jointinference_inferences_total{location="edge"} 3
        sedna_jointinference_inferences_total{location="cloud"} 2
        # HELP sedna_jointinference_hard_samples_total Hard samples (examples) found by the worker's hard example mining.
        # TYPE sedna_jointinference_hard_samples_total counter
        sedna_jointinference_hard_samples_total{location="edge"} 2
        sedna_jointinference_hard_samples_total{location="cloud"} 0
        """);
    assertThatThrownBy(() -> w.reportInference("fog", false, 1))
        .hasMessage("location: \"fog\" is not one of edge, cloud");
  }

  @Test
  void stageStatusDeployGoToTheTaskGroup() throws Exception {
    SednaWorker w = worker(IL_TRAIN_ENV);
    w.reportStage("Eval", "Running", 3);
    assertThat(peer.last().rawPath()).isEqualTo(TASK_PATH);
    assertThat(peer.last().body()).contains("""
        sedna_incrementallearning_task_stage{task_stage="Train"} 0
        sedna_incrementallearning_task_stage{task_stage="Eval"} 1
        sedna_incrementallearning_task_stage{task_stage="Deploy"} 0
        """, "sedna_incrementallearning_current_status{current_status=\"Running\",stage=\"Eval\"} 1\n",
        "# TYPE sedna_incrementallearning_iteration gauge\nsedna_incrementallearning_iteration 3\n");
    w.reportDeploy("OK", "/output/train/3/model.pb");
    assertThat(peer.last().rawPath()).isEqualTo(TASK_PATH);
    assertThat(peer.last().body()).isEqualTo("""
        # HELP sedna_incrementallearning_deploy_status Deployment status (StateSet).
        # TYPE sedna_incrementallearning_deploy_status gauge
        sedna_incrementallearning_deploy_status{deploy_status="Waiting",stage="Deploy"} 0
        sedna_incrementallearning_deploy_status{deploy_status="OK",stage="Deploy"} 1
        sedna_incrementallearning_deploy_status{deploy_status="NotOK",stage="Deploy"} 0
        # HELP sedna_incrementallearning_deploy_model_info Model deployed for inference.
        # TYPE sedna_incrementallearning_deploy_model_info gauge
        sedna_incrementallearning_deploy_model_info{stage="Deploy",url="/output/train/3/model.pb"} 1
        """);
    assertThatThrownBy(() -> w.reportStage("Trian", null, null))
        .hasMessage("stage: \"Trian\" is not one of Train, Eval, Deploy");
    assertThatThrownBy(() -> w.reportFederatedRound(1, null, null, null))
        .hasMessageContaining("this call is for FederatedLearningJob workers");
  }

  @Test
  void evalAndIterationCounters() throws Exception {
    Map<String, String> env = new HashMap<>(IL_TRAIN_ENV);
    env.put("WORKER_NAME", "eval-worker-ab");
    SednaWorker w = worker(env);
    w.reportEval("old", Map.of("precision", List.of(0.6, 0.5)), null, null);
    w.reportEval("new", Map.of("precision", List.of(0.9, 0.8)), 365L, 0.0);
    Peer.Request accuracy = peer.requests.get(peer.requests.size() - 2);
    assertThat(accuracy.rawPath()).isEqualTo(TASK_PATH);
    assertThat(peer.last().rawPath()).endsWith("/worker/eval");
    assertThat(accuracy.body() + peer.last().body()).contains("""
        sedna_incrementallearning_accuracy_metric{class="0",metric="precision",model="old",stage="Eval"} 0.6
        sedna_incrementallearning_accuracy_metric{class="1",metric="precision",model="old",stage="Eval"} 0.5
        sedna_incrementallearning_accuracy_metric{class="0",metric="precision",model="new",stage="Eval"} 0.9
        sedna_incrementallearning_accuracy_metric{class="1",metric="precision",model="new",stage="Eval"} 0.8
        """, "sedna_incrementallearning_eval_samples{stage=\"Eval\"} 365\n");
    w.reportModel("eval_new", "/output/train/3/model.pb");
    assertThat(peer.last().body()).endsWith(
        "sedna_incrementallearning_eval_new_model_info{stage=\"Eval\",url=\"/output/train/3/model.pb\"} 1\n");
    env.put("WORKER_NAME", "inferworker-ab");
    SednaWorker inf = worker(env);
    inf.reportInference("edge", false, 5, 1);
    inf.reportInference("edge", true, 1);
    assertThat(peer.last().body()).contains(
        "sedna_incrementallearning_iteration_inferences_total{iteration=\"1\",location=\"edge\"} 6\n",
        "sedna_incrementallearning_iteration_hard_samples_total{iteration=\"1\",location=\"edge\"} 1\n");
    inf.reportInference("edge", false, 1, 2);
    assertThat(peer.last().body()).doesNotContain("iteration=\"1\"")
        .contains("sedna_incrementallearning_iteration_inferences_total{iteration=\"2\",location=\"edge\"} 1\n");
  }

  @Test
  void federatedAndLifelong() throws Exception {
    SednaWorker fl = worker(Map.of("NAMESPACE", "demo", "JOB_NAME", "mnist-fl", "WORKER_NAME", "trainworker-ab",
        "PARTICIPANTS_COUNT", "2", "HOSTNAME", "mnist-fl-train-x", "NODENAME", "edge-node-2"));
    fl.reportFederatedRound(4, null, 480L, "Running");
    assertThat(peer.last().body()).contains("sedna_federatedlearning_iteration 4\n",
        "sedna_federatedlearning_train_node_info{node=\"edge-node-2\"} 1\n", "sedna_federatedlearning_node_samples 480\n",
        "sedna_federatedlearning_train_status{train_status=\"Running\"} 1\n");
    SednaWorker ll = worker(Map.of("NAMESPACE", "demo", "JOB_NAME", "robo", "WORKER_NAME", "inferworker-ab",
        "SEDNA_KIND", "LifelongLearningJob", "HOSTNAME", "robo-inference-x"));
    ll.reportLifelong(List.of(new SednaWorker.Task("Season_Spring", "edge", "inferring",
            Instant.parse("2024-05-01T10:00:00Z"), 90.0, "active"),
        new SednaWorker.Task("Season_Winter", "cloud", "training", null, null, "dead")),
        List.of(new SednaWorker.LifelongWorker("robo-infer-1", "edge", "active")),
        Map.of("known", new SednaWorker.InferenceCounts(5, 0, 2L)));
    ll.reportLifelong(null, null, Map.of("known", new SednaWorker.InferenceCounts(3, 1, null)));
    assertThat(peer.last().body()).isEqualTo("""
        # HELP sedna_lifelonglearning_inference_samples_done_total Samples whose inference completed, by task type (known/unknown).
        # TYPE sedna_lifelonglearning_inference_samples_done_total counter
        sedna_lifelonglearning_inference_samples_done_total{task_type="known"} 8
        # HELP sedna_lifelonglearning_inference_samples_error_total Samples whose inference failed, by task type (known/unknown).
        # TYPE sedna_lifelonglearning_inference_samples_error_total counter
        sedna_lifelonglearning_inference_samples_error_total{task_type="known"} 1
        """);
    assertThat(peer.requests.get(peer.requests.size() - 2).body()).contains(
        "sedna_lifelonglearning_task_info{location=\"edge\",status=\"active\",task=\"Season_Spring\","
            + "work=\"inferring\"} 1\n",
        "sedna_lifelonglearning_task_start_time_seconds{task=\"Season_Spring\"} 1714557600\n",
        "sedna_lifelonglearning_active_tasks 1\n", "sedna_lifelonglearning_tasks 2\n",
        "sedna_lifelonglearning_worker_info{location=\"edge\",status=\"active\",worker_name=\"robo-infer-1\"} 1\n",
        "sedna_lifelonglearning_inference_samples_ready{task_type=\"known\"} 2\n");
    ll.reportTaskEval("Season_Spring", 0.83, Map.of("precision", 0.8), "Deployable");
    assertThat(peer.last().rawPath()).isEqualTo("/metrics/job/sedna/kind/LifelongLearningJob/name/robo/namespace/demo");
    assertThat(peer.last().body()).contains(
        "sedna_lifelonglearning_task_score{stage=\"Eval\",task=\"Season_Spring\"} 0.83\n",
        "sedna_lifelonglearning_task_status{stage=\"Eval\",task=\"Season_Spring\",task_status=\"Deployable\"} 1\n");
    assertThatThrownBy(() -> ll.reportLifelong(null,
        List.of(new SednaWorker.LifelongWorker("w", "edge", "zombie")), null))
        .hasMessage("workers[0].status: \"zombie\" is not one of waiting, active, dead");
  }

  @Test
  void refusalIsAPushException() {
    peer.status = 400;
    peer.answer = "sedna_incrementallearning_task_stage: state \"Trian\" is not one of Train, Eval, Deploy\n";
    assertThatThrownBy(() -> worker(IL_TRAIN_ENV).reportStage("Train", null, null))
        .isInstanceOf(PushException.class).hasMessageContaining("is not one of Train, Eval, Deploy");
  }
}
