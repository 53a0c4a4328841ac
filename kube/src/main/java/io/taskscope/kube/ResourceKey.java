package io.taskscope.kube;

/** A served Kubernetes resource: the unit TaskScope watches and reports health for. */
public record ResourceKey(String group, String version, String kind, String plural, boolean namespaced) {
  /** Label value used in health series, e.g. {@code sedna.io/v1alpha1/Model} or {@code v1/Pod}. */
  public String id() {
    return (group.isEmpty() ? "" : group + "/") + version + "/" + kind;
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
