package io.taskscope.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.ui.KubeClusterView;
import io.taskscope.ui.OpsUi;
import io.taskscope.ui.UiSettings;
import java.time.Instant;

/** Mounts the ops UI ({@code /ui/}) on a server watching a cluster; its caches close with the server. */
final class OpsUiWiring {
  private OpsUiWiring() {}

  static OpsUi start(KubernetesClient client, TaskScopeServer server, UiSettings settings) {
    KubeClusterView view = KubeClusterView.start(client);
    server.closeWith(view);
    OpsUi ui = new OpsUi(view, Instant::now, settings, server::collectSamples);
    server.closeWith(ui);
    ui.mount(server.http().routes());
    return ui;
  }
}
