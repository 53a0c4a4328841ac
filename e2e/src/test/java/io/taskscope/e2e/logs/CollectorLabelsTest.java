package io.taskscope.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each shipped collector config, read as its program reads it, labels streams with exactly the contract's labels and
 * sets every field it labels with; broken configs fail the same reading.
 */
class CollectorLabelsTest {
  private static final List<String> CONTRACT = LogCollectors.CONTRACT_LABELS;

  static Path broken(String name) throws Exception {
    return Path.of(CollectorLabelsTest.class.getResource("/deploy-broken/logs/" + name).toURI());
  }

  @Test
  void promtailDaemonSetProducesTheContractLabels() throws Exception {
    assertThat(PromtailConfig.load(LogCollectors.promtailDaemonSet()).producedLabels())
        .containsExactlyInAnyOrderElementsOf(CONTRACT);
  }

  /** What -config.expand-env (envsubst) would change in a config: any dollar reference, any backslash. */
  static boolean changedByEnvExpansion(String config) {
    return config.contains("$") || config.contains("\\");
  }

  @Test
  void promtailDaemonSetSurvivesEnvExpansion() throws Exception {
    // the bundle may start promtail with -config.expand-env=true, which replaces "$1" by an (empty) variable
    assertThat(changedByEnvExpansion(Files.readString(LogCollectors.promtailDaemonSet()))).isFalse();
    assertThat(changedByEnvExpansion("replacement: /var/log/pods/*$1/*.log")).isTrue();
    assertThat(changedByEnvExpansion("regex: '\\d+'")).isTrue();
  }

  @Test
  void promtailSidecarProducesTheContractLabels() throws Exception {
    PromtailConfig sidecar = PromtailConfig.load(LogCollectors.promtailSidecar());
    assertThat(sidecar.producedLabels()).containsExactlyInAnyOrderElementsOf(CONTRACT);
    // it tails the shared volume, not the node's /var/log/pods
    assertThat(sidecar.scrapeConfigs().get(0).toString()).contains("__path__=/var/log/sedna/*.log")
        .doesNotContain("kubernetes_sd_configs");
  }

  @Test
  void fluentdProducesTheContractLabelsFromFieldsItSets() throws Exception {
    FluentdConfig fluentd = FluentdConfig.load(LogCollectors.fluentd());
    assertThat(fluentd.producedLabels()).containsExactlyInAnyOrderElementsOf(CONTRACT);
    assertThat(fluentd.unsetLabelFields()).isEmpty();
    // kubernetes_metadata must keep the label keys as Kubernetes writes them: the Ruby expressions look up
    // "<kind>.sedna.io/name"
    assertThat(fluentd.root().all("filter")).anySatisfy(f -> assertThat(f.params())
        .containsEntry("@type", "kubernetes_metadata").containsEntry("de_dot", "false"));
  }

  @Test
  void brokenFluentdConfigsAreRejected() throws Exception {
    FluentdConfig neverSet = FluentdConfig.load(broken("fluent-label-field-never-set.conf"));
    assertThat(neverSet.unsetLabelFields()).hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("label task_name reads field 'task_name' that no filter sets"))
        .anySatisfy(p -> assertThat(p).contains("label worker_type reads field 'worker_type'"));
    assertThat(neverSet.producedLabels()).doesNotContain("container", "node", "app", "job", "task_kind");
    assertThatThrownBy(() -> FluentdConfig.load(broken("fluent-extract-kubernetes-labels.conf")).producedLabels())
        .hasMessageContaining("extract_kubernetes_labels");
  }

  @Test
  void brokenPromtailConfigProducesFewerLabels() throws Exception {
    assertThat(PromtailConfig.load(broken("promtail-unsanitized-label-keys.yaml")).producedLabels())
        .contains("filename").doesNotContain("node", "container", "app", "job");
  }
}
