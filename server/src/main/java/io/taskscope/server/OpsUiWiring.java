package io.taskscope.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.ui.KubeClusterView;
import io.taskscope.ui.OpsUi;
import io.taskscope.ui.UiSettings;
import java.time.Instant;

/** Mounts the ops UI ({@code /ui/}) on a server watching a cluster; its caches close with the server. */
final class OpsUiWiring {
  private OpsUiWiring() {}

  /**
   * As below, with the knowledge-graph pages when the embedded Metadata Service runs ({@code metadata} not null, graphs
   * of cluster {@code cluster}) and forecast charts when the prediction service runs ({@code forecasts} not null).
   */
  static OpsUi start(KubernetesClient client, TaskScopeServer server, UiSettings settings,
      io.taskscope.kg.MetadataService metadata, String cluster, io.taskscope.prediction.Forecasts forecasts) {
    OpsUi ui = start(client, server, settings);
    if ((metadata != null || forecasts != null) && cluster != null) {
      io.taskscope.kg.KgRenderer ids = new io.taskscope.kg.KgRenderer(io.taskscope.kg.RenderOptions.defaults(cluster));
      ui.graphs(new io.taskscope.ui.GraphSource() {
        @Override
        public java.util.Optional<org.apache.jena.graph.Graph> subgraph(String kind, String ns, String name) {
          try {
            return metadata == null ? java.util.Optional.empty() : metadata.get(id(kind, ns, name));
          } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // a name that cannot be a subgraph id has no graph
          }
        }

        @Override
        public String targetPrefix(String kind, String ns, String name) {
          try {
            return id(kind, ns, name).value() + "/";
          } catch (IllegalArgumentException e) {
            return null;
          }
        }

        private io.taskscope.kg.SubgraphId id(String kind, String ns, String name) {
          return kind.equals("Node") ? ids.nodeId(name) : ids.workloadId(kind, ns, name);
        }
      }, forecasts);
    }
    return ui;
  }

  static OpsUi start(KubernetesClient client, TaskScopeServer server, UiSettings settings) {
    KubeClusterView view = KubeClusterView.start(client);
    server.closeWith(view);
    OpsUi ui = new OpsUi(view, Instant::now, settings, server::collectSamples);
    server.closeWith(ui);
    if (server.push() != null && server.push().tenancy().enabled()) {
      // a push tenant's token shows only its namespaces; admins and graph readers see everything
      io.taskscope.push.Tenancy tenancy = server.push().tenancy();
      ui.scope(p -> {
        if (!p.authenticated() || !p.has(io.taskscope.core.http.Role.TENANT) || p.has(io.taskscope.core.http.Role.ADMIN)
            || p.has(io.taskscope.core.http.Role.GRAPH_READER)) {
          return null;
        }
        try {
          return tenancy.tenantOf(p).namespaces();
        } catch (io.taskscope.push.PushException e) {
          return java.util.Set.of();
        }
      });
    }
    ui.mount(server.http().routes());
    return ui;
  }
}
