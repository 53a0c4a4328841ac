package io.taskscope.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.kg.DeliveryTarget;
import io.taskscope.kg.DeliveryTargets;
import io.taskscope.kg.KgExporter;
import io.taskscope.kg.KgExporterOptions;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.RenderOptions;
import java.net.URI;
import java.nio.file.Path;

/** Wires the {@code kg:} block of {@code serve}: the embedded Metadata Service and the KG exporter. */
final class KnowledgeGraph {
  private KnowledgeGraph() {}

  /** Starts what {@code kg} asks for on {@code server}; both are closed with it. Returns the Metadata Service or null. */
  static MetadataService start(ServeConfig.Kg kg, KubernetesClient client, TaskScopeServer server, Path dataDir) {
    String target = kg.target();
    MetadataService metadata = null;
    if (kg.runsMetadataService()) {
      metadata = MetadataService.open(dataDir.resolve("kg"), kg.metadataServiceOptions());
      server.closeWith(metadata);
      metadata.mount(server.http().routes(), kg.getUpdateAllowed());
    }
    RenderOptions d = RenderOptions.defaults(kg.clusterName());
    RenderOptions render = new RenderOptions(d.cluster(), d.clusterBase(), d.gnodeId(), d.gnodeUrl(),
        or(kg.prometheusUrl(), d.prometheusUrl()), or(kg.lokiUrl(), d.lokiUrl()), or(kg.grafanaUrl(), d.grafanaUrl()),
        d.namespacedWorkloadIris());
    KgExporter exporter = KgExporter.start(client,
        KgExporterOptions.defaults(kg.clusterName(), dataDir.resolve("kg-outbox")).withRender(render),
        delivery(target, metadata, kg, render.clusterBase()), server.registry());
    server.closeWith(() -> {
      // Stopping informers that are still listing can leave their requests open (the demo's mock API server then
      // cannot shut down): a close right after start waits, bounded, for the first reconcile.
      try {
        exporter.awaitReconciled(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exporter.close();
    });
    return metadata;
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static DeliveryTarget delivery(String target, MetadataService metadata, ServeConfig.Kg kg,
      String clusterBase) {
    if (target.equals("embedded")) {
      return DeliveryTargets.embedded(metadata);
    }
    int colon = target.indexOf(':');
    URI url = URI.create(target.substring(colon + 1));
    return switch (target.substring(0, colon)) {
      case "subgraph" -> DeliveryTargets.subgraphHttp(url, kg.timeoutDuration());
      case "glaciation" -> DeliveryTargets.glaciation(url, clusterBase, kg.timeoutDuration());
      default -> DeliveryTargets.graphStore(url, kg.timeoutDuration());
    };
  }
}
