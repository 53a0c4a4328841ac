package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ordinary workloads of a GLACIATION-style edge cluster, beside the Sedna ones: a web front end (Deployment, through
 * its ReplicaSet, on the two edge nodes), a database (StatefulSet, on the cloud node) and a log shipper on every node
 * (DaemonSet). Their pods run, so the knowledge-graph exporter describes them and the simulated kube-state-metrics,
 * cAdvisor and Kepler measure them like any other workload.
 */
final class GeneralWorkloads {
  static final String NAMESPACE = "glaciation";
  /** Where the front end's replicas run (one per edge node, as an anti-affinity would spread them). */
  static final List<String> FRONTEND_NODES = List.of("edge-node", "edge-node-2");
  static final String DB_NODE = "cloud-node";

  private GeneralWorkloads() {}

  static List<HasMetadata> create(Instant now) {
    Instant created = now.minusSeconds(3600);
    String t = Objs.time(created);
    List<HasMetadata> out = new ArrayList<>();

    // Deployment -> ReplicaSet (pod-template-hash) -> pods
    Map<String, String> front = Map.of("app", "web-frontend");
    Container web = container("web", "nginx:1.27");
    String deployUid = uid("web-frontend");
    String hash = "7c9d5b8f6d";
    String rsName = "web-frontend-" + hash;
    String rsUid = uid(rsName);
    Map<String, String> frontPod = with(front, "pod-template-hash", hash);
    int replicas = FRONTEND_NODES.size();
    out.add(new DeploymentBuilder().withNewMetadata().withName("web-frontend").withNamespace(NAMESPACE)
        .withUid(deployUid).withCreationTimestamp(t).withGeneration(1L).withLabels(front).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(front).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(front).endMetadata().withNewSpec().withContainers(web)
        .endSpec().endTemplate().endSpec()
        .withStatus(Pods.deploymentStatus(replicas, replicas, created, true)).build());
    out.add(new ReplicaSetBuilder().withNewMetadata().withName(rsName).withNamespace(NAMESPACE).withUid(rsUid)
        .withCreationTimestamp(t).withGeneration(1L).withLabels(frontPod)
        .withOwnerReferences(Pods.owner("apps/v1", "Deployment", "web-frontend", deployUid)).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(frontPod).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(frontPod).endMetadata().withNewSpec().withContainers(web)
        .endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
        .withFullyLabeledReplicas(replicas).withObservedGeneration(1L).endStatus().build());
    String[] frontSuffixes = {"x2kq9", "m7bzt"};
    for (int i = 0; i < replicas; i++) {
      out.add(pod(rsName + "-" + frontSuffixes[i], rsName + "-", frontPod,
          Pods.owner("apps/v1", "ReplicaSet", rsName, rsUid), FRONTEND_NODES.get(i), web, created, i));
    }

    // StatefulSet -> pods with stable ordinal names
    Map<String, String> db = Map.of("app", "metrics-db");
    Container postgres = container("db", "postgres:16");
    String dbUid = uid("metrics-db");
    String revision = "metrics-db-5b6c7d8f9";
    out.add(new StatefulSetBuilder().withNewMetadata().withName("metrics-db").withNamespace(NAMESPACE)
        .withUid(dbUid).withCreationTimestamp(t).withGeneration(1L).withLabels(db).endMetadata()
        .withNewSpec().withReplicas(1).withServiceName("metrics-db").withNewSelector().withMatchLabels(db)
        .endSelector().withNewTemplate().withNewMetadata().withLabels(db).endMetadata().withNewSpec()
        .withContainers(postgres).endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(1).withReadyReplicas(1).withCurrentReplicas(1).withUpdatedReplicas(1)
        .withAvailableReplicas(1).withCurrentRevision(revision).withUpdateRevision(revision)
        .withObservedGeneration(1L).endStatus().build());
    Map<String, String> dbPod = with(with(with(db, "controller-revision-hash", revision),
        "statefulset.kubernetes.io/pod-name", "metrics-db-0"), "apps.kubernetes.io/pod-index", "0");
    out.add(pod("metrics-db-0", null, dbPod, Pods.owner("apps/v1", "StatefulSet", "metrics-db", dbUid), DB_NODE,
        postgres, created, 2));

    // DaemonSet -> one pod per node
    Map<String, String> logs = Map.of("app", "fluentd");
    Container fluentd = container("fluentd", "fluent/fluentd:v1.17");
    String dsUid = uid("fluentd");
    List<String> nodes = NodeActor.names();
    out.add(new DaemonSetBuilder().withNewMetadata().withName("fluentd").withNamespace(NAMESPACE)
        .withUid(dsUid).withCreationTimestamp(t).withGeneration(1L).withLabels(logs).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(logs).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(logs).endMetadata().withNewSpec().withContainers(fluentd)
        .endSpec().endTemplate().endSpec()
        .withNewStatus().withDesiredNumberScheduled(nodes.size()).withCurrentNumberScheduled(nodes.size())
        .withUpdatedNumberScheduled(nodes.size()).withNumberReady(nodes.size()).withNumberAvailable(nodes.size())
        .withNumberMisscheduled(0).withObservedGeneration(1L).endStatus().build());
    Map<String, String> logsPod = with(with(logs, "controller-revision-hash", "6f8b9c7d5d"),
        "pod-template-generation", "1");
    String[] dsSuffixes = {"4hq7w", "k9v2n", "p6tzr"};
    for (int i = 0; i < nodes.size(); i++) {
      out.add(pod("fluentd-" + dsSuffixes[i], "fluentd-", logsPod, Pods.owner("apps/v1", "DaemonSet", "fluentd",
          dsUid), nodes.get(i), fluentd, created, 3 + i));
    }
    return out;
  }

  private static Container container(String name, String image) {
    return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent").build();
  }

  /** A running pod of a controller, started a few seconds after its owner (staggered, as a rollout does). */
  private static Pod pod(String name, String generateName, Map<String, String> labels,
      io.fabric8.kubernetes.api.model.OwnerReference owner, String node, Container c, Instant created, int order) {
    String uid = uid(NAMESPACE + "/" + name);
    Instant scheduled = created.plusSeconds(1 + order);
    Pod p = new PodBuilder().withNewMetadata().withName(name).withGenerateName(generateName).withNamespace(NAMESPACE)
        .withUid(uid).withCreationTimestamp(Objs.time(scheduled)).withLabels(labels).withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec().withNodeName(node).withRestartPolicy("Always").withContainers(c).endSpec()
        .withStatus(Pods.running(node, scheduled, scheduled.plusSeconds(6), c, 0, null)).build();
    // one address and one container id per pod (Pods.running derives them from the container alone)
    p.getStatus().setPodIP(Pods.podIp(node, name));
    p.getStatus().getContainerStatuses().get(0).setContainerID("containerd://" + sha256("container/" + uid));
    return p;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(key, value);
    return out;
  }

  private static String uid(String name) {
    return UUID.nameUUIDFromBytes(("general/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(
          StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
