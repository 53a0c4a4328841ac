package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks of KustomizeBundleTest bite: broken kustomizations (e2e/src/test/resources/deploy-broken/kustomize/)
 * make kubectl fail, broken objects fail fabric8's typed parsing, and each BundleChecks check rejects its broken
 * example while the unbroken one they derive from passes all of them.
 */
class BrokenBundleTest {
  private static final Path BROKEN = Path.of("src", "test", "resources", "deploy-broken", "kustomize")
      .toAbsolutePath();

  interface Check {
    List<String> run(Bundle b) throws Exception;
  }

  /** Broken example -> the check that must reject it and a fragment of its message. */
  private static final Map<String, Map.Entry<Check, String>> REJECTED_BY = Map.ofEntries(
      Map.entry("unknown-kind", Map.entry(BundleChecks::typedKinds, "Deploymnet is not a kind")),
      Map.entry("unknown-field", Map.entry(BundleChecks::unknownFields, "unknown field(s) [readinesProbe]")),
      Map.entry("no-resources", Map.entry(BundleChecks::resources, "no cpu request")),
      Map.entry("no-probe", Map.entry(BundleChecks::probes, "serves a port but has no probe")),
      Map.entry("probe-port-undeclared", Map.entry(BundleChecks::probes, "probe port metrics is not a declared port")),
      Map.entry("wildcard-rbac", Map.entry(BundleChecks::rbac, "wildcard in verbs")),
      Map.entry("write-rbac", Map.entry(BundleChecks::rbac, "verb delete")),
      Map.entry("undeclared-volume", Map.entry(BundleChecks::volumes, "undeclared volume data")),
      Map.entry("missing-configmap-key", Map.entry(BundleChecks::configKeys, "subPath web.yaml is not a key")),
      Map.entry("arg-path-not-in-configmap", Map.entry(BundleChecks::configKeys,
          "argument path /etc/web/web.yaml is not a key")),
      Map.entry("missing-configmap", Map.entry(BundleChecks::configKeys, "ConfigMap webconfig is not in the bundle")),
      Map.entry("selector-mismatch", Map.entry(BundleChecks::serviceSelectors, "matches no pod template")),
      Map.entry("service-port-not-served", Map.entry(BundleChecks::serviceSelectors,
          "targets metrics, which no selected pod declares")));

  @Test
  void theUnbrokenExamplePassesEveryCheck() throws Exception {
    Kustomize.Result r = Kustomize.build(BROKEN.resolve("good"));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    assertThat(BundleChecks.all(Bundle.parse(r.stdout()))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing-resource", "patch-without-target", "json-patch-test-fails",
      "generator-file-missing"})
  void brokenKustomizationsMakeKubectlFail(String example) throws Exception {
    Kustomize.Result r = Kustomize.build(BROKEN.resolve(example));
    assertThat(r.ok()).as(example).isFalse();
    assertThat(r.stderr()).as(example).isNotBlank();
    assertThat(r.stdout()).as(example).isBlank();
  }

  @Test
  void aFieldOfTheWrongTypeFailsTypedParsing() throws Exception {
    Kustomize.Result r = Kustomize.build(BROKEN.resolve("wrong-field-type"));
    assertThat(r.ok()).as("kustomize does not check types: %s", r.stderr()).isTrue();
    assertThatThrownBy(() -> Bundle.parse(r.stdout())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Deployment/web").hasMessageContaining("\"two\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown-kind", "unknown-field", "no-resources", "no-probe", "probe-port-undeclared",
      "wildcard-rbac", "write-rbac", "undeclared-volume", "missing-configmap-key", "arg-path-not-in-configmap",
      "missing-configmap", "selector-mismatch", "service-port-not-served"})
  void eachCheckRejectsItsBrokenExample(String example) throws Exception {
    Kustomize.Result r = Kustomize.build(BROKEN.resolve(example));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    Bundle b = Bundle.parse(r.stdout());
    var expected = REJECTED_BY.get(example);
    assertThat(expected.getKey().run(b)).as(example).anySatisfy(p -> assertThat(p).contains(expected.getValue()));
    assertThat(BundleChecks.all(b)).as(example).isNotEmpty();
  }

  @Test
  void everyBrokenExampleIsExercised() throws Exception {
    try (var dirs = java.nio.file.Files.list(BROKEN)) {
      List<String> names = dirs.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
          REJECTED_BY.keySet().stream(), java.util.stream.Stream.of("good", "missing-resource",
              "patch-without-target", "json-patch-test-fails", "generator-file-missing", "wrong-field-type"))
          .toList());
    }
  }
}
