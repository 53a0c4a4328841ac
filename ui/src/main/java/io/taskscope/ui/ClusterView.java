package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the UI reads from the cluster: the objects of the kinds it shows (Sedna CRs and workloads), pods, and a pod's
 * log. Reads of objects come from caches (a page must not wait on the API server); the log is read on demand.
 */
public interface ClusterView {
  /** The kinds shown, Sedna's first: {@code JointInferenceService}, ..., {@code Deployment}, {@code Job}. */
  List<String> kinds();

  /** The cached objects of {@code kind} (empty for an unknown kind). */
  List<GenericKubernetesResource> list(String kind);

  Optional<GenericKubernetesResource> get(String kind, String namespace, String name);

  /** Every cached pod. */
  List<Pod> pods();

  /**
   * The last {@code tailLines} lines of a container's log, oldest first, with their timestamps (RFC 3339 before the
   * first space, as the API's {@code timestamps=true} writes them).
   */
  List<String> podLog(String namespace, String pod, String container, int tailLines) throws IOException;

  /** Whether every cache has its first list; pages say so while it has not. */
  boolean synced();
}
