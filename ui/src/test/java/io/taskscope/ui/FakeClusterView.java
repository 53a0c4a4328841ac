package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A cluster view for page tests: objects from YAML, pods, logs per container. */
final class FakeClusterView implements ClusterView {
  final Map<String, List<GenericKubernetesResource>> objects = new LinkedHashMap<>();
  final List<Pod> pods = new ArrayList<>();
  final Map<String, List<String>> logs = new LinkedHashMap<>();
  boolean synced = true;

  FakeClusterView() {
    for (String k : List.of("JointInferenceService", "IncrementalLearningJob", "FederatedLearningJob",
        "LifelongLearningJob", "Model", "Dataset", "Deployment", "StatefulSet", "DaemonSet", "Job")) {
      objects.put(k, new ArrayList<>());
    }
  }

  FakeClusterView add(String yaml) {
    GenericKubernetesResource o = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    objects.computeIfAbsent(o.getKind(), k -> new ArrayList<>()).add(o);
    return this;
  }

  FakeClusterView pod(String yaml) {
    pods.add(Serialization.unmarshal(yaml, Pod.class));
    return this;
  }

  @Override
  public List<String> kinds() {
    return List.copyOf(objects.keySet());
  }

  @Override
  public List<GenericKubernetesResource> list(String kind) {
    return List.copyOf(objects.getOrDefault(kind, List.of()));
  }

  @Override
  public Optional<GenericKubernetesResource> get(String kind, String namespace, String name) {
    return list(kind).stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())
        && name.equals(o.getMetadata().getName())).findFirst();
  }

  @Override
  public List<Pod> pods() {
    return List.copyOf(pods);
  }

  @Override
  public List<String> podLog(String namespace, String pod, String container, int tailLines) throws IOException {
    List<String> l = logs.get(namespace + "/" + pod + "/" + container);
    if (l == null) {
      throw new IOException("Kubernetes API: 404 pod " + pod + " not found");
    }
    return l.subList(Math.max(0, l.size() - tailLines), l.size());
  }

  @Override
  public boolean synced() {
    return synced;
  }
}
