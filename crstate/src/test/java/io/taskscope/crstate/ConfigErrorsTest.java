package io.taskscope.crstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {
  @TempDir Path dir;

  private static final String BAD = """
      kind: CustomResourceStateMetrics
      spec:
        resources:
          - groupVersionKind:
              group: sedna.io
              version: v1alpha1
              kind: Model
            metrics:
              - name: ok
                each:
                  type: Gauge
                  gauge:
                    path: [status, x]
              - name: ""
                each:
                  type: Histogram
              - name: needs_block
                each:
                  type: Info
              - name: bad_path
                each:
                  type: gauge
                  gauge:
                    path: [status, "[a=b", x]
                    valeFrom: [y]
              - name: bad-name
                each:
                  type: StateSet
                  stateSet:
                    path: [status, phase]
                    labelFromKey: k
              - name: two_blocks
                commonLabels: {"bad label": x}
                each:
                  type: Gauge
                  gauge: {path: [a]}
                  info: {path: [b]}
      """;

  private static final String OTHER = """
      # second file: same GVK as the first, and a YAML problem of its own
      kind: CustomResourceStateMetrics
      spec:
        resources:
          - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Model}
            metrics:
              - name: fine
                each: {type: Info, info: {labelsFromPath: {"1abc": [x]}}}
          - groupVersionKind: {group: sedna.io, version: "*", kind: Dataset}
            metrics: []
          - groupVersionKind: {group: sedna.io, version: v1, kind: Dataset}
            metricNamePrefix: x
            metrics: []
      """;

  @Test
  void allErrorsOfAllFilesWithLines() throws Exception {
    Path a = Files.writeString(dir.resolve("sedna.yaml"), BAD);
    Path b = Files.writeString(dir.resolve("other.yaml"), OTHER);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CrStateConfig.load(List.of(a, b)));
    List<String> got = e.errors().stream().map(ConfigError::toString).map(s -> s.replace(dir + "/", "")).toList();
    assertThat(got).containsExactly(
        "sedna.yaml:14: spec.resources[0].metrics[1].name: a metric name is required",
        "sedna.yaml:16: spec.resources[0].metrics[1].each.type: unknown metric type \"Histogram\" (one of Gauge,"
            + " StateSet, Info)",
        "sedna.yaml:19: spec.resources[0].metrics[2].each.info: each.type is Info but each.info is missing",
        "sedna.yaml:24: spec.resources[0].metrics[3].each.gauge.path: step 1 \"[a=b\": malformed list lookup"
            + " (expected [key=value])",
        "sedna.yaml:25: spec.resources[0].metrics[3].each.gauge.valeFrom: unknown key",
        "sedna.yaml:26: spec.resources[0].metrics[4].name: \"kube_customresource_bad-name\" is not a valid"
            + " Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)",
        "sedna.yaml:31: spec.resources[0].metrics[4].each.stateSet.labelFromKey: not supported for StateSet"
            + " (kube-state-metrics has no labelFromKey for StateSet)",
        "sedna.yaml:30: spec.resources[0].metrics[4].each.stateSet.labelName: a StateSet needs labelName",
        "sedna.yaml:30: spec.resources[0].metrics[4].each.stateSet.list: a StateSet needs a non-empty list of states",
        "sedna.yaml:33: spec.resources[0].metrics[5].commonLabels.bad label: invalid label name (use"
            + " [a-zA-Z_][a-zA-Z0-9_]*)",
        "sedna.yaml:37: spec.resources[0].metrics[5].each.info: set, but each.type is Gauge (only each.gauge is"
            + " used)",
        "other.yaml:8: spec.resources[0].metrics[0].each.info.labelsFromPath.1abc: label name \"1abc\" starts with a"
            + " digit",
        "other.yaml:11: spec.resources[2].groupVersionKind: resource sedna.io/v1/Dataset is already configured at "
            + "other.yaml:9 (sedna.io/*/Dataset); kube-state-metrics refuses duplicate resources");
    assertThat(e.getMessage().split("\n")).hasSize(got.size());
  }

  @Test
  void duplicateAcrossFilesAndMerge() throws Exception {
    String one = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: g.io, version: v1, kind: A}
              metrics: []
        """;
    String two = one.replace("v1", "v2");
    Path a = Files.writeString(dir.resolve("a.yaml"), one);
    Path b = Files.writeString(dir.resolve("b.yaml"), "\n\n" + two);
    assertThatThrownBy(() -> CrStateConfig.load(List.of(a, b)))
        .hasMessageStartingWith(b + ":6: spec.resources[0].groupVersionKind: resource g.io/v2/A is already configured"
            + " at " + a + ":4");
    CrStateConfig pa = CrStateConfig.parse("a", one);
    CrStateConfig pb = CrStateConfig.parse("b", two);
    assertThatThrownBy(() -> CrStateConfig.merge(List.of(pa, pb))).isInstanceOf(ConfigException.class);
    CrStateConfig pc = CrStateConfig.parse("c", one.replace("kind: A", "kind: C"));
    assertThat(CrStateConfig.merge(List.of(pa, pc)).resources()).hasSize(2);
  }

  @Test
  void yamlSyntaxErrorHasALine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> CrStateConfig.parse("x.yaml", "kind: CustomResourceStateMetrics\nspec:\n  resources: [\n    {a: b\n"));
    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.source()).isEqualTo("x.yaml");
      assertThat(err.line()).isGreaterThan(1);
      assertThat(err.message()).startsWith("invalid YAML");
    });
  }

  @Test
  void duplicateKeysAndWrongShapes() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CrStateConfig.parse("d.yaml", """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: "*", version: v1, kind: A}
              metrics:
                - name: m
                  name: n
                  each: {type: Gauge, gauge: {path: status, nilIsZero: maybe}}
        """));
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "d.yaml:4: spec.resources[0].groupVersionKind.group: a group is required (kube-state-metrics does not"
            + " resolve a wildcard group)",
        "d.yaml:7: spec.resources[0].metrics[0].name: duplicate key (first at line 6)",
        "d.yaml:8: spec.resources[0].metrics[0].each.gauge.path: expected a list of strings, got \"status\"",
        "d.yaml:8: spec.resources[0].metrics[0].each.gauge.nilIsZero: expected true or false, got \"maybe\"");
  }

  @Test
  void wrappedForms() throws Exception {
    String crsm = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: g.io, version: v1, kind: A}
              metrics:
                - name: m
                  each: {type: Gauge, gauge: {path: [x]}}
        """;
    // a TaskScope file holding the config under a key
    String taskscope = "server:\n  port: 9470\ncrState:\n" + crsm.indent(2);
    assertThat(CrStateConfig.parse("ts.yaml", taskscope).resources()).hasSize(1);
    // a ConfigMap with the config as a string; errors point into the string's lines
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ksm}\ndata:\n  config.yaml: |\n"
        + crsm.replace("path: [x]", "path: [\"[x\"]").indent(4);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CrStateConfig.parse("cm.yaml", cm));
    assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.line()).isEqualTo(12));
    // apiVersion/metadata like a Kubernetes object, and several documents
    String two = "apiVersion: taskscope.io/v1alpha1\nmetadata: {name: a}\n" + crsm + "---\n"
        + crsm.replace("kind: A", "kind: B");
    assertThat(CrStateConfig.parse("multi.yaml", two).resources()).extracting(ResourceGenerator::kind)
        .containsExactly("A", "B");
    assertThatThrownBy(() -> CrStateConfig.parse("none.yaml", "foo: bar\n"))
        .hasMessage("none.yaml:1: no CustomResourceStateMetrics found (expected kind: CustomResourceStateMetrics with"
            + " spec.resources)");
  }
}
