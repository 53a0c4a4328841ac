package io.taskscope.demo.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/**
 * The objects of the demo cluster the simulated exporters describe, as read from its Kubernetes API at one step
 * (what kube-state-metrics would have in its informers and the kubelets would run).
 */
record ClusterView(List<Pod> pods, List<Node> nodes, List<Deployment> deployments, List<ReplicaSet> replicaSets,
    List<StatefulSet> statefulSets, List<DaemonSet> daemonSets, List<Job> jobs) {

  static ClusterView read(KubernetesClient client) {
    return new ClusterView(
        sorted(client.pods().inAnyNamespace().list().getItems()),
        client.nodes().list().getItems().stream()
            .sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList(),
        sorted(client.apps().deployments().inAnyNamespace().list().getItems()),
        sorted(client.apps().replicaSets().inAnyNamespace().list().getItems()),
        sorted(client.apps().statefulSets().inAnyNamespace().list().getItems()),
        sorted(client.apps().daemonSets().inAnyNamespace().list().getItems()),
        sorted(client.batch().v1().jobs().inAnyNamespace().list().getItems()));
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> sorted(List<T> items) {
    return items.stream().sorted(Comparator.comparing((T o) -> o.getMetadata().getNamespace())
        .thenComparing(o -> o.getMetadata().getName())).toList();
  }

  /** Pods the kubelet runs containers for: phase Running. */
  List<Pod> runningPods() {
    return pods.stream().filter(ClusterView::running).toList();
  }

  static boolean running(Pod p) {
    return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getSpec().getNodeName() != null;
  }
}
