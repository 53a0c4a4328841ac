package io.taskscope.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.e2e.DemoStack;
import io.taskscope.kube.sedna.TaskRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * promtail's relabel_configs, evaluated over the targets Kubernetes discovery makes of the Sedna pod fixtures, give
 * each line the task and worker TaskScope's own pod-to-task mapping (kube TaskRef) gives the pod.
 */
class PromtailRelabelTest {
  private static final String JOB = "kubernetes-pods";
  private static final List<String> CONTRACT = LogCollectors.CONTRACT_LABELS;

  static Path objects() {
    return io.taskscope.testkit.TestData.path("sedna/objects");
  }

  static Path resource(String path) throws Exception {
    return Path.of(PromtailRelabelTest.class.getResource(path).toURI());
  }

  static Map<?, ?> pod(Path file) throws Exception {
    return new Yaml().load(Files.readString(file));
  }

  static List<Relabeling.Rule> shippedRules() throws Exception {
    return PromtailConfig.load(LogCollectors.promtailDaemonSet()).relabelRules(JOB);
  }

  /** The labels the pod's first (only) container's lines get, "__" labels included. */
  static Map<String, String> relabel(List<Relabeling.Rule> rules, Map<?, ?> pod) {
    List<Map<String, String>> targets = PodTargets.of(pod);
    assertThat(targets).hasSize(1);
    return Relabeling.apply(rules, targets.get(0));
  }

  static void assertTask(List<Relabeling.Rule> rules, Path fixture, String kind, String name, String workerType)
      throws Exception {
    Map<?, ?> pod = pod(fixture);
    Map<String, String> labels = relabel(rules, pod);
    assertThat(labels).as(fixture.getFileName().toString()).isNotNull();
    Map<String, String> visible = Relabeling.visible(labels);
    assertThat(visible).as(fixture.getFileName().toString())
        .containsEntry("task_kind", kind)
        .containsEntry("task_name", name)
        .containsEntry("worker_type", workerType);
    // the same answer as TaskScope's metrics give for this pod
    TaskRef ref = TaskRef.of(new YAMLMapper().readValue(fixture.toFile(), Pod.class)).orElseThrow();
    assertThat(List.of(visible.get("task_kind"), visible.get("task_name"), visible.get("worker_type")))
        .as("TaskRef of " + fixture.getFileName()).containsExactly(ref.kind(), ref.name(), ref.workerType());
  }

  @Test
  void jointInferenceEdgeWorker() throws Exception {
    Path fixture = objects().resolve("pod-ji-edge-worker.yaml");
    assertTask(shippedRules(), fixture, "JointInferenceService", "helmet-detection-inference-example", "edge");
    Map<String, String> labels = relabel(shippedRules(), pod(fixture));
    assertThat(Relabeling.visible(labels)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "namespace", "default",
        "pod", "helmet-detection-inference-example-deployment-edge-7f9c6d8b4-m5n2k",
        "container", "little-model",
        "node", "edge-node",
        "task_kind", "JointInferenceService",
        "task_name", "helmet-detection-inference-example",
        "worker_type", "edge",
        "app", "helmet-detection-inference-example",
        "job", "default/helmet-detection-inference-example"));
    // promtail tails this file, and only on the pod's node
    assertThat(labels).containsEntry("__path__", "/var/log/pods/*0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f34/little-model/*.log")
        .containsEntry("__host__", "edge-node");
    assertTask(shippedRules(), objects().resolve("pod-ji-cloud-worker.yaml"), "JointInferenceService",
        "helmet-detection-inference-example", "cloud");
  }

  @Test
  void incrementalLearningTrainWorker() throws Exception {
    assertTask(shippedRules(), objects().resolve("pod-il-train-worker.yaml"), "IncrementalLearningJob",
        "helmet-detection-demo", "train");
  }

  @Test
  void federatedLearningTrainWorker() throws Exception {
    Path fixture = resource("pod-fl-train-worker.yaml");
    assertTask(shippedRules(), fixture, "FederatedLearningJob", "surface-defect-detection", "train");
    assertThat(Relabeling.visible(relabel(shippedRules(), pod(fixture))))
        .containsEntry("node", "edge1").containsEntry("job", "default/surface-defect-detection");
  }

  @Test
  void sednaSystemPodsAreLabelledByComponent() throws Exception {
    assertTask(shippedRules(), objects().resolve("pod-gm.yaml"), "GlobalManager", "gm", "gm");
    assertTask(shippedRules(), objects().resolve("pod-lc.yaml"), "LocalController", "lc", "lc");
    assertTask(shippedRules(), objects().resolve("pod-kb.yaml"), "KnowledgeBase", "kb", "kb");
  }

  @Test
  void otherPodsGetNoTaskLabelsAndUnscheduledPodsAreDropped() throws Exception {
    Map<?, ?> grafana = new Yaml().load("""
        metadata:
          name: grafana-5d8f9c7b6-abcde
          namespace: taskscope
          uid: 11111111-2222-4333-8444-555555555555
          labels: {app.kubernetes.io/name: grafana, app.kubernetes.io/part-of: taskscope}
        spec:
          nodeName: cloud-node
          initContainers: [{name: init-dashboards, image: busybox}]
          containers: [{name: grafana, image: grafana/grafana}]
        """);
    List<Map<String, String>> targets = PodTargets.of(grafana);
    assertThat(targets).hasSize(2);
    for (Map<String, String> t : targets) {
      Map<String, String> labels = Relabeling.visible(Relabeling.apply(shippedRules(), t));
      assertThat(labels).doesNotContainKeys("task_kind", "task_name", "worker_type")
          .containsEntry("app", "grafana").containsEntry("job", "taskscope/grafana").containsEntry("node", "cloud-node");
      assertThat(CONTRACT).containsAll(labels.keySet());
    }
    Map<?, ?> pending = new Yaml().load("""
        metadata: {name: pending, namespace: default, uid: u1, labels: {incrementallearningjob.sedna.io/name: x}}
        spec: {containers: [{name: c, image: i}]}
        """);
    assertThat(Relabeling.apply(shippedRules(), PodTargets.of(pending).get(0))).isNull();
  }

  @Test
  void brokenRelabelingIsCaughtByTheSameAssertions() throws Exception {
    // source labels spelled like the Kubernetes label keys, not like discovery's sanitized names
    List<Relabeling.Rule> broken = PromtailConfig.load(
        resource("/deploy-broken/logs/promtail-unsanitized-label-keys.yaml")).relabelRules(JOB);
    Path fl = resource("pod-fl-train-worker.yaml");
    assertThatThrownBy(() -> assertTask(broken, fl, "FederatedLearningJob", "surface-defect-detection", "train"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("task_kind");
    assertThatThrownBy(() -> assertTask(broken, objects().resolve("pod-il-train-worker.yaml"),
        "IncrementalLearningJob", "helmet-detection-demo", "train")).isInstanceOf(AssertionError.class);
  }

  @Test
  void evaluatorFollowsPrometheusRelabelSemantics() {
    Map<String, String> in = Map.of("a", "edge-node", "b", "x", "__meta_kubernetes_pod_label_app", "web");
    // regexes are anchored: "edge" does not match "edge-node"
    assertThat(Relabeling.apply(rules("{source_labels: [a], regex: edge, target_label: t, replacement: y}"), in))
        .doesNotContainKey("t");
    // default regex (.*) and replacement $1; joined with ";"
    assertThat(Relabeling.apply(rules("{source_labels: [a, b], target_label: t}"), in)).containsEntry("t", "edge-node;x");
    // an empty result removes the target label
    assertThat(Relabeling.apply(rules("{source_labels: [missing], target_label: b}"), in)).doesNotContainKey("b");
    // $1x names group "1x" (empty), ${1}x is group 1 then x
    assertThat(Relabeling.apply(rules("{source_labels: [b], regex: '(.*)', target_label: t, replacement: '$1x'}"), in))
        .doesNotContainKey("t");
    assertThat(Relabeling.apply(rules("{source_labels: [b], regex: '(.*)', target_label: t, replacement: '${1}x-$$'}"),
        in)).containsEntry("t", "xx-$");
    assertThat(Relabeling.apply(rules("{action: labelmap, regex: __meta_kubernetes_pod_label_(.+)}"), in))
        .containsEntry("app", "web");
    assertThat(Relabeling.apply(rules("{action: keep, source_labels: [a], regex: 'edge-.*'}"), in)).isNotNull();
    assertThat(Relabeling.apply(rules("{action: keep, source_labels: [a], regex: cloud}"), in)).isNull();
    assertThat(Relabeling.apply(rules("{action: drop, source_labels: [b], regex: x}"), in)).isNull();
    assertThat(Relabeling.apply(rules("{action: labeldrop, regex: '__.*'}"), in)).containsOnlyKeys("a", "b");
    assertThatThrownBy(() -> rules("{action: hashmod, source_labels: [a], target_label: t, modulus: 2}"))
        .hasMessageContaining("not emulated");
    assertThatThrownBy(() -> rules("{source_labels: [a]}")).hasMessageContaining("target_label");
    assertThat(PodTargets.sanitize("incrementallearningjob.sedna.io/worker-type"))
        .isEqualTo("incrementallearningjob_sedna_io_worker_type");
  }

  private static List<Relabeling.Rule> rules(String yaml) {
    return Relabeling.rules(List.of((Map<?, ?>) new Yaml().load(yaml)));
  }
}
