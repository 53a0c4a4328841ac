package io.taskscope.kg;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Stand-ins for objects that are gone when the exporter kept nothing of them (deleted before this process saw them,
 * e.g. across a restart): their names only, enough for the ended graph that records them as terminated.
 */
final class GoneObjects {
  private GoneObjects() {}

  static HasMetadata workload(String kind, String ns, String name) {
    HasMetadata o = switch (kind) {
      case "Deployment" -> new Deployment();
      case "StatefulSet" -> new StatefulSet();
      case "DaemonSet" -> new DaemonSet();
      default -> new Job();
    };
    o.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    return o;
  }

  static Pod pod(String ns, String name) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().build();
  }

  static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
  }
}
