package io.taskscope.demo.sim;

import static io.taskscope.core.MetricType.COUNTER;
import static io.taskscope.core.MetricType.GAUGE;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kube-state-metrics (v2) series of the demo cluster's pods, containers, nodes and workload controllers, with its
 * metric names, label names, label order and types. Every metric is a gauge except the restart counter.
 */
final class KubeStateMetricsSim {
  static final String EXPORTER = "kube-state-metrics";
  static final List<String> PHASES = List.of("Pending", "Succeeded", "Failed", "Unknown", "Running");

  private KubeStateMetricsSim() {}

  static Families render(ClusterView view, ResourceModel model) {
    Families f = new Families(EXPORTER);
    f.family("kube_pod_info", GAUGE, "Information about pod.");
    f.family("kube_pod_owner", GAUGE, "Information about the Pod's owner.");
    f.family("kube_pod_labels", GAUGE, "Kubernetes labels converted to Prometheus labels (all labels allowed, "
        + "as with --metric-labels-allowlist=pods=[*]).");
    f.family("kube_pod_created", GAUGE, "Unix creation timestamp.");
    f.family("kube_pod_start_time", GAUGE, "Start time in unix timestamp for a pod.");
    f.family("kube_pod_status_phase", GAUGE, "The pods current phase.");
    f.family("kube_pod_status_ready", GAUGE, "Describes whether the pod is ready to serve requests.");
    f.family("kube_pod_container_info", GAUGE, "Information about a container in a pod.");
    f.family("kube_pod_container_status_ready", GAUGE,
        "Describes whether the containers readiness check succeeded.");
    f.family("kube_pod_container_status_running", GAUGE, "Describes whether the container is currently in "
        + "running state.");
    f.family("kube_pod_container_status_waiting", GAUGE, "Describes whether the container is currently in "
        + "waiting state.");
    f.family("kube_pod_container_status_terminated", GAUGE, "Describes whether the container is currently in "
        + "terminated state.");
    f.family("kube_pod_container_status_waiting_reason", GAUGE, "Describes the reason the container is currently "
        + "in waiting state.");
    f.family("kube_pod_container_status_terminated_reason", GAUGE, "Describes the reason the container is "
        + "currently in terminated state.");
    f.family("kube_pod_container_status_restarts_total", COUNTER, "The number of container restarts per "
        + "container.");
    f.family("kube_pod_container_resource_requests", GAUGE, "The number of requested request resource by a "
        + "container (simulated LimitRange defaults where the pod spec sets none).");
    f.family("kube_pod_container_resource_limits", GAUGE, "The number of requested limit resource by a "
        + "container (simulated LimitRange defaults where the pod spec sets none).");
    f.family("kube_node_info", GAUGE, "Information about a cluster node.");
    f.family("kube_node_labels", GAUGE, "Kubernetes labels converted to Prometheus labels.");
    f.family("kube_node_spec_unschedulable", GAUGE, "Whether a node can schedule new pods.");
    f.family("kube_node_status_capacity", GAUGE, "The capacity for different resources of a node "
        + "(nvidia.com/gpu from a simulated device plugin).");
    f.family("kube_node_status_allocatable", GAUGE, "The allocatable for different resources of a node that "
        + "are available for scheduling.");
    f.family("kube_node_status_condition", GAUGE, "The condition of a cluster node.");
    f.family("kube_deployment_spec_replicas", GAUGE, "Number of desired pods for a deployment.");
    f.family("kube_deployment_status_replicas", GAUGE, "The number of replicas per deployment.");
    f.family("kube_deployment_status_replicas_available", GAUGE, "The number of available replicas per "
        + "deployment.");
    f.family("kube_deployment_status_replicas_ready", GAUGE, "The number of ready replicas per deployment.");
    f.family("kube_deployment_status_replicas_unavailable", GAUGE, "The number of unavailable replicas per "
        + "deployment.");
    f.family("kube_replicaset_owner", GAUGE, "Information about the ReplicaSet's owner.");
    f.family("kube_replicaset_spec_replicas", GAUGE, "Number of desired pods for a ReplicaSet.");
    f.family("kube_replicaset_status_ready_replicas", GAUGE, "The number of ready replicas per ReplicaSet.");
    f.family("kube_statefulset_replicas", GAUGE, "Number of desired pods for a StatefulSet.");
    f.family("kube_statefulset_status_replicas", GAUGE, "The number of replicas per StatefulSet.");
    f.family("kube_statefulset_status_replicas_ready", GAUGE, "The number of ready replicas per StatefulSet.");
    f.family("kube_daemonset_status_desired_number_scheduled", GAUGE, "The number of nodes that should be "
        + "running the daemon pod.");
    f.family("kube_daemonset_status_number_ready", GAUGE, "The number of nodes that should be running the daemon "
        + "pod and have one or more of the daemon pod running and ready.");
    f.family("kube_daemonset_status_number_available", GAUGE, "The number of nodes that should be running the "
        + "daemon pod and have one or more of the daemon pod running and available.");
    f.family("kube_job_info", GAUGE, "Information about job.");
    f.family("kube_job_owner", GAUGE, "Information about the Job's owner.");
    f.family("kube_job_spec_completions", GAUGE, "The desired number of successfully finished pods the job "
        + "should be run with.");
    f.family("kube_job_status_active", GAUGE, "The number of actively running pods.");
    f.family("kube_job_status_succeeded", GAUGE, "The number of pods which reached Phase Succeeded.");
    f.family("kube_job_status_failed", GAUGE, "The number of pods which reached Phase Failed and the reason for "
        + "failure.");
    f.family("kube_job_status_start_time", GAUGE, "StartTime represents time when the job was acknowledged by the "
        + "Job Manager.");
    f.family("kube_job_status_completion_time", GAUGE, "CompletionTime represents time when the job was "
        + "completed.");
    f.family("kube_job_complete", GAUGE, "The job has completed its execution.");
    f.family("kube_job_failed", GAUGE, "The job has failed its execution.");

    view.pods().forEach(p -> pod(f, p, model));
    view.nodes().forEach(n -> node(f, n));
    view.deployments().forEach(d -> deployment(f, d));
    view.replicaSets().forEach(rs -> replicaSet(f, rs));
    view.statefulSets().forEach(s -> statefulSet(f, s));
    view.daemonSets().forEach(d -> daemonSet(f, d));
    view.jobs().forEach(j -> job(f, j));
    return f;
  }

  private static void pod(Families f, Pod p, ResourceModel model) {
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    String uid = p.getMetadata().getUid();
    var status = p.getStatus();
    String node = nz(p.getSpec().getNodeName());
    OwnerReference controller = controller(p);
    f.get("kube_pod_info").add(1, "namespace", ns, "pod", name, "uid", uid,
        "host_ip", status == null ? "" : nz(status.getHostIP()), "pod_ip", status == null ? "" : nz(status.getPodIP()),
        "node", node, "created_by_kind", controller == null ? "<none>" : controller.getKind(),
        "created_by_name", controller == null ? "<none>" : controller.getName(),
        "priority_class", nz(p.getSpec().getPriorityClassName()),
        "host_network", Boolean.toString(Boolean.TRUE.equals(p.getSpec().getHostNetwork())));
    owners(f.get("kube_pod_owner"), p, "namespace", ns, "pod", name, "uid", uid);
    List<String> labels = new ArrayList<>(List.of("namespace", ns, "pod", name, "uid", uid));
    labels.addAll(labelPairs(p.getMetadata().getLabels()));
    f.get("kube_pod_labels").add(1, labels.toArray(String[]::new));
    time(f.get("kube_pod_created"), p.getMetadata().getCreationTimestamp(), "namespace", ns, "pod", name, "uid", uid);
    if (status != null) {
      time(f.get("kube_pod_start_time"), status.getStartTime(), "namespace", ns, "pod", name, "uid", uid);
    }
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    for (String ph : PHASES) {
      f.get("kube_pod_status_phase").add(ph.equals(phase) ? 1 : 0, "namespace", ns, "pod", name, "uid", uid,
          "phase", ph);
    }
    PodCondition ready = status == null || status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    if (ready != null) {
      conditionStatus(f.get("kube_pod_status_ready"), ready.getStatus(), "condition", "namespace", ns, "pod", name,
          "uid", uid);
    }
    ResourceModel.GpuState gpu = model.gpuOf(uid);
    for (Container c : p.getSpec().getContainers()) {
      String[] key = {"namespace", ns, "pod", name, "uid", uid, "container", c.getName()};
      ContainerStatus cs = status == null || status.getContainerStatuses() == null ? null
          : status.getContainerStatuses().stream().filter(s -> c.getName().equals(s.getName())).findFirst()
              .orElse(null);
      if (cs != null) {
        f.get("kube_pod_container_info").add(1, concat(key, "image_spec", nz(c.getImage()), "image",
            nz(cs.getImage()).isEmpty() ? nz(c.getImage()) : cs.getImage(), "image_id", nz(cs.getImageID()),
            "container_id", nz(cs.getContainerID())));
        f.get("kube_pod_container_status_ready").add(Boolean.TRUE.equals(cs.getReady()) ? 1 : 0, key);
        var state = cs.getState();
        boolean running = state != null && state.getRunning() != null;
        boolean waiting = state != null && state.getWaiting() != null;
        boolean terminated = state != null && state.getTerminated() != null;
        f.get("kube_pod_container_status_running").add(running ? 1 : 0, key);
        f.get("kube_pod_container_status_waiting").add(waiting ? 1 : 0, key);
        f.get("kube_pod_container_status_terminated").add(terminated ? 1 : 0, key);
        if (waiting && state.getWaiting().getReason() != null) {
          f.get("kube_pod_container_status_waiting_reason").add(1, concat(key, "reason",
              state.getWaiting().getReason()));
        }
        if (terminated && state.getTerminated().getReason() != null) {
          f.get("kube_pod_container_status_terminated_reason").add(1, concat(key, "reason",
              state.getTerminated().getReason()));
        }
        f.get("kube_pod_container_status_restarts_total").add(cs.getRestartCount() == null ? 0
            : cs.getRestartCount(), key);
      }
      resources(f, p, c, model.container(uid, c.getName()), gpu != null && c.getName().equals(gpu.container),
          ns, name, uid, node);
    }
  }

  /** Requests and limits: the pod spec's, or the defaults a LimitRange of the simulated cluster would set. */
  private static void resources(Families f, Pod p, Container c, ResourceModel.ContainerState use, boolean gpu,
      String ns, String pod, String uid, String node) {
    var r = c.getResources();
    Map<String, Quantity> requests = r == null ? null : r.getRequests();
    Map<String, Quantity> limits = r == null ? null : r.getLimits();
    String[] key = {"namespace", ns, "pod", pod, "uid", uid, "container", c.getName(), "node", node};
    if (requests != null && !requests.isEmpty()) {
      requests.forEach((res, q) -> resource(f.get("kube_pod_container_resource_requests"), key, res, q));
    } else if (use != null) {
      f.get("kube_pod_container_resource_requests").add(use.cpuRequest, concat(key, "resource", "cpu", "unit",
          "core"));
      f.get("kube_pod_container_resource_requests").add(use.memoryRequest, concat(key, "resource", "memory", "unit",
          "byte"));
    }
    if (limits != null && !limits.isEmpty()) {
      limits.forEach((res, q) -> resource(f.get("kube_pod_container_resource_limits"), key, res, q));
    } else if (use != null) {
      f.get("kube_pod_container_resource_limits").add(use.memoryLimit, concat(key, "resource", "memory", "unit",
          "byte"));
    }
    if (gpu && (limits == null || !limits.containsKey("nvidia.com/gpu"))) {
      f.get("kube_pod_container_resource_requests").add(1, concat(key, "resource", "nvidia_com_gpu", "unit",
          "integer"));
      f.get("kube_pod_container_resource_limits").add(1, concat(key, "resource", "nvidia_com_gpu", "unit",
          "integer"));
    }
  }

  private static void resource(Families.Family family, String[] key, String resource, Quantity q) {
    String unit = switch (resource) {
      case "cpu" -> "core";
      case "memory", "ephemeral-storage" -> "byte";
      default -> "integer";
    };
    family.add(Quantity.getAmountInBytes(q).doubleValue(), concat(key, "resource", sanitize(resource), "unit", unit));
  }

  private static void node(Families f, Node n) {
    String name = n.getMetadata().getName();
    var info = n.getStatus().getNodeInfo();
    String internalIp = n.getStatus().getAddresses() == null ? "" : n.getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse("");
    f.get("kube_node_info").add(1, "node", name, "kernel_version", nz(info.getKernelVersion()),
        "os_image", nz(info.getOsImage()), "container_runtime_version", nz(info.getContainerRuntimeVersion()),
        "kubelet_version", nz(info.getKubeletVersion()), "kubeproxy_version", nz(info.getKubeProxyVersion()),
        "provider_id", nz(n.getSpec().getProviderID()), "pod_cidr", nz(n.getSpec().getPodCIDR()),
        "system_uuid", nz(info.getSystemUUID()), "internal_ip", internalIp);
    List<String> labels = new ArrayList<>(List.of("node", name));
    labels.addAll(labelPairs(n.getMetadata().getLabels()));
    f.get("kube_node_labels").add(1, labels.toArray(String[]::new));
    f.get("kube_node_spec_unschedulable").add(Boolean.TRUE.equals(n.getSpec().getUnschedulable()) ? 1 : 0,
        "node", name);
    int gpus = ResourceModel.GPUS_PER_NODE.getOrDefault(name, 0);
    for (String family : List.of("kube_node_status_capacity", "kube_node_status_allocatable")) {
      Map<String, Quantity> res = family.endsWith("capacity") ? n.getStatus().getCapacity()
          : n.getStatus().getAllocatable();
      if (res != null) {
        res.forEach((r, q) -> resource(f.get(family), new String[] {"node", name}, r, q));
      }
      if (gpus > 0 && (res == null || !res.containsKey("nvidia.com/gpu"))) {
        f.get(family).add(gpus, "node", name, "resource", "nvidia_com_gpu", "unit", "integer");
      }
    }
    if (n.getStatus().getConditions() != null) {
      for (NodeCondition c : n.getStatus().getConditions()) {
        conditionStatus(f.get("kube_node_status_condition"), c.getStatus(), "status", "node", name, "condition",
            c.getType());
      }
    }
  }

  private static void deployment(Families f, Deployment d) {
    String[] key = {"namespace", d.getMetadata().getNamespace(), "deployment", d.getMetadata().getName()};
    var s = d.getStatus();
    f.get("kube_deployment_spec_replicas").add(num(d.getSpec().getReplicas()), key);
    f.get("kube_deployment_status_replicas").add(s == null ? 0 : num(s.getReplicas()), key);
    f.get("kube_deployment_status_replicas_available").add(s == null ? 0 : num(s.getAvailableReplicas()), key);
    f.get("kube_deployment_status_replicas_ready").add(s == null ? 0 : num(s.getReadyReplicas()), key);
    f.get("kube_deployment_status_replicas_unavailable").add(s == null ? 0 : num(s.getUnavailableReplicas()), key);
  }

  private static void replicaSet(Families f, ReplicaSet rs) {
    String[] key = {"namespace", rs.getMetadata().getNamespace(), "replicaset", rs.getMetadata().getName()};
    owners(f.get("kube_replicaset_owner"), rs, key);
    f.get("kube_replicaset_spec_replicas").add(num(rs.getSpec().getReplicas()), key);
    f.get("kube_replicaset_status_ready_replicas").add(rs.getStatus() == null ? 0
        : num(rs.getStatus().getReadyReplicas()), key);
  }

  private static void statefulSet(Families f, StatefulSet s) {
    String[] key = {"namespace", s.getMetadata().getNamespace(), "statefulset", s.getMetadata().getName()};
    f.get("kube_statefulset_replicas").add(num(s.getSpec().getReplicas()), key);
    f.get("kube_statefulset_status_replicas").add(s.getStatus() == null ? 0 : num(s.getStatus().getReplicas()), key);
    f.get("kube_statefulset_status_replicas_ready").add(s.getStatus() == null ? 0
        : num(s.getStatus().getReadyReplicas()), key);
  }

  private static void daemonSet(Families f, DaemonSet d) {
    String[] key = {"namespace", d.getMetadata().getNamespace(), "daemonset", d.getMetadata().getName()};
    var s = d.getStatus();
    f.get("kube_daemonset_status_desired_number_scheduled").add(s == null ? 0
        : num(s.getDesiredNumberScheduled()), key);
    f.get("kube_daemonset_status_number_ready").add(s == null ? 0 : num(s.getNumberReady()), key);
    f.get("kube_daemonset_status_number_available").add(s == null ? 0 : num(s.getNumberAvailable()), key);
  }

  private static void job(Families f, Job j) {
    String[] key = {"namespace", j.getMetadata().getNamespace(), "job_name", j.getMetadata().getName()};
    var s = j.getStatus();
    f.get("kube_job_info").add(1, key);
    owners(f.get("kube_job_owner"), j, key);
    if (j.getSpec().getCompletions() != null) {
      f.get("kube_job_spec_completions").add(j.getSpec().getCompletions(), key);
    }
    f.get("kube_job_status_active").add(s == null ? 0 : num(s.getActive()), key);
    f.get("kube_job_status_succeeded").add(s == null ? 0 : num(s.getSucceeded()), key);
    f.get("kube_job_status_failed").add(s == null ? 0 : num(s.getFailed()), key);
    if (s != null) {
      time(f.get("kube_job_status_start_time"), s.getStartTime(), key);
      time(f.get("kube_job_status_completion_time"), s.getCompletionTime(), key);
      if (s.getConditions() != null) {
        for (JobCondition c : s.getConditions()) {
          String family = switch (c.getType()) {
            case "Complete" -> "kube_job_complete";
            case "Failed" -> "kube_job_failed";
            default -> null;
          };
          if (family != null) {
            conditionStatus(f.get(family), c.getStatus(), "condition", key);
          }
        }
      }
    }
  }

  /** {@code *_owner} series: one per owner reference, or one {@code <none>} row. */
  private static void owners(Families.Family family, HasMetadata o, String... key) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      family.add(1, concat(key, "owner_kind", "<none>", "owner_name", "<none>", "owner_is_controller", "<none>"));
      return;
    }
    for (OwnerReference r : refs) {
      family.add(1, concat(key, "owner_kind", r.getKind(), "owner_name", r.getName(), "owner_is_controller",
          Boolean.toString(Boolean.TRUE.equals(r.getController()))));
    }
  }

  /** KSM's condition triple: one series per status true/false/unknown, 1 on the current one. */
  private static void conditionStatus(Families.Family family, String status, String label, String... key) {
    String s = status == null ? "unknown" : status.toLowerCase(Locale.ROOT);
    for (String v : List.of("true", "false", "unknown")) {
      family.add(v.equals(s) ? 1 : 0, concat(key, label, v));
    }
  }

  private static void time(Families.Family family, String rfc3339, String... key) {
    if (rfc3339 != null && !rfc3339.isEmpty()) {
      family.add(Instant.parse(rfc3339).getEpochSecond(), key);
    }
  }

  private static OwnerReference controller(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null) {
      return null;
    }
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
        .orElse(refs.isEmpty() ? null : refs.get(0));
  }

  /** Labels as KSM writes them: {@code label_<sanitized key>}, sorted by key. */
  private static List<String> labelPairs(Map<String, String> labels) {
    List<String> out = new ArrayList<>();
    if (labels != null) {
      labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        out.add("label_" + sanitize(e.getKey()));
        out.add(e.getValue());
      });
    }
    return out;
  }

  /** Prometheus label name from a Kubernetes key or resource name: anything but [a-zA-Z0-9_] becomes '_'. */
  static String sanitize(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static String[] concat(String[] key, String... more) {
    String[] out = new String[key.length + more.length];
    System.arraycopy(key, 0, out, 0, key.length);
    System.arraycopy(more, 0, out, key.length, more.length);
    return out;
  }

  private static double num(Integer i) {
    return i == null ? 0 : i;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
