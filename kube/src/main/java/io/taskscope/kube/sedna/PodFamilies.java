package io.taskscope.kube.sedna;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pod and container series for Sedna-related pods (GM, LC, KB and task workers), each joined to its task through
 * {@link TaskRef}: the seed metrics PodStatus and ContainerStatus. Pods without a {@link TaskRef} render to an
 * object with every family empty. The family list is fixed (see {@link #headers()}); {@code docs/metrics.md} lists
 * the series.
 *
 * <p>Label order of every series: {@code namespace, kind, name, worker, location, node, pod} (+ {@code container}
 * and the family's own labels). {@code kind}/{@code name}/{@code worker} are the task (see {@link TaskRef});
 * {@code location} is {@code edge}/{@code cloud} from the optional node-location resolver given to the constructor
 * (e.g. from the node label {@code node-role.kubernetes.io/edge}), else from the worker type, else "".
 */
public final class PodFamilies {
  public static final String POD_INFO = "sedna_pod_info";
  public static final String POD_PHASE = "sedna_pod_status_phase";
  public static final String POD_READY = "sedna_pod_status_ready";
  public static final String POD_SCHEDULED = "sedna_pod_status_scheduled";
  public static final String POD_START = "sedna_pod_start_time_seconds";
  public static final String CONTAINER_INFO = "sedna_container_info";
  public static final String CONTAINER_STATE = "sedna_container_state";
  public static final String CONTAINER_STATE_REASON = "sedna_container_state_reason_info";
  public static final String CONTAINER_LAST_TERMINATED = "sedna_container_last_terminated_reason_info";
  public static final String CONTAINER_READY = "sedna_container_ready";
  public static final String CONTAINER_RESTARTS = "sedna_container_restarts_total";

  public static final List<String> PHASES = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
  public static final List<String> CONTAINER_STATES = List.of("waiting", "running", "terminated");

  private static final List<FamilyHeader> HEADERS = List.of(
      new FamilyHeader(POD_INFO,
          "Sedna-related pod joined to its task: node, host_ip, pod_ip, uid (value 1).", MetricType.INFO),
      new FamilyHeader(POD_PHASE,
          "Pod phase (status.phase) as a StateSet: one series per phase, 1 for the current one.",
          MetricType.STATESET),
      new FamilyHeader(POD_READY, "1 when the pod condition Ready is True, else 0.", MetricType.GAUGE),
      new FamilyHeader(POD_SCHEDULED,
          "1 when the pod is bound to a node (PodScheduled True or spec.nodeName set), else 0.", MetricType.GAUGE),
      new FamilyHeader(POD_START, "Pod status.startTime, Unix seconds.", MetricType.GAUGE),
      new FamilyHeader(CONTAINER_INFO, "Container of a Sedna-related pod with its image (value 1).", MetricType.INFO),
      new FamilyHeader(CONTAINER_STATE,
          "Container state (waiting/running/terminated) as a StateSet: 1 for the current one.", MetricType.STATESET),
      new FamilyHeader(CONTAINER_STATE_REASON,
          "Reason of the current waiting/terminated state (e.g. CrashLoopBackOff, Completed) (value 1).",
          MetricType.INFO),
      new FamilyHeader(CONTAINER_LAST_TERMINATED,
          "Reason and exit code of the container's last termination (lastState.terminated) (value 1).",
          MetricType.INFO),
      new FamilyHeader(CONTAINER_READY, "1 when the container is ready, else 0.", MetricType.GAUGE),
      new FamilyHeader(CONTAINER_RESTARTS, "Container restarts (containerStatuses[].restartCount).",
          MetricType.COUNTER));

  private final Function<String, String> nodeLocation;

  public PodFamilies() {
    this(node -> null);
  }

  /** @param nodeLocation node name → {@code edge}/{@code cloud}, or null when unknown */
  public PodFamilies(Function<String, String> nodeLocation) {
    this.nodeLocation = nodeLocation == null ? node -> null : nodeLocation;
  }

  public List<FamilyHeader> headers() {
    return HEADERS;
  }

  public RenderedObject render(Pod pod) {
    List<List<Sample>> out = new ArrayList<>(HEADERS.size());
    for (int i = 0; i < HEADERS.size(); i++) {
      out.add(new ArrayList<>(2));
    }
    Optional<TaskRef> ref = pod == null ? Optional.empty() : TaskRef.of(pod);
    if (ref.isEmpty()) {
      return RenderedObject.of(out);
    }
    TaskRef task = ref.get();
    PodSpec spec = pod.getSpec();
    PodStatus status = pod.getStatus();
    String node = spec == null || spec.getNodeName() == null ? "" : spec.getNodeName();
    String location = location(task, node);
    String podName = pod.getMetadata().getName();
    String[] base = {"namespace", task.namespace(), "kind", task.kind(), "name", task.name(), "worker",
        task.workerType(), "location", location, "node", node, "pod", podName};

    out.get(0).add(sample(POD_INFO, 1, base, "host_ip", str(status == null ? null : status.getHostIP()),
        "pod_ip", str(status == null ? null : status.getPodIP()), "uid", str(pod.getMetadata().getUid())));

    String phase = status == null || status.getPhase() == null ? "" : status.getPhase();
    if (!phase.isEmpty()) {
      for (String p : PHASES) {
        out.get(1).add(sample(POD_PHASE, p.equals(phase) ? 1 : 0, base, "phase", p));
      }
    }
    out.get(2).add(sample(POD_READY, conditionTrue(status, "Ready") ? 1 : 0, base));
    out.get(3).add(sample(POD_SCHEDULED, conditionTrue(status, "PodScheduled") || !node.isEmpty() ? 1 : 0, base));
    Double start = Times.seconds(status == null ? null : status.getStartTime());
    if (start != null) {
      out.get(4).add(sample(POD_START, start, base));
    }

    if (spec != null && spec.getContainers() != null) {
      for (Container c : spec.getContainers()) {
        out.get(5).add(sample(CONTAINER_INFO, 1, base, "container", str(c.getName()), "image", str(c.getImage())));
      }
    }
    if (status != null && status.getContainerStatuses() != null) {
      for (ContainerStatus cs : status.getContainerStatuses()) {
        String container = str(cs.getName());
        ContainerState st = cs.getState();
        String current = null;
        String reason = null;
        if (st != null && st.getWaiting() != null) {
          current = "waiting";
          reason = st.getWaiting().getReason();
        } else if (st != null && st.getTerminated() != null) {
          current = "terminated";
          reason = st.getTerminated().getReason();
        } else if (st != null && st.getRunning() != null) {
          current = "running";
        }
        if (current != null) {
          for (String s : CONTAINER_STATES) {
            out.get(6).add(sample(CONTAINER_STATE, s.equals(current) ? 1 : 0, base, "container", container,
                "state", s));
          }
          if (reason != null && !reason.isEmpty()) {
            out.get(7).add(sample(CONTAINER_STATE_REASON, 1, base, "container", container, "state", current,
                "reason", reason));
          }
        }
        ContainerState last = cs.getLastState();
        if (last != null && last.getTerminated() != null) {
          Integer exit = last.getTerminated().getExitCode();
          out.get(8).add(sample(CONTAINER_LAST_TERMINATED, 1, base, "container", container, "reason",
              str(last.getTerminated().getReason()), "exit_code", exit == null ? "" : exit.toString()));
        }
        out.get(9).add(sample(CONTAINER_READY, Boolean.TRUE.equals(cs.getReady()) ? 1 : 0, base,
            "container", container));
        Integer restarts = cs.getRestartCount();
        out.get(10).add(sample(CONTAINER_RESTARTS, restarts == null ? 0 : restarts, base, "container", container));
      }
    }
    return RenderedObject.of(out);
  }

  private String location(TaskRef task, String node) {
    if (!node.isEmpty()) {
      String l = nodeLocation.apply(node);
      if (l != null && !l.isEmpty()) {
        return l;
      }
    }
    return task.location();
  }

  private static boolean conditionTrue(PodStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return false;
    }
    for (PodCondition c : status.getConditions()) {
      if (type.equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  static String str(String s) {
    return s == null ? "" : s;
  }

  static Sample sample(String name, double value, String[] base, String... extra) {
    String[] pairs = new String[base.length + extra.length];
    System.arraycopy(base, 0, pairs, 0, base.length);
    System.arraycopy(extra, 0, pairs, base.length, extra.length);
    return Sample.of(name, value, pairs);
  }
}
