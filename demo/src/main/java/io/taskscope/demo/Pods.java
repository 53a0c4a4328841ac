package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builders of worker pods, their owners and their status, shaped like what Sedna's GM and the kubelet produce. */
final class Pods {

  static final Map<String, String> NODE_IPS = Map.of("cloud-node", "192.168.1.10", "edge-node", "192.168.1.21",
      "edge-node-2", "192.168.1.22");

  private Pods() {
  }

  /** Sedna worker labels: {@code <kind>.sedna.io/name|uid|worker-type} (runtime/worker.go generateLabels). */
  static Map<String, String> sednaLabels(Kind kind, String crName, String crUid, String workerType) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(kind.labelPrefix() + "name", crName);
    labels.put(kind.labelPrefix() + "uid", crUid);
    if (workerType != null) {
      labels.put(kind.labelPrefix() + "worker-type", workerType.toLowerCase(java.util.Locale.ROOT));
    }
    return labels;
  }

  static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
    return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  static OwnerReference crOwner(Kind kind, String name, String uid) {
    return owner(SednaNames.API_VERSION, kind.kind, name, uid);
  }

  static Container container(String name, String image, Map<String, String> env) {
    List<EnvVar> vars = new ArrayList<>();
    env.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
    return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent").withEnv(vars)
        .build();
  }

  /** A pod owned directly by a CR (CreatePodWithTemplate: generateName {@code <cr>-<workerType>-}). */
  static Pod crPod(Random rnd, Kind kind, String ns, String crName, String crUid, String workerType, String node,
      boolean hostNetwork, String restartPolicy, Container container, Instant created) {
    String generateName = crName + "-" + workerType.toLowerCase(java.util.Locale.ROOT) + "-";
    return new PodBuilder().withNewMetadata().withName(generateName + Objs.suffix(rnd, 5))
        .withGenerateName(generateName).withNamespace(ns).withUid(Objs.uid(rnd))
        .withCreationTimestamp(Objs.time(created)).withLabels(sednaLabels(kind, crName, crUid, workerType))
        .withOwnerReferences(crOwner(kind, crName, crUid)).endMetadata()
        .withNewSpec().withNodeName(node).withHostNetwork(hostNetwork ? Boolean.TRUE : null)
        .withRestartPolicy(restartPolicy).withContainers(container).endSpec()
        .withStatus(pending(node, created, container.getName(), container.getImage()))
        .build();
  }

  /** A Deployment created by GM for a CR worker, its ReplicaSet and one pod per replica. */
  record DeploymentWorker(Deployment deployment, ReplicaSet replicaSet, List<Pod> pods) {
  }

  static DeploymentWorker deploymentWorker(Random rnd, Kind kind, String ns, String crName, String crUid,
      String workerType, List<String> nodes, Container container, Instant created) {
    String deployName = crName + "-deployment-" + workerType.toLowerCase(java.util.Locale.ROOT);
    Map<String, String> labels = sednaLabels(kind, crName, crUid, workerType);
    labels.put("app.sedna.io", crName + "-" + workerType + "-svc");
    String hash = Objs.suffix(rnd, 9);
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    podLabels.put("pod-template-hash", hash);
    String deployUid = Objs.uid(rnd);
    Deployment d = new DeploymentBuilder().withNewMetadata().withName(deployName).withNamespace(ns).withUid(deployUid)
        .withCreationTimestamp(Objs.time(created)).withGeneration(1L).withLabels(labels)
        .withOwnerReferences(crOwner(kind, crName, crUid)).endMetadata()
        .withNewSpec().withReplicas(nodes.size()).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().withContainers(container)
        .endSpec().endTemplate().endSpec()
        .withStatus(deploymentStatus(nodes.size(), nodes.size(), created, true)).build();
    String rsName = deployName + "-" + hash;
    String rsUid = Objs.uid(rnd);
    ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName(rsName).withNamespace(ns).withUid(rsUid)
        .withCreationTimestamp(Objs.time(created)).withLabels(podLabels)
        .withOwnerReferences(owner("apps/v1", "Deployment", deployName, deployUid)).endMetadata()
        .withNewSpec().withReplicas(nodes.size()).withNewSelector().withMatchLabels(podLabels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(podLabels).endMetadata().withNewSpec()
        .withContainers(container).endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(nodes.size()).withReadyReplicas(nodes.size())
        .withAvailableReplicas(nodes.size()).withFullyLabeledReplicas(nodes.size()).withObservedGeneration(1L)
        .endStatus().build();
    List<Pod> pods = new ArrayList<>();
    for (String node : nodes) {
      pods.add(new PodBuilder().withNewMetadata().withName(rsName + "-" + Objs.suffix(rnd, 5))
          .withGenerateName(rsName + "-").withNamespace(ns).withUid(Objs.uid(rnd))
          .withCreationTimestamp(Objs.time(created)).withLabels(podLabels)
          .withOwnerReferences(owner("apps/v1", "ReplicaSet", rsName, rsUid)).endMetadata()
          .withNewSpec().withNodeName(node).withRestartPolicy("Always").withContainers(container).endSpec()
          .withStatus(running(node, created, created.plusSeconds(9), container, 0, null)).build());
    }
    return new DeploymentWorker(d, rs, pods);
  }

  static DeploymentStatus deploymentStatus(int replicas, int ready, Instant at, boolean progressing) {
    String t = Objs.time(at);
    return new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas)
        .withReadyReplicas(ready == 0 ? null : ready).withAvailableReplicas(ready == 0 ? null : ready)
        .withUnavailableReplicas(replicas - ready == 0 ? null : replicas - ready)
        .withConditions(new DeploymentConditionBuilder().withType("Available")
                .withStatus(ready >= replicas ? "True" : "False")
                .withReason(ready >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(ready >= replicas ? "Deployment has minimum availability."
                    : "Deployment does not have minimum availability.")
                .withLastUpdateTime(t).withLastTransitionTime(t).build(),
            new DeploymentConditionBuilder().withType("Progressing").withStatus(progressing ? "True" : "False")
                .withReason(progressing ? "NewReplicaSetAvailable" : "ProgressDeadlineExceeded")
                .withMessage(progressing ? "ReplicaSet has successfully progressed."
                    : "ReplicaSet has timed out progressing.")
                .withLastUpdateTime(t).withLastTransitionTime(t).build())
        .build();
  }

  private static PodCondition cond(String type, boolean status, Instant at, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withLastTransitionTime(Objs.time(at)).withReason(reason).build();
  }

  static PodStatus pending(String node, Instant created, String containerName, String image) {
    return new PodStatusBuilder().withPhase("Pending").withHostIP(NODE_IPS.get(node)).withStartTime(Objs.time(created))
        .withConditions(cond("PodScheduled", true, created, null), cond("Initialized", true, created, null),
            cond("ContainersReady", false, created, "ContainersNotReady"), cond("Ready", false, created,
                "ContainersNotReady"))
        .withContainerStatuses(new ContainerStatusBuilder().withName(containerName).withImage(image).withReady(false)
            .withStarted(false).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build())
            .build())
        .build();
  }

  static PodStatus running(String node, Instant created, Instant startedAt, Container c, int restarts,
      ContainerStatus previous) {
    ContainerStatusBuilder cs = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
        .withImageID("docker-pullable://" + c.getImage()).withContainerID("containerd://" + Integer.toHexString(
            (c.getName() + startedAt).hashCode()))
        .withReady(true).withStarted(true).withRestartCount(restarts)
        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Objs.time(startedAt)).endRunning()
            .build());
    if (previous != null) {
      cs.withLastState(previous.getLastState());
    }
    return new PodStatusBuilder().withPhase("Running").withHostIP(NODE_IPS.get(node))
        .withPodIP(podIp(node, c.getName())).withStartTime(Objs.time(created))
        .withConditions(cond("PodScheduled", true, created, null), cond("Initialized", true, created, null),
            cond("ContainersReady", true, startedAt, null), cond("Ready", true, startedAt, null))
        .withContainerStatuses(cs.build()).build();
  }

  /** The container restarted: restartCount+1, lastState terminated with {@code reason}, running again. */
  static void restarted(Pod pod, Instant at, String reason, int exitCode) {
    ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
    Instant lastStart = cs.getState().getRunning() != null
        ? Instant.parse(cs.getState().getRunning().getStartedAt()) : at.minusSeconds(30);
    cs.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
        .withStartedAt(Objs.time(lastStart)).withFinishedAt(Objs.time(at.minusSeconds(1))).endTerminated().build());
    cs.setRestartCount(cs.getRestartCount() + 1);
    cs.setState(new ContainerStateBuilder().withNewRunning().withStartedAt(Objs.time(at)).endRunning().build());
    cs.setReady(true);
    cs.setStarted(true);
  }

  /** Crash loop: phase stays Running, container waiting in CrashLoopBackOff after an Error exit. */
  static void crashLoop(Pod pod, Instant at) {
    ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
    cs.setRestartCount(cs.getRestartCount() + 1);
    cs.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
        .withStartedAt(Objs.time(at.minusSeconds(12))).withFinishedAt(Objs.time(at.minusSeconds(2))).endTerminated()
        .build());
    long backoff = Math.min(300, 10L << Math.min(5, cs.getRestartCount() - 1));
    cs.setState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
        .withMessage("back-off " + backoff + "s restarting failed container=" + cs.getName() + " pod="
            + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid()
            + ")")
        .endWaiting().build());
    cs.setReady(false);
    cs.setStarted(false);
    pod.getStatus().setPhase("Running");
    pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")
        || c.getType().equals("ContainersReady")).forEach(c -> {
          c.setStatus("False");
          c.setReason("ContainersNotReady");
          c.setMessage("containers with unready status: [" + cs.getName() + "]");
        });
  }

  /** The pod ran to completion (Succeeded, exit 0) or failed (Failed, exit 1). */
  static void terminated(Pod pod, Instant at, boolean success) {
    PodStatus st = pod.getStatus();
    ContainerStatus cs = st.getContainerStatuses().get(0);
    Instant started = cs.getState() != null && cs.getState().getRunning() != null
        ? Instant.parse(cs.getState().getRunning().getStartedAt()) : at.minusSeconds(5);
    cs.setState(new ContainerStateBuilder().withNewTerminated().withExitCode(success ? 0 : 1)
        .withReason(success ? "Completed" : "Error").withStartedAt(Objs.time(started))
        .withFinishedAt(Objs.time(at)).endTerminated().build());
    cs.setReady(false);
    cs.setStarted(false);
    st.setPhase(success ? "Succeeded" : "Failed");
    st.getConditions().stream().filter(c -> c.getType().equals("Ready") || c.getType().equals("ContainersReady"))
        .forEach(c -> {
          c.setStatus("False");
          c.setReason("PodCompleted");
          c.setLastTransitionTime(Objs.time(at));
        });
  }

  /** Pending → Running for a pod created earlier. */
  static void start(Pod pod, Instant at) {
    Container c = pod.getSpec().getContainers().get(0);
    String node = pod.getSpec().getNodeName();
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    PodStatus st = running(node, created, at, c, 0, null);
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      st.setPodIP(NODE_IPS.get(node));
    }
    pod.setStatus(st);
  }

  static String podIp(String node, String salt) {
    int third = switch (node) {
      case "cloud-node" -> 0;
      case "edge-node" -> 2;
      default -> 3;
    };
    return "10.244." + third + "." + (2 + Math.floorMod(salt.hashCode(), 250));
  }
}
