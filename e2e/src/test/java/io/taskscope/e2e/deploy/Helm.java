package io.taskscope.e2e.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The chart charts/taskscope, linted and rendered with the real Helm binaries of K8sTools (Helm 4 and Helm 3). */
final class Helm {
  static final Path CHART = DeployTree.DEPLOY.resolveSibling("charts").resolve("taskscope");
  /** Helm 4 ({@code helm}) and Helm 3 ({@code helm3}): the chart is for both. */
  static final List<String> BINARIES = List.of("helm", "helm3");
  /** The kustomize build each profile stands for ("base" = deploy/, the others deploy/overlays/NAME). */
  static final List<String> PROFILES = List.of("base", "sedna", "workloads", "pipelines");

  private Helm() {}

  /** -f values-PROFILE.yaml for a profile (none for the base). */
  static List<String> profileArgs(Path chart, String profile) {
    return profile.equals("base") ? List.of() : List.of("-f", chart.resolve("values-" + profile + ".yaml").toString());
  }

  static K8sTools.Result lint(String helm, Path chart, String profile, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", chart.toString()));
    args.addAll(profileArgs(chart, profile));
    args.addAll(List.of(extra));
    return K8sTools.run(helm, args);
  }

  static K8sTools.Result template(String helm, Path chart, String release, String namespace, String profile,
      String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("template", release, chart.toString(), "--namespace", namespace));
    args.addAll(profileArgs(chart, profile));
    args.addAll(List.of(extra));
    return K8sTools.run(helm, args);
  }

  /** helm template, parsed; fails the test with Helm's message when it does not render. */
  static Bundle render(String helm, Path chart, String release, String namespace, String profile, String... extra)
      throws Exception {
    K8sTools.Result r = template(helm, chart, release, namespace, profile, extra);
    if (!r.ok()) {
      throw new AssertionError(helm + " template " + profile + " failed:\n" + r.stderr());
    }
    return Bundle.parse(r.stdout());
  }

  /** Every switch on: the ServiceMonitor and PrometheusRules besides the defaults. */
  static final String[] ALL_ON = {"--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true"};

  /** Objects by "Kind/name". */
  static Map<String, Bundle.Item> byId(Bundle b) {
    Map<String, Bundle.Item> out = new TreeMap<>();
    b.items().forEach(i -> out.put(i.id(), i));
    return out;
  }
}
