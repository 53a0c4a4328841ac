package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ordinary workloads of a GLACIATION-style edge cluster, beside the Sedna ones: a web front end (Deployment), a
 * database (StatefulSet) and a log shipper on every node (DaemonSet). The knowledge-graph exporter describes them.
 */
final class GeneralWorkloads {
  static final String NAMESPACE = "glaciation";

  private GeneralWorkloads() {}

  static List<HasMetadata> create(Instant now) {
    String created = now.minusSeconds(3600).toString();
    Map<String, String> front = Map.of("app", "web-frontend");
    Map<String, String> db = Map.of("app", "metrics-db");
    Map<String, String> logs = Map.of("app", "fluentd");
    return List.of(
        new DeploymentBuilder().withNewMetadata().withName("web-frontend").withNamespace(NAMESPACE)
            .withUid(uid("web-frontend")).withCreationTimestamp(created).withLabels(front).endMetadata()
            .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(front).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(front).endMetadata().withNewSpec()
            .addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
            .endSpec()
            .withNewStatus().withReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).endStatus().build(),
        new StatefulSetBuilder().withNewMetadata().withName("metrics-db").withNamespace(NAMESPACE)
            .withUid(uid("metrics-db")).withCreationTimestamp(created).withLabels(db).endMetadata()
            .withNewSpec().withReplicas(1).withServiceName("metrics-db").withNewSelector().withMatchLabels(db)
            .endSelector().withNewTemplate().withNewMetadata().withLabels(db).endMetadata().withNewSpec()
            .addNewContainer().withName("db").withImage("postgres:16").endContainer().endSpec().endTemplate()
            .endSpec()
            .withNewStatus().withReplicas(1).withReadyReplicas(1).withCurrentReplicas(1).endStatus().build(),
        new DaemonSetBuilder().withNewMetadata().withName("fluentd").withNamespace(NAMESPACE)
            .withUid(uid("fluentd")).withCreationTimestamp(created).withLabels(logs).endMetadata()
            .withNewSpec().withNewSelector().withMatchLabels(logs).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(logs).endMetadata().withNewSpec()
            .addNewContainer().withName("fluentd").withImage("fluent/fluentd:v1.17").endContainer().endSpec()
            .endTemplate().endSpec()
            .withNewStatus().withDesiredNumberScheduled(3).withCurrentNumberScheduled(3).withNumberReady(3)
            .endStatus().build());
  }

  private static String uid(String name) {
    return UUID.nameUUIDFromBytes(("general/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }
}
