package io.taskscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskscope.sdk.SednaNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Steps the simulator by hand and checks what moved. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorTest {

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

  static GenericKubernetesResource get(String kind, String ns, String name) {
    return client.genericKubernetesResources(SednaNames.API_VERSION, kind).inNamespace(ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("status");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(GenericKubernetesResource r) {
    return (List<Map<String, Object>>) status(r).getOrDefault("conditions", List.of());
  }

  @SuppressWarnings("unchecked")
  static long metric(GenericKubernetesResource r, String key) {
    return ((List<Map<String, Object>>) status(r).get("metrics")).stream().filter(m -> key.equals(m.get("key")))
        .map(m -> Long.parseLong((String) m.get("value"))).findFirst().orElseThrow();
  }

  @Test
  @Order(1)
  void informerSeesModifiedEventsAfterStep() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    SharedIndexInformer<GenericKubernetesResource> informer = client
        .genericKubernetesResources(SednaNames.API_VERSION, "JointInferenceService").inAnyNamespace()
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            events.add("ADDED " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
              events.add("MODIFIED " + newObj.getMetadata().getName());
            }
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            events.add("DELETED " + obj.getMetadata().getName());
          }
        });
    try {
      informer.hasSynced();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!informer.hasSynced() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(informer.hasSynced()).isTrue();
      assertThat(events).contains("ADDED helmet-detection-inference", "ADDED helmet-detection-inference-example");
      cluster.simulator().step();
      while (!events.contains("MODIFIED helmet-detection-inference") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(events).contains("MODIFIED helmet-detection-inference");
    } finally {
      informer.close();
    }
  }

  @Test
  @Order(2)
  void tasksMoveOverSteps() {
    Simulator sim = cluster.simulator();
    long before = sim.steps();
    GenericKubernetesResource ji0 = get("JointInferenceService", "demo", "helmet-detection-inference");
    long inferences0 = metric(ji0, "inferenceNumber");
    GenericKubernetesResource il0 = get("IncrementalLearningJob", "demo", "helmet-detection-il");
    Map<String, Object> il0Last = conditions(il0).get(conditions(il0).size() - 1);
    Pod crash0 = client.pods().inNamespace("edge-ai")
        .withLabel("jointinferenceservice.sedna.io/worker-type", "edge").list().getItems().get(0);

    for (int i = 0; i < 14; i++) {
      sim.step();
    }
    assertThat(sim.steps()).isEqualTo(before + 14);

    // JI counters grew
    assertThat(metric(get("JointInferenceService", "demo", "helmet-detection-inference"), "inferenceNumber"))
        .isGreaterThan(inferences0);
    // IL: conditions appended, the last one is a different state (stage moved on)
    GenericKubernetesResource il = get("IncrementalLearningJob", "demo", "helmet-detection-il");
    List<Map<String, Object>> ilConds = conditions(il);
    Map<String, Object> last = ilConds.get(ilConds.size() - 1);
    assertThat(ilConds.size()).isGreaterThan(conditions(il0).size());
    assertThat(ilConds).anyMatch(c -> "Eval".equals(c.get("stage")));
    assertThat(last).isNotEqualTo(il0Last);
    assertThat(ilConds).anyMatch(c -> "reported by lc".equals(c.get("message"))
        && String.valueOf(c.get("data")).contains("\"precision\":["));
    // LL knowledge base filled by the eval output
    GenericKubernetesResource ll = get("LifelongLearningJob", "demo", "robo-semantic-seg-ll");
    assertThat(conditions(ll)).anyMatch(c -> "Eval".equals(c.get("stage")));
    // FL round messages, one per training worker and round; the 5-round job is done
    GenericKubernetesResource fl = get("FederatedLearningJob", "demo", "surface-defect-detection-fl");
    assertThat(conditions(fl)).filteredOn(c -> "Training".equals(c.get("type"))).hasSize(10)
        .allSatisfy(c -> {
          assertThat(c.get("reason")).isEqualTo("DoTraining");
          assertThat((String) c.get("message")).matches("Round [1-5] reaches at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        });
    assertThat(status(fl)).containsEntry("phase", "Succeeded").containsKey("completionTime");
    GenericKubernetesResource model = get("Model", "demo", "surface-defect-detection-model");
    assertThat(status(model).get("metrics").toString()).contains("categorical_accuracy").contains("value=[0.");
    // failures
    assertThat(status(get("FederatedLearningJob", "edge-ai", "yolo-fl"))).containsEntry("phase", "Failed");
    assertThat(conditions(get("JointInferenceService", "edge-ai", "face-detection-inference")))
        .last().satisfies(c -> assertThat(c).containsEntry("type", "Failed").containsEntry("reason", "workerFailed"));
    assertThat(status(get("VideoAnalyticsJob", "edge-ai", "video-analytics-camera-2"))).containsEntry("phase", "Failed");
    assertThat(conditions(get("IncrementalLearningJob", "demo", "dog-croissants-il")))
        .anyMatch(c -> "Failed".equals(c.get("type")) && "Train".equals(c.get("stage")));
    assertThat(status(get("ReidJob", "demo", "reid-job"))).containsEntry("phase", "Succeeded");
    // crash-looping worker
    Pod crash = client.pods().inNamespace("edge-ai").withName(crash0.getMetadata().getName()).get();
    ContainerStatus cs = crash.getStatus().getContainerStatuses().get(0);
    assertThat(cs.getRestartCount()).isGreaterThan(crash0.getStatus().getContainerStatuses().get(0).getRestartCount());
    assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    // k8s Jobs
    Job prep = client.batch().v1().jobs().inNamespace("demo").withName("helmet-dataset-prep").get();
    assertThat(prep.getStatus().getSucceeded()).isEqualTo(1);
    Job index = client.batch().v1().jobs().inNamespace("sedna").withName("kb-index-rebuild").get();
    assertThat(index.getStatus().getFailed()).isGreaterThanOrEqualTo(1);
    // dataset grew
    GenericKubernetesResource ds = get("Dataset", "demo", "helmet-dataset");
    assertThat(((Number) status(ds).get("numberOfSamples")).intValue()).isGreaterThan(1826);
    assertThat(Instant.parse((String) status(ds).get("updateTime"))).isAfter(Instant.now().minusSeconds(3600));
  }

  @Test
  @Order(3)
  void sameSeedSameWorld() {
    Instant t = Instant.parse("2025-11-26T00:00:00Z");
    var ser = client.getKubernetesSerialization();
    List<String> a = new World(7, t).objects.stream().map(ser::asJson).toList();
    List<String> b = new World(7, t).objects.stream().map(ser::asJson).toList();
    List<String> c = new World(8, t).objects.stream().map(ser::asJson).toList();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }
}
