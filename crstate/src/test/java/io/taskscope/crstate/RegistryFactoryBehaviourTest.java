package io.taskscope.crstate;

import static io.taskscope.crstate.TestSupport.lines;
import static io.taskscope.crstate.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviours kube-state-metrics pins in registry_factory_test.go, on our own test object. */
class RegistryFactoryBehaviourTest {
  private static final Map<String, Object> OBJ = object("""
      apiVersion: shop.example/v2
      kind: Widget
      metadata:
        name: w1
        labels: {tier: gold}
        annotations: {owner: ana, team: red}
        ratio: "41%"
        createdAt: "2023-01-02T03:04:05Z"
      spec:
        size: 7
        build: b-17
        steps:
          - {n: 1, ok: true}
          - {n: 2, ok: false}
      status:
        counts: {blue: 5, green: 9}
        groups:
          east: {up: 2, total: 3}
          west: {up: 4, total: 8}
        mode: idle
        load: 12.5
        cpu: "750m"
        mem: "2Gi"
        share: "28%"
        items:
          - {k: x, v: 10}
          - {k: y, v: 20}
        conditions:
          - {type: Available, status: "True"}
          - {type: Degraded, status: "False"}
      """);

  private static String gauge(String body) {
    return """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: shop.example, version: v2, kind: Widget}
              metricNamePrefix: ""
              metrics:
                - name: m
                  each:
        """ + body.stripIndent().indent(12);
  }

  private static List<String> run(String cfg, List<String> errors) {
    List<String> errs = errors == null ? new ArrayList<>() : errors;
    return lines(TestSupport.samples(TestSupport.config(cfg), OBJ, (r, m, x) -> errs.add(x)))
        .stream().map(s -> s.replace(
            "customresource_group=\"shop.example\",customresource_kind=\"Widget\",customresource_version=\"v2\"", "G"))
        .toList();
  }

  @Test
  void singleValue() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [spec, size]}"), null)).containsExactly("m{G} 7");
  }

  @Test
  void mapWithLabelFromKey() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, counts], labelFromKey: color}"), null))
        .containsExactly("m{color=\"blue\",G} 5", "m{color=\"green\",G} 9");
  }

  @Test
  void nestedMapWithValueFromAndRelativeLabels() {
    assertThat(run(gauge("""
        type: Gauge
        gauge: {path: [status, groups], labelFromKey: zone, valueFrom: [up], labelsFromPath: {total: [total]}}
        """), null)).containsExactly("m{G,total=\"3\",zone=\"east\"} 2", "m{G,total=\"8\",zone=\"west\"} 4");
  }

  @Test
  void pathRelativeValueFromTimestampAndPercentage() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [metadata], valueFrom: [createdAt], labelsFromPath: {n: [name]}}"),
        null)).containsExactly("m{G,n=\"w1\"} 1.672628645e+09");
    assertThat(run(gauge("type: Gauge\ngauge: {path: [metadata], valueFrom: [ratio]}"), null))
        .containsExactly("m{G} 0.41");
  }

  @Test
  void missingPathIsAnErrorForGauges() {
    List<String> errs = new ArrayList<>();
    assertThat(run(gauge("type: Gauge\ngauge: {path: [nope], valueFrom: [x], labelsFromPath: {n: [name]}}"), errs))
        .isEmpty();
    assertThat(errs).containsExactly("[nope]: got nil while resolving path");
  }

  @Test
  void existingPathWithMissingValueFromIsSilent() {
    List<String> errs = new ArrayList<>();
    assertThat(run(gauge("type: Gauge\ngauge: {path: [spec, size], valueFrom: [none]}"), errs)).isEmpty();
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, items], valueFrom: [none]}"), errs)).isEmpty();
    assertThat(errs).isEmpty();
  }

  @Test
  void arrayOfObjects() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, items], valueFrom: [v], labelsFromPath: {k: [k]}}"),
        null)).containsExactly("m{G,k=\"x\"} 10", "m{G,k=\"y\"} 20");
  }

  @Test
  void quantitiesAndPercentages() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, cpu]}"), null)).containsExactly("m{G} 0.75");
    assertThat(TestSupport.samples(gauge("type: Gauge\ngauge: {path: [status, mem]}"), OBJ).get(0).value())
        .isEqualTo(2147483648.0);
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, share]}"), null)).containsExactly("m{G} 0.28");
  }

  @Test
  void nilIsZero() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [spec, paused], nilIsZero: true}"), null))
        .containsExactly("m{G} 0");
  }

  @Test
  void infoVariants() {
    assertThat(run(gauge("type: Info\ninfo: {labelsFromPath: {build: [spec, build]}}"), null))
        .containsExactly("m{build=\"b-17\",G} 1");
    assertThat(run(gauge("type: Info\ninfo: {path: [does, not, exist]}"), null)).isEmpty();
    assertThat(run(gauge("type: Info\ninfo: {path: [status, counts], labelFromKey: color}"), null))
        .containsExactly("m{color=\"blue\",G} 1", "m{color=\"green\",G} 1");
    assertThat(run(gauge("type: Info\ninfo: {path: [status, groups], labelsFromPath: {up: [up]}}"), null))
        .containsExactly("m{G,up=\"2\"} 1", "m{G,up=\"4\"} 1");
  }

  @Test
  void stateSetVariants() {
    List<String> errs = new ArrayList<>();
    assertThat(run(gauge("type: StateSet\nstateSet: {path: [status, mode], labelName: mode, list: [idle, busy]}"),
        errs)).containsExactly("m{G,mode=\"busy\"} 0", "m{G,mode=\"idle\"} 1");
    assertThat(run(gauge("type: StateSet\nstateSet: {path: [no, such], labelName: mode, list: [a]}"), errs)).isEmpty();
    assertThat(run(gauge("type: StateSet\nstateSet: {path: [status], valueFrom: [nope], labelName: m, list: [a]}"),
        errs)).isEmpty();
    assertThat(errs).isEmpty();
    assertThat(run(gauge("type: StateSet\nstateSet: {path: [spec, size], labelName: m, list: [\"7\"]}"), errs))
        .isEmpty();
    assertThat(run(gauge("type: StateSet\nstateSet: {path: [status], valueFrom: [load], labelName: m, list: [a]}"),
        errs)).isEmpty();
    assertThat(errs).containsExactly(
        "[spec,size]: expected value for path to be string, got int64",
        "[status,load]: expected value for path to be string, got float64");
  }

  @Test
  void conditionsByFilterAndAll() {
    assertThat(run(gauge("type: Gauge\ngauge: {path: [status, conditions, \"[type=Available]\", status]}"), null))
        .containsExactly("m{G} 1");
    assertThat(run(gauge("""
        type: Gauge
        gauge: {path: [status, conditions], labelsFromPath: {type: [type]}, valueFrom: [status]}
        """), null)).containsExactly("m{G,type=\"Available\"} 1", "m{G,type=\"Degraded\"} 0");
  }

  @Test
  void equalsExpressionOnMaps() {
    assertThat(run(gauge("type: Info\ninfo: {labelsFromPath: {owner: [metadata, annotations, \"owner=ana\"]}}"),
        null)).containsExactly("m{G,owner=\"ana\"} 1");
    assertThat(run(gauge("type: Info\ninfo: {labelsFromPath: {owner: [metadata, annotations, \"owner=bob\"]}}"),
        null)).isEmpty();
  }

  @Test
  void labelsFromPathValuesAndStars() {
    assertThat(run(gauge("""
        type: Info
        info:
          labelsFromPath:
            last_ok: [spec, steps, "-1", ok]
            size: [spec, size]
            tier: [metadata, labels, tier]
            "*x": [metadata, annotations]
            "a_*": [metadata, annotations]
            team: [metadata, labels, tier]
            out_of_range: [spec, steps, "5"]
        """), null)).containsExactly(
            "m{a_owner=\"ana\",a_team=\"red\",G,last_ok=\"false\",owner=\"ana\",size=\"7\",team=\"gold\","
                + "tier=\"gold\"} 1");
  }

  @Test
  void baseLabelsMetricCommonLabelsWinAndEachLabelsWinOverBase() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: shop.example, version: v2, kind: Widget}
              commonLabels: {hello: world, x: resource, customresource_group: ignored}
              labelsFromPath: {foo: [metadata, annotations, owner]}
              metrics:
                - name: m
                  commonLabels: {x: metric}
                  each:
                    type: Gauge
                    gauge: {path: [status, counts], labelFromKey: hello}
        """;
    assertThat(lines(TestSupport.samples(cfg, OBJ))).first().isEqualTo(
        "kube_customresource_m{customresource_group=\"shop.example\",customresource_kind=\"Widget\","
            + "customresource_version=\"v2\",foo=\"ana\",hello=\"blue\",x=\"metric\"} 5");
  }
}
