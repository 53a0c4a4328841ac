package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster as the current request may see it: everything, or only the namespaces of the tenant whose token it
 * carries. Pages hold this view; {@link OpsUi} sets the scope for the duration of each request, so no page can forget
 * to filter.
 */
final class ScopedClusterView implements ClusterView {
  /** Null: every namespace. */
  private static final ThreadLocal<Set<String>> SCOPE = new ThreadLocal<>();
  private final ClusterView all;

  ScopedClusterView(ClusterView all) {
    this.all = all;
  }

  static void enter(Set<String> namespaces) {
    SCOPE.set(namespaces);
  }

  static void leave() {
    SCOPE.remove();
  }

  private static boolean visible(String namespace) {
    Set<String> s = SCOPE.get();
    return s == null || (namespace != null && s.contains(namespace));
  }

  @Override
  public List<String> kinds() {
    return all.kinds();
  }

  @Override
  public List<GenericKubernetesResource> list(String kind) {
    List<GenericKubernetesResource> l = all.list(kind);
    return SCOPE.get() == null ? l : l.stream().filter(o -> visible(o.getMetadata().getNamespace())).toList();
  }

  @Override
  public Optional<GenericKubernetesResource> get(String kind, String namespace, String name) {
    return visible(namespace) ? all.get(kind, namespace, name) : Optional.empty();
  }

  @Override
  public List<Pod> pods() {
    List<Pod> l = all.pods();
    return SCOPE.get() == null ? l : l.stream().filter(p -> visible(p.getMetadata().getNamespace())).toList();
  }

  @Override
  public List<String> podLog(String namespace, String pod, String container, int tailLines) throws IOException {
    if (!visible(namespace)) {
      throw new IOException("pod " + namespace + "/" + pod + " not found");
    }
    return all.podLog(namespace, pod, container, tailLines);
  }

  @Override
  public boolean synced() {
    return all.synced();
  }
}
