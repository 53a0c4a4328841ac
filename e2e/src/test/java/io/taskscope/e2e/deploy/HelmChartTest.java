package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart charts/taskscope with real Helm (4 and 3): {@code helm lint --strict} and {@code helm template} for
 * each profile, every object in fabric8's typed model passing the bundle's checks, the objects equal to TaskScope's own
 * objects of the kustomize build of the same profile, the rule and dashboard files the same as deploy/'s, and the
 * values schema refusing values of the wrong type with the key named. BrokenChartTest shows these checks bite.
 */
class HelmChartTest {
  private static final Map<String, Bundle> KUSTOMIZE = new LinkedHashMap<>();

  @BeforeAll
  static void renderKustomize() throws Exception {
    KUSTOMIZE.put("base", DeployTree.render(DeployTree.DEPLOY));
    for (String o : DeployTree.OVERLAYS) {
      KUSTOMIZE.put(o, DeployTree.render(DeployTree.overlay(o)));
    }
  }

  static Stream<Arguments> helmAndProfile() {
    return Helm.BINARIES.stream().flatMap(h -> Helm.PROFILES.stream().map(p -> Arguments.of(h, p)));
  }

  static Stream<String> profiles() {
    return Helm.PROFILES.stream();
  }

  @ParameterizedTest
  @MethodSource("helmAndProfile")
  void lintStrictPasses(String helm, String profile) throws Exception {
    for (String[] extra : List.of(new String[0], Helm.ALL_ON)) {
      K8sTools.Result r = Helm.lint(helm, Helm.CHART, profile, extra);
      assertThat(r.ok()).as("%s lint --strict %s %s:\n%s%s", helm, profile, List.of(extra), r.stdout(), r.stderr())
          .isTrue();
      assertThat(r.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]");
    }
  }

  @ParameterizedTest
  @MethodSource("helmAndProfile")
  void everyObjectIsTypedAndPassesTheBundleChecks(String helm, String profile) throws Exception {
    Bundle b = Helm.render(helm, Helm.CHART, "taskscope", "taskscope", profile, Helm.ALL_ON);
    assertThat(b.items()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(BundleChecks.all(b)).as(helm + " " + profile).isEmpty();
    assertThat(b.all(ServiceMonitor.class)).hasSize(1);
    assertThat(b.all(PrometheusRule.class)).hasSize(DeployTree.files("prometheus/rules", ".yml").size());
    for (Bundle.Item i : b.items()) {
      HasMetadata o = i.typed();
      boolean clusterScoped = o instanceof ClusterRole || o instanceof ClusterRoleBinding;
      assertThat(o.getMetadata().getNamespace()).as(i.id()).isEqualTo(clusterScoped ? null : "taskscope");
    }
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void helm3AndHelm4RenderTheSame(String profile) throws Exception {
    K8sTools.Result four = Helm.template("helm", Helm.CHART, "taskscope", "taskscope", profile, Helm.ALL_ON);
    K8sTools.Result three = Helm.template("helm3", Helm.CHART, "taskscope", "taskscope", profile, Helm.ALL_ON);
    assertThat(four.ok()).as(four.stderr()).isTrue();
    assertThat(three.ok()).as(three.stderr()).isTrue();
    assertThat(ChartComparison.ofChart(Bundle.parse(three.stdout())))
        .isEqualTo(ChartComparison.ofChart(Bundle.parse(four.stdout())));
  }

  /** The chart's objects, minus the ones the bundle has in another form (rules, dashboards: compared below). */
  static Map<String, JsonNode> chartCounterparts(Bundle chart) {
    Map<String, JsonNode> out = new TreeMap<>(ChartComparison.ofChart(chart));
    out.keySet().removeIf(id -> id.startsWith("ConfigMap/taskscope-dashboards-"));
    return out;
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void chartEqualsTheKustomizeBuildOfItsProfile(String profile) throws Exception {
    Bundle chart = Helm.render("helm", Helm.CHART, "taskscope", "taskscope", profile);
    Map<String, JsonNode> bundle = ChartComparison.ownOfBundle(KUSTOMIZE.get(profile));
    assertThat(bundle).containsKeys("Deployment/taskscope", "Service/taskscope", "ClusterRole/taskscope",
        "ClusterRoleBinding/taskscope", "ServiceAccount/taskscope", "PersistentVolumeClaim/taskscope-data",
        "ConfigMap/taskscope-config");
    assertThat(ChartComparison.differences(chartCounterparts(chart), bundle)).as(profile).isEmpty();
    // what the chart has besides: exactly the dashboard ConfigMaps (ServiceMonitor and rules are off by default)
    assertThat(ChartComparison.ofChart(chart).keySet()).containsAll(bundle.keySet())
        .filteredOn(id -> !bundle.containsKey(id)).containsExactlyInAnyOrder(
            "ConfigMap/taskscope-dashboards-operations", "ConfigMap/taskscope-dashboards-resources",
            "ConfigMap/taskscope-dashboards-sedna");
  }

  @Test
  void ruleAndDashboardFilesAreByteIdenticalCopiesOfDeploy() throws Exception {
    assertThat(copyDifferences(Helm.CHART)).isEmpty();
  }

  /**
   * The chart's files/rules and files/dashboards against deploy/prometheus/rules and deploy/grafana/dashboards: deploy/
   * is the source (kustomize may only read files under a kustomization's directory, Helm only files inside the
   * chart); after changing one there: cp deploy/prometheus/rules/*.yml charts/taskscope/files/rules/ and
   * cp deploy/grafana/dashboards/*.json charts/taskscope/files/dashboards/.
   */
  static List<String> copyDifferences(Path chart) throws Exception {
    List<String> out = new ArrayList<>();
    for (var pair : List.of(List.of("prometheus/rules", "files/rules", ".yml"),
        List.of("grafana/dashboards", "files/dashboards", ".json"))) {
      Path source = DeployTree.resolve(pair.get(0));
      Path copy = chart.resolve(pair.get(1));
      List<String> sources = DeployTree.files(pair.get(0), pair.get(2));
      List<String> copies;
      try (Stream<Path> s = Files.list(copy)) {
        copies = s.map(p -> p.getFileName().toString()).sorted().toList();
      }
      if (!copies.equals(sources)) {
        out.add(copy + " holds " + copies + ", deploy/" + pair.get(0) + " holds " + sources);
      }
      for (String f : sources) {
        Path c = copy.resolve(f);
        if (Files.exists(c) && Files.mismatch(source.resolve(f), c) != -1) {
          out.add(chart.getFileName() + "/" + pair.get(1) + "/" + f + " differs from deploy/" + pair.get(0) + "/" + f
              + ": cp deploy/" + pair.get(0) + "/" + f + " " + c);
        }
      }
    }
    return out;
  }

  @Test
  void prometheusRulesHoldTheShippedRuleFiles() throws Exception {
    Bundle b = Helm.render("helm", Helm.CHART, "taskscope", "taskscope", "base", "--set",
        "prometheusRule.enabled=true", "--set", "prometheusRule.labels.release=kps");
    Map<String, JsonNode> rendered = new TreeMap<>();
    for (Bundle.Item i : b.items()) {
      if (i.typed() instanceof PrometheusRule r) {
        assertThat(r.getMetadata().getLabels()).containsEntry("release", "kps");
        assertThat(r.getSpec().getGroups()).isNotEmpty();
        rendered.put(r.getMetadata().getName(), i.tree().path("spec"));
      }
    }
    Map<String, JsonNode> shipped = new TreeMap<>();
    for (String f : DeployTree.files("prometheus/rules", ".yml")) {
      shipped.put("taskscope-" + f.replaceFirst("^taskscope-", "").replaceFirst("\\.yml$", ""),
          Bundle.YAML.readTree(DeployTree.resolve("prometheus/rules/" + f).toFile()));
    }
    assertThat(rendered).isEqualTo(shipped);
  }

  @Test
  void dashboardConfigMapsAreTheBundlesWithTheSidecarLabel() throws Exception {
    Bundle chart = Helm.render("helm", Helm.CHART, "taskscope", "taskscope", "base");
    Bundle bundle = KUSTOMIZE.get("base");
    int dashboards = 0;
    for (String group : List.of("sedna", "resources", "operations")) {
      ConfigMap c = chart.require(ConfigMap.class, "taskscope-dashboards-" + group);
      assertThat(c.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
      assertThat(c.getData()).isEqualTo(bundle.configMap("grafana-dashboards-" + group).orElseThrow().getData());
      dashboards += c.getData().size();
    }
    assertThat(dashboards).isEqualTo(DeployTree.files("grafana/dashboards", ".json").size());
    Bundle off = Helm.render("helm", Helm.CHART, "taskscope", "taskscope", "base", "--set",
        "dashboards.enabled=false");
    assertThat(off.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
        .containsExactly("taskscope-config");
  }

  @Test
  void serviceMonitorScrapesTheServiceWithHonorLabels() throws Exception {
    Bundle b = Helm.render("helm", Helm.CHART, "taskscope", "taskscope", "pipelines", "--set",
        "serviceMonitor.enabled=true", "--set", "serviceMonitor.labels.release=kps");
    ServiceMonitor sm = b.require(ServiceMonitor.class, "taskscope");
    assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kps");
    // it selects the metrics Service only, not the pushgateway Service (same pod: the series would come twice)
    var selector = sm.getSpec().getSelector();
    assertThat(selector.getMatchExpressions()).allSatisfy(e -> assertThat(e.getOperator()).isEqualTo("DoesNotExist"));
    List<Service> selected = b.all(Service.class).stream().filter(s -> s.getMetadata().getLabels().entrySet()
        .containsAll(selector.getMatchLabels().entrySet()) && selector.getMatchExpressions().stream()
        .noneMatch(e -> s.getMetadata().getLabels().containsKey(e.getKey()))).toList();
    assertThat(selected).extracting(s -> s.getMetadata().getName()).containsExactly("taskscope");
    var endpoint = sm.getSpec().getEndpoints().getFirst();
    assertThat(endpoint.getHonorLabels()).isTrue();
    assertThat(endpoint.getPath()).isEqualTo("/metrics");
    // the cluster label the rules and dashboards expect, as the repository's kube-prometheus-stack values give it
    assertThat(endpoint.getRelabelings()).anySatisfy(r -> {
      assertThat(r.getTargetLabel()).isEqualTo("cluster");
      assertThat(r.getReplacement()).isEqualTo("taskscope");
    });
    assertThat(selected.getFirst().getSpec().getPorts()).extracting(p -> p.getName()).contains(endpoint.getPort());
    assertThat(sm.getSpec().getNamespaceSelector().getMatchNames()).containsExactly("taskscope");
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void anotherReleaseNamePrefixesEveryNameAndKeepsTheReferences(String profile) throws Exception {
    Bundle b = Helm.render("helm", Helm.CHART, "obs", "monitoring", profile, Helm.ALL_ON);
    for (Bundle.Item i : b.items()) {
      assertThat(i.typed().getMetadata().getName()).as(i.id())
          .matches(profile.equals("pipelines") && i.id().equals("Service/pushgateway") ? "pushgateway"
              : "obs-taskscope(-.*)?");
      assertThat(i.typed().getMetadata().getLabels()).as(i.id()).containsEntry("app.kubernetes.io/instance", "obs");
    }
    // volumes, ConfigMap keys, Service selectors and ports, RBAC all still line up
    assertThat(BundleChecks.all(b)).isEmpty();
    for (ClusterRoleBinding crb : b.all(ClusterRoleBinding.class)) {
      assertThat(crb.getSubjects()).singleElement().satisfies(s -> {
        assertThat(s.getNamespace()).isEqualTo("monitoring");
        assertThat(s.getName()).isEqualTo("obs-taskscope");
      });
      assertThat(b.named(ClusterRole.class, crb.getRoleRef().getName())).isPresent();
    }
  }

  /** Values of the wrong type (as --set gives them) -> the key the schema names, per Helm's message style. */
  static Stream<Arguments> wrongTypes() {
    List<Arguments> out = new ArrayList<>();
    for (String helm : Helm.BINARIES) {
      out.add(Arguments.of(helm, List.of("--set", "persistence.size=5"), "persistence.size"));
      out.add(Arguments.of(helm, List.of("--set-string", "serviceMonitor.enabled=yes"), "serviceMonitor.enabled"));
      out.add(Arguments.of(helm, List.of("--set", "service.port=http"), "service.port"));
      out.add(Arguments.of(helm, List.of("--set", "image=ghcr.io/x/taskscope:1"), "image"));
      out.add(Arguments.of(helm, List.of("--set", "config.listen.port=true"), "config.listen.port"));
      out.add(Arguments.of(helm, List.of("--set", "tolerations=none"), "tolerations"));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void aValueOfTheWrongTypeIsRefusedWithItsKeyNamed(String helm, List<String> set, String key) throws Exception {
    K8sTools.Result lint = Helm.lint(helm, Helm.CHART, "base", set.toArray(String[]::new));
    K8sTools.Result template = Helm.template(helm, Helm.CHART, "taskscope", "taskscope", "base",
        set.toArray(String[]::new));
    assertThat(lint.ok()).as("lint %s", set).isFalse();
    assertThat(template.ok()).as("template %s", set).isFalse();
    assertThat(template.stdout()).isBlank();
    assertThat(lint.stdout() + lint.stderr()).satisfies(m -> assertThat(namesKey(m, key)).as(m).isTrue());
    assertThat(template.stderr()).satisfies(m -> assertThat(namesKey(m, key)).as(m).isTrue());
  }

  @Test
  void anUnknownKeyIsRefused() throws Exception {
    for (String helm : Helm.BINARIES) {
      K8sTools.Result r = Helm.template(helm, Helm.CHART, "taskscope", "taskscope", "base", "--set",
          "persistance.size=5Gi");
      assertThat(r.ok()).isFalse();
      assertThat(r.stderr()).contains("persistance");
    }
  }

  /** Helm 3 names the key as persistence.size, Helm 4 as the JSON pointer '/persistence/size'. */
  static boolean namesKey(String message, String key) {
    return Pattern.compile("(^|[\\s'\"])(" + Pattern.quote(key) + "|" + Pattern.quote("/" + key.replace('.', '/'))
        + ")['\":]").matcher(message).find();
  }

  @Test
  void keyMatcherNeedsTheWholeKey() {
    assertThat(namesKey("- persistence.size: Invalid type. Expected: string", "persistence.size")).isTrue();
    assertThat(namesKey("- at '/persistence/size': got number, want string", "persistence.size")).isTrue();
    assertThat(namesKey("- at '/persistence/size': got number", "size")).isFalse();
    assertThat(namesKey("- at '/persistence': got string", "persistence.size")).isFalse();
  }

  @Test
  void valuesFilesSetOnlyKeysTheSchemaKnows() throws Exception {
    JsonNode schema = Bundle.JSON.readTree(Helm.CHART.resolve("values.schema.json").toFile());
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    Set<String> known = new java.util.TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(known::add);
    for (String f : List.of("values.yaml", "values-sedna.yaml", "values-workloads.yaml", "values-pipelines.yaml")) {
      JsonNode v = Bundle.YAML.readTree(Helm.CHART.resolve(f).toFile());
      v.fieldNames().forEachRemaining(k -> assertThat(known).as(f).contains(k));
    }
  }

  /** Values documented as one row each (Kubernetes objects and the TaskScope config) rather than key by key. */
  private static final Set<String> ONE_ROW = Set.of("config", "resources", "podSecurityContext", "securityContext",
      "readinessProbe", "livenessProbe", "affinity", "podAnnotations", "podLabels", "nodeSelector");

  /** The README's values table: one row per value of values.yaml, each a key the schema knows. */
  static List<String> valuesTableProblems(String readme, JsonNode values, JsonNode schema) {
    Set<String> rows = new java.util.TreeSet<>();
    var m = Pattern.compile("(?m)^\\| `([A-Za-z.]+)` \\|").matcher(readme);
    while (m.find()) {
      rows.add(m.group(1));
    }
    Set<String> expected = new java.util.TreeSet<>();
    values.properties().forEach(e -> {
      if (e.getValue().isObject() && !ONE_ROW.contains(e.getKey()) && !e.getValue().isEmpty()) {
        e.getValue().fieldNames().forEachRemaining(k -> expected.add(e.getKey() + "." + k));
      } else {
        expected.add(e.getKey());
      }
    });
    List<String> out = new ArrayList<>();
    for (String key : expected) {
      if (!rows.contains(key)) {
        out.add(key + " has no row in the values table");
      }
    }
    for (String row : rows) {
      JsonNode node = schema;
      for (String part : row.split("\\.")) {
        node = node.path("properties").path(part);
      }
      if (node.isMissingNode()) {
        out.add(row + " is in the values table but not in values.schema.json");
      } else if (!expected.contains(row)) {
        out.add(row + " is in the values table but not in values.yaml");
      }
    }
    return out;
  }

  @Test
  void readmeValuesTableListsEveryValue() throws Exception {
    String readme = Files.readString(Helm.CHART.resolve("README.md"));
    JsonNode values = Bundle.YAML.readTree(Helm.CHART.resolve("values.yaml").toFile());
    JsonNode schema = Bundle.JSON.readTree(Helm.CHART.resolve("values.schema.json").toFile());
    assertThat(valuesTableProblems(readme, values, schema)).isEmpty();
    assertThat(valuesTableProblems(readme.replace("| `persistence.size` |", "| `persistence.sizes` |"), values,
        schema)).containsExactlyInAnyOrder("persistence.size has no row in the values table",
            "persistence.sizes is in the values table but not in values.schema.json");
    // paths of the repository the README names exist
    assertThat(HelmValuesTest.missingPaths(readme)).isEmpty();
  }

  @Test
  void thePackagedChartRendersLikeTheDirectory(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    K8sTools.Result pkg = K8sTools.run("helm", List.of("package", Helm.CHART.toString(), "-d", tmp.toString()));
    assertThat(pkg.ok()).as(pkg.stderr()).isTrue();
    Path tgz = tmp.resolve("taskscope-0.1.0.tgz");
    assertThat(tgz).exists();
    for (String helm : Helm.BINARIES) {
      K8sTools.Result lint = K8sTools.run(helm, List.of("lint", "--strict", tgz.toString()));
      assertThat(lint.ok()).as(lint.stdout() + lint.stderr()).isTrue();
      K8sTools.Result fromTgz = K8sTools.run(helm, List.of("template", "taskscope", tgz.toString(), "-n",
          "taskscope", "--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true"));
      assertThat(fromTgz.ok()).as(fromTgz.stderr()).isTrue();
      assertThat(ChartComparison.ofChart(Bundle.parse(fromTgz.stdout()))).isEqualTo(ChartComparison.ofChart(
          Helm.render(helm, Helm.CHART, "taskscope", "taskscope", "base", Helm.ALL_ON)));
    }
  }

  /**
   * NOTES.txt as {@code helm install --dry-run=client} prints it: Helm 4 only, since Helm 3.18 still asks the API
   * server for its version in a client-side dry run (no cluster here).
   */
  @ParameterizedTest
  @MethodSource("profiles")
  void installNotesNameTheUrls(String profile) throws Exception {
    String helm = "helm";
    List<String> args = new ArrayList<>(List.of("install", "taskscope", Helm.CHART.toString(), "-n", "taskscope",
        "--dry-run=client"));
    args.addAll(Helm.profileArgs(Helm.CHART, profile));
    args.addAll(List.of(Helm.ALL_ON));
    K8sTools.Result r = K8sTools.run(helm, args);
    assertThat(r.ok()).as(r.stderr()).isTrue();
    String notes = r.stdout().substring(r.stdout().indexOf("\nNOTES:\n"));
    assertThat(notes).contains("TaskScope 0.1.0 is installed as taskscope in namespace taskscope.",
        "kubectl -n taskscope port-forward svc/taskscope 9470:9470", "http://taskscope.taskscope.svc:9470/metrics",
        "ServiceMonitor taskscope", "PrometheusRules taskscope-", "ConfigMaps taskscope-dashboards-")
        .doesNotContain("WARNING", "<no value>");
    if (profile.equals("pipelines")) {
      assertThat(notes).contains("http://pushgateway.taskscope.svc:9091");
    }
  }

  /** As KustomizeBundleTest.taskScopeMayReadExactlyWhatItWatches, on the chart's release "obs" (other names). */
  @ParameterizedTest
  @MethodSource("profiles")
  void taskScopeMayReadExactlyWhatItWatches(String profile) throws Exception {
    Bundle b = Helm.render("helm", Helm.CHART, "obs", "monitoring", profile);
    String account = "obs-taskscope";
    assertThat(KustomizeBundleTest.granted(b, account, "apiextensions.k8s.io"))
        .containsExactly("customresourcedefinitions");
    assertThat(KustomizeBundleTest.granted(b, account, "sedna.io"))
        .isEqualTo(KustomizeBundleTest.plurals(io.taskscope.kube.sedna.SednaDefaults.config()));
    assertThat(KustomizeBundleTest.granted(b, account, "batch")).containsExactly("jobs");
    if (profile.equals("workloads")) {
      assertThat(KustomizeBundleTest.granted(b, account, "")).containsExactlyInAnyOrder("pods", "nodes");
      assertThat(KustomizeBundleTest.granted(b, account, "apps")).containsExactlyInAnyOrder("deployments",
          "statefulsets", "daemonsets");
    } else {
      assertThat(KustomizeBundleTest.granted(b, account, "")).containsExactly("pods");
      assertThat(KustomizeBundleTest.granted(b, account, "apps")).isEmpty();
    }
    assertThat(KustomizeBundleTest.rules(b, account)).allSatisfy(r -> assertThat(r.getVerbs())
        .containsExactlyInAnyOrder("list", "watch"));
  }
}
