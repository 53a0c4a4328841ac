package io.taskscope.ui;

import java.util.Set;

/** Kinds the UI treats as Kubernetes workloads rather than Sedna CRs. */
final class TaskScopeKinds {
  static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

  private TaskScopeKinds() {}

  static boolean isWorkload(String kind) {
    return WORKLOADS.contains(kind);
  }
}
