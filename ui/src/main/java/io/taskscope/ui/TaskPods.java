package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.kube.sedna.TaskRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The pods of a task: Sedna's workers by their task labels, a workload's pods by owner or selector. */
final class TaskPods {
  private TaskPods() {}

  static List<Pod> of(String kind, GenericKubernetesResource o, List<Pod> pods) {
    String ns = o.getMetadata().getNamespace();
    String name = o.getMetadata().getName();
    Map<String, String> selector = matchLabels(o);
    List<Pod> out = new ArrayList<>();
    for (Pod p : pods) {
      if (!Objects.equals(ns, p.getMetadata().getNamespace())) {
        continue;
      }
      boolean mine = TaskScopeKinds.isWorkload(kind) ? ownedBy(kind, name, p, selector)
          : TaskRef.of(p).filter(t -> !t.isSystemComponent() && t.kind().equals(kind) && t.name().equals(name))
              .isPresent();
      if (mine) {
        out.add(p);
      }
    }
    out.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
    return out;
  }

  /**
   * A workload's pod: its controller is the workload itself (StatefulSet, DaemonSet, Job), a ReplicaSet named
   * {@code <deployment>-<hash>} for Deployments (the ReplicaSets are not cached, so the name is the link), or, for
   * pods without owners, the workload's {@code matchLabels} selector.
   */
  static boolean ownedBy(String kind, String name, Pod p, Map<String, String> selector) {
    List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
    if (owners != null && !owners.isEmpty()) {
      for (OwnerReference r : owners) {
        if (kind.equals("Deployment") && "ReplicaSet".equals(r.getKind()) && r.getName() != null
            && r.getName().startsWith(name + "-") && r.getName().indexOf('-', name.length() + 1) < 0) {
          return true;
        }
        if (kind.equals(r.getKind()) && name.equals(r.getName())) {
          return true;
        }
      }
      return false;
    }
    Map<String, String> labels = p.getMetadata().getLabels();
    if (kind.equals("Job") && labels != null && name.equals(labels.get("job-name"))) {
      return true;
    }
    return !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  static Map<String, String> matchLabels(GenericKubernetesResource o) {
    Map<String, Object> sel = Tasks.map(Tasks.map(o.getAdditionalProperties().get("spec")).get("selector"));
    Map<String, Object> ml = Tasks.map(sel.get("matchLabels"));
    Map<String, String> out = new java.util.HashMap<>();
    ml.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  static int restarts(Pod p) {
    int n = 0;
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
        n += c.getRestartCount() == null ? 0 : c.getRestartCount();
      }
    }
    return n;
  }
}
