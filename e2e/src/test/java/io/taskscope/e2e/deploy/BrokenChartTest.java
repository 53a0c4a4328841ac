package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmChartTest's checks bite: a copy of the chart with one thing broken fails the check that is meant to catch it,
 * while the unbroken copy passes them all.
 */
class BrokenChartTest {
  @TempDir
  Path tmp;

  private Path copy() throws IOException {
    Path to = tmp.resolve("taskscope");
    try (Stream<Path> s = Files.walk(Helm.CHART)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(Helm.CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  private static void edit(Path file, String from, String to) throws IOException {
    String s = Files.readString(file);
    assertThat(s).as(file.toString()).contains(from);
    Files.writeString(file, s.replace(from, to));
  }

  private static Bundle render(Path chart, String profile) throws Exception {
    return Helm.render("helm", chart, "taskscope", "taskscope", profile);
  }

  private static java.util.List<String> differences(Path chart, String profile) throws Exception {
    return ChartComparison.differences(HelmChartTest.chartCounterparts(render(chart, profile)),
        ChartComparison.ownOfBundle(DeployTree.render(profile.equals("base") ? DeployTree.DEPLOY
            : DeployTree.overlay(profile))));
  }

  @Test
  void theUnbrokenCopyPassesEveryCheck() throws Exception {
    Path chart = copy();
    assertThat(Helm.lint("helm", chart, "pipelines").ok()).isTrue();
    assertThat(BundleChecks.all(render(chart, "pipelines"))).isEmpty();
    assertThat(differences(chart, "pipelines")).isEmpty();
    assertThat(HelmChartTest.copyDifferences(chart)).isEmpty();
  }

  @Test
  void aTemplateErrorFailsLintAndTemplate() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/service.yaml"), "port: {{ .Values.service.port }}",
        "port: {{ .Values.service.port | nosuchfunction }}");
    for (String helm : Helm.BINARIES) {
      K8sTools.Result lint = Helm.lint(helm, chart, "base");
      assertThat(lint.ok()).isFalse();
      assertThat(lint.stdout() + lint.stderr()).contains("nosuchfunction");
      assertThat(Helm.template(helm, chart, "taskscope", "taskscope", "base").ok()).isFalse();
    }
  }

  @Test
  void aMisspelledFieldPassesHelmButNotTheTypedModel() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/deployment.yaml"), "          readinessProbe:", "          readinesProbe:");
    assertThat(Helm.lint("helm", chart, "base").ok()).as("Helm does not know Kubernetes' fields").isTrue();
    assertThat(BundleChecks.unknownFields(render(chart, "base")))
        .anySatisfy(p -> assertThat(p).contains("Deployment/taskscope").contains("unknown field(s) [readinesProbe]"));
  }

  @Test
  void aFieldOfTheWrongTypeFailsTypedParsing() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/deployment.yaml"), "  replicas: 1", "  replicas: one");
    K8sTools.Result r = Helm.template("helm", chart, "taskscope", "taskscope", "base");
    assertThat(r.ok()).as(r.stderr()).isTrue();
    assertThatThrownBy(() -> Bundle.parse(r.stdout())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Deployment/taskscope");
  }

  @Test
  void aWiderClusterRoleDiffersFromTheBundle() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/rbac.yaml"), "    resources: [pods]", "    resources: [pods, secrets]");
    assertThat(differences(chart, "base")).singleElement().asString().startsWith("ClusterRole/taskscope: differs");
  }

  @Test
  void aProfileValuesFileThatDriftsDiffersFromItsOverlay() throws Exception {
    Path chart = copy();
    edit(chart.resolve("values-pipelines.yaml"), "size: 20Gi", "size: 10Gi");
    edit(chart.resolve("values-sedna.yaml"), "operator: DoesNotExist", "operator: Exists");
    assertThat(differences(chart, "pipelines")).singleElement().asString()
        .startsWith("PersistentVolumeClaim/taskscope-data: differs");
    assertThat(differences(chart, "sedna")).singleElement().asString().startsWith("Deployment/taskscope: differs");
  }

  @Test
  void normalisingKeepsRealLabelDifferences() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/_helpers.tpl"), "app.kubernetes.io/part-of: taskscope\n{{ include",
        "app.kubernetes.io/part-of: taskscope-chart\n{{ include");
    assertThat(differences(chart, "base")).isNotEmpty()
        .allSatisfy(d -> assertThat(d).contains("taskscope-chart"));
  }

  @Test
  void aServiceSelectingNoPodIsReported() throws Exception {
    Path chart = copy();
    edit(chart.resolve("templates/service.yaml"), "  selector:\n    {{- include \"taskscope.selectorLabels\" . | nindent 4 }}\n  ports:\n    - name: http",
        "  selector:\n    app: nothing\n  ports:\n    - name: http");
    assertThat(BundleChecks.serviceSelectors(render(chart, "base")))
        .anySatisfy(p -> assertThat(p).contains("Service/taskscope").contains("matches no pod template"));
  }

  @Test
  void aStaleCopyOfARuleOrDashboardFileIsReported() throws Exception {
    Path chart = copy();
    Files.writeString(chart.resolve("files/rules/taskscope-alerts.yml"), "# edited in the chart only\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.delete(chart.resolve("files/dashboards/logs.json"));
    assertThat(HelmChartTest.copyDifferences(chart)).hasSize(2)
        .anySatisfy(d -> assertThat(d).contains("taskscope-alerts.yml differs from deploy/prometheus/rules"))
        .anySatisfy(d -> assertThat(d).contains("files/dashboards holds"));
  }
}
