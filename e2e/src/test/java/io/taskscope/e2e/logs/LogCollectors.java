package io.taskscope.e2e.logs;

import io.taskscope.e2e.DemoStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The shipped log collector configs and the labels a query may rely on: those every one of them produces. */
final class LogCollectors {
  /** The Loki labels of the issue 6 contract, which every collector config must produce. */
  static final List<String> CONTRACT_LABELS = List.of("namespace", "pod", "container", "node", "app", "job",
      "task_kind", "task_name", "worker_type");

  private LogCollectors() {}

  static Path deploy() {
    return DemoStack.repoRoot().resolve("deploy");
  }

  static Path promtailDaemonSet() {
    return deploy().resolve("promtail").resolve("promtail.yaml");
  }

  static Path promtailSidecar() {
    return deploy().resolve("promtail").resolve("promtail-sidecar.yaml");
  }

  static Path fluentd() {
    return deploy().resolve("fluentd").resolve("fluent.conf");
  }

  /** Labels produced by the promtail DaemonSet, the promtail sidecar and fluentd alike. */
  static Set<String> commonLabels() throws IOException {
    Set<String> labels = new TreeSet<>(PromtailConfig.load(promtailDaemonSet()).producedLabels());
    labels.retainAll(PromtailConfig.load(promtailSidecar()).producedLabels());
    labels.retainAll(FluentdConfig.load(fluentd()).producedLabels());
    return labels;
  }
}
