package io.taskscope.demo.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.taskscope.demo.DemoCluster;
import io.taskscope.demo.DemoOptions;
import io.taskscope.push.PushConfig;
import io.taskscope.push.PushService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo cluster, a real push hub on loopback and the fleet: every documented worker series shows up. */
class WorkerFleetTest {
  /** The worker-pushed series of docs/metrics.md. */
  static final List<String> DOCUMENTED = List.of(
      "sedna_jointinference_inferences_total", "sedna_jointinference_hard_samples_total",
      "sedna_incrementallearning_learning_rate", "sedna_incrementallearning_epoch",
      "sedna_incrementallearning_batch_size", "sedna_incrementallearning_train_samples",
      "sedna_incrementallearning_eval_samples", "sedna_incrementallearning_task_stage",
      "sedna_incrementallearning_current_status", "sedna_incrementallearning_iteration",
      "sedna_incrementallearning_iteration_inferences_total", "sedna_incrementallearning_iteration_hard_samples_total",
      "sedna_incrementallearning_eval_new_model_info", "sedna_incrementallearning_accuracy_metric",
      "sedna_incrementallearning_train_output_model_info", "sedna_incrementallearning_deploy_model_info",
      "sedna_incrementallearning_deploy_status", "sedna_incrementallearning_train_remaining_seconds",
      "sedna_incrementallearning_train_loss", "sedna_incrementallearning_eval_remaining_seconds",
      "sedna_federatedlearning_train_node_info", "sedna_federatedlearning_train_status",
      "sedna_federatedlearning_node_samples", "sedna_federatedlearning_iteration",
      "sedna_federatedlearning_aggregation",
      "sedna_lifelonglearning_active_tasks", "sedna_lifelonglearning_tasks", "sedna_lifelonglearning_task_info",
      "sedna_lifelonglearning_active_workers", "sedna_lifelonglearning_workers", "sedna_lifelonglearning_worker_info",
      "sedna_lifelonglearning_inference_samples_done_total", "sedna_lifelonglearning_inference_samples_ready",
      "sedna_lifelonglearning_inference_samples_error_total", "sedna_lifelonglearning_eval_samples",
      "sedna_lifelonglearning_eval_model_info", "sedna_lifelonglearning_task_score",
      "sedna_lifelonglearning_task_eval_result", "sedna_lifelonglearning_task_status",
      "sedna_lifelonglearning_deploy_status", "sedna_lifelonglearning_deploy_model_info");

  @TempDir
  Path dir;
  DemoCluster cluster;
  PushService push;
  HttpServer server;
  WorkerFleet fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (server != null) {
      server.stop(0);
    }
    if (push != null) {
      push.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  String exposition() throws Exception {
    return new String(HubLines.of(push.hub()), StandardCharsets.UTF_8);
  }

  @Test
  void everyDocumentedWorkerSeriesIsPushedThroughTheRealApi() throws Exception {
    cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false));
    push = PushService.start(PushConfig.defaults(), dir, null, false, null, null, Map.of());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    push.mount(new io.taskscope.core.http.FrontDoor(server, io.taskscope.core.http.AccessPolicy.open()));
    server.start();
    fleet = WorkerFleet.manual("http://127.0.0.1:" + server.getAddress().getPort(), cluster.client(), 7);
    fleet.step();
    Set<String> firstStep = names(exposition());
    for (int i = 0; i < 30; i++) {
      cluster.simulator().step();
      fleet.step();
    }
    assertThat(fleet.failures()).as("pushes refused by the hub (schema, consistency)").isZero();
    String text = exposition();
    Set<String> names = names(text);
    List<String> missing = new ArrayList<>();
    for (String n : DOCUMENTED) {
      if (!names.contains(n)) {
        missing.add(n);
      }
    }
    assertThat(missing).as("documented series the fleet did not push").isEmpty();
    // the first step already shows the running workers' series
    assertThat(firstStep).contains("sedna_jointinference_inferences_total", "sedna_incrementallearning_train_loss",
        "sedna_incrementallearning_task_stage", "sedna_federatedlearning_iteration",
        "sedna_lifelonglearning_task_info", "sedna_incrementallearning_deploy_status");
    assertThat(text).contains("location=\"edge\"", "location=\"cloud\"", "model=\"new\"", "model=\"old\"",
        "task_type=\"unknown\"", "kind=\"IncrementalLearningJob\"", "name=\"helmet-detection-il\"",
        "namespace=\"demo\"");
    assertThat(text).containsPattern(
        "sedna_federatedlearning_train_node_info\\{[^}]*node=\"edge-node-2\"[^}]*\\} 1");
    assertThat(text).containsPattern("sedna_incrementallearning_task_stage\\{[^}]*task_stage=\"(Train|Eval|Deploy)\""
        + "[^}]*\\} 1");
    // a pod that went away took its group with it: no more groups than worker pods + tasks
    long pods = cluster.client().pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().keySet().stream()
            .anyMatch(k -> k.endsWith(".sedna.io/name"))).count();
    long groups = text.lines().filter(l -> l.startsWith("push_time_seconds{")).count();
    assertThat(groups).isPositive().isLessThanOrEqualTo(pods + 20);
  }

  static Set<String> names(String text) {
    Set<String> out = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      out.add(line.substring(0, end));
    }
    return out;
  }
}
