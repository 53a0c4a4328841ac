package io.taskscope.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.ui.KubeClusterView;
import io.taskscope.ui.OpsUi;
import java.time.Instant;

/** Mounts the ops UI ({@code /ui/}) on a server watching a cluster; its caches close with the server. */
final class OpsUiWiring {
  private OpsUiWiring() {}

  static OpsUi start(KubernetesClient client, TaskScopeServer server) {
    KubeClusterView view = KubeClusterView.start(client);
    server.closeWith(view);
    OpsUi ui = new OpsUi(view, Instant::now);
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
