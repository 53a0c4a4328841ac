package io.taskscope.e2e.grafana;

import io.taskscope.e2e.DemoStack;
import java.nio.file.Path;
import java.util.List;

/** Where the Grafana files of the bundle and the broken examples that must fail the same checks are. */
final class GrafanaFiles {
  /** The dashboard files the contract of issue 6 names (each {@code <name>.json}, uid {@code taskscope-<name>}). */
  static final List<String> DASHBOARDS = List.of("sedna-overview", "sedna-joint-inference",
      "sedna-incremental-learning", "sedna-federated-learning", "sedna-lifelong-learning", "logs",
      "resources-workload", "resources-node", "resources-glaciation-node", "pipelines");
  /** Where the provider of dashboards.yaml reads them; the bundle mounts the dashboard ConfigMap there. */
  static final String MOUNT_PATH = "/var/lib/grafana/dashboards";

  private GrafanaFiles() {}

  static Path grafana() {
    return DemoStack.repoRoot().resolve("deploy").resolve("grafana");
  }

  static Path dashboards() {
    return grafana().resolve("dashboards");
  }

  static Path datasources() {
    return grafana().resolve("provisioning").resolve("datasources").resolve("datasources.yaml");
  }

  static Path dashboardProviders() {
    return grafana().resolve("provisioning").resolve("dashboards").resolve("dashboards.yaml");
  }

  static Path broken(String name) {
    return DemoStack.repoRoot().resolve("e2e").resolve("src").resolve("test").resolve("resources")
        .resolve("deploy-broken").resolve("grafana").resolve(name);
  }
}
