package io.taskscope.crstate;

import static io.taskscope.crstate.TestSupport.config;
import static io.taskscope.crstate.TestSupport.foo;
import static io.taskscope.crstate.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example of the kube-state-metrics CustomResourceStateMetrics documentation. Where the documentation's output
 * was written by hand and differs from what the code does (label order, labels left out, the header of a repeated
 * family name), the expectation follows the code, with a note.
 */
class KsmDocExamplesTest {
  private static final String GVK =
      "customresource_group=\"myteam.io\",customresource_kind=\"Foo\",customresource_version=\"v1\"";

  private static String render(String configYaml, String... objectYamls) {
    return CrStateRenderer.renderText(config(configYaml),
        java.util.Arrays.stream(objectYamls).map(TestSupport::object).toList(), RenderErrors.IGNORE);
  }

  @Test
  void singleValue() {
    String cfg = TestSupport.fooConfig("""
        - name: "uptime"
          help: "Foo uptime"
          each:
            type: Gauge
            gauge:
              path: [status, uptime]
        """);
    assertThat(render(cfg, TestSupport.FOO)).isEqualTo("""
        # HELP kube_customresource_uptime Foo uptime
        # TYPE kube_customresource_uptime gauge
        kube_customresource_uptime{%s} 43.21
        """.formatted(GVK));
  }

  @Test
  void kitchenSink() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: myteam.io
                kind: "Foo"
                version: "v1"
              commonLabels:
                crd_type: "foo"
              labelsFromPath:
                name: [metadata, name]
              metrics:
                - name: "ready_count"
                  help: "Number Foo Bars ready"
                  each:
                    type: Gauge
                    gauge:
                      path: [status, sub]
                      labelFromKey: type
                      labelsFromPath:
                        active: [active]
                      valueFrom: [ready]
                  commonLabels:
                    custom_metric: "yes"
                  labelsFromPath:
                    "*": [metadata, labels]
                    "lorem_*": [metadata, annotations]
                    "**": [metadata, annotations]
                    name: [metadata, name]
                    foo: [metadata, labels, foo]
        """;
    // The doc's output leaves out crd_type (a resource commonLabel, which the code merges in) and the labels of
    // "**" (a trailing * makes "*" the prefix, and "*bar" is sanitized to "_bar").
    assertThat(render(cfg, TestSupport.FOO)).isEqualTo("""
        # HELP kube_customresource_ready_count Number Foo Bars ready
        # TYPE kube_customresource_ready_count gauge
        kube_customresource_ready_count{_bar="baz",_qux="quxx",active="1",crd_type="foo",custom_metric="yes",\
        %1$s,foo="bar",lorem_bar="baz",lorem_qux="quxx",name="foo",type="type-a"} 2
        kube_customresource_ready_count{_bar="baz",_qux="quxx",active="3",crd_type="foo",custom_metric="yes",\
        %1$s,foo="bar",lorem_bar="baz",lorem_qux="quxx",name="foo",type="type-b"} 4
        """.formatted(GVK));
  }

  @Test
  void nonMapArrays() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: myteam.io
                kind: "Foo"
                version: "v1"
              labelsFromPath:
                name: [metadata, name]
              metrics:
                - name: "ref_info"
                  help: "Reference to other Foo"
                  each:
                    type: Info
                    info:
                      path: [spec, refs]
                      labelsFromPath:
                        ref: []
        """;
    // Samples are sorted by their own labels, as the code does (the doc lists them in array order).
    assertThat(render(cfg, TestSupport.FOO)).isEqualTo("""
        # HELP kube_customresource_ref_info Reference to other Foo
        # TYPE kube_customresource_ref_info gauge
        kube_customresource_ref_info{%1$s,name="foo",ref="foo_2"} 1
        kube_customresource_ref_info{%1$s,name="foo",ref="foo_with_extensions"} 1
        kube_customresource_ref_info{%1$s,name="foo",ref="my_other_foo"} 1
        """.formatted(GVK));
  }

  private static final String VPA = """
      apiVersion: autoscaling.k8s.io/v1
      kind: VerticalPodAutoscaler
      metadata:
        name: vpa-example
        namespace: namespace-example
        annotations:
          foo: "123"
      spec:
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: target-name-example
      status:
        recommendation:
          containerRecommendations:
          - containerName: consumer
            lowerBound:
              cpu: 100m
              memory: "123456"
      """;

  @Test
  void sameMetricWithDifferentLabels() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: autoscaling.k8s.io
                kind: "VerticalPodAutoscaler"
                version: "v1"
              labelsFromPath:
                verticalpodautoscaler: [metadata, name]
                namespace: [metadata, namespace]
                target_api_version: [apiVersion]
                target_kind: [spec, targetRef, kind]
                target_name: [spec, targetRef, name]
              metrics:
                - name: "verticalpodautoscaler_status_recommendation_containerrecommendations_lowerbound"
                  help: "Minimum memory resources the container can use before the VerticalPodAutoscaler updater evicts it."
                  commonLabels:
                    unit: "byte"
                    resource: "memory"
                  each:
                    type: Gauge
                    gauge:
                      path: [status, recommendation, containerRecommendations]
                      labelsFromPath:
                        container: [containerName]
                      valueFrom: [lowerBound, memory]
                - name: "verticalpodautoscaler_status_recommendation_containerrecommendations_lowerbound"
                  help: "Minimum cpu resources the container can use before the VerticalPodAutoscaler updater evicts it."
                  commonLabels:
                    unit: "core"
                    resource: "cpu"
                  each:
                    type: Gauge
                    gauge:
                      path: [status, recommendation, containerRecommendations]
                      labelsFromPath:
                        container: [containerName]
                      valueFrom: [lowerBound, cpu]
        """;
    String name = "kube_customresource_verticalpodautoscaler_status_recommendation_containerrecommendations_lowerbound";
    String labels = "container=\"consumer\",customresource_group=\"autoscaling.k8s.io\","
        + "customresource_kind=\"VerticalPodAutoscaler\",customresource_version=\"v1\",namespace=\"namespace-example\","
        + "resource=\"%s\",target_api_version=\"autoscaling.k8s.io/v1\",target_kind=\"Deployment\","
        + "target_name=\"target-name-example\",unit=\"%s\",verticalpodautoscaler=\"vpa-example\"";
    // Current kube-state-metrics writes one header per family name (SanitizeHeaders), so the second family follows
    // without HELP/TYPE; the doc shows the output of older releases with two headers. target_api_version is the
    // object's apiVersion here, as [apiVersion] says (the doc's "apps/v1" came from another path).
    assertThat(render(cfg, VPA)).isEqualTo(
        "# HELP " + name + " Minimum memory resources the container can use before the VerticalPodAutoscaler"
            + " updater evicts it.\n"
            + "# TYPE " + name + " gauge\n"
            + name + "{" + labels.formatted("memory", "byte") + "} 123456\n"
            + name + "{" + labels.formatted("cpu", "core") + "} 0.1\n");
  }

  @Test
  void verticalPodAutoscalerAnnotations() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: autoscaling.k8s.io
                kind: "VerticalPodAutoscaler"
                version: "v1"
              labelsFromPath:
                verticalpodautoscaler: [metadata, name]
                namespace: [metadata, namespace]
                target_api_version: [apiVersion]
                target_kind: [spec, targetRef, kind]
                target_name: [spec, targetRef, name]
              metrics:
                - name: "annotations"
                  help: "Kubernetes annotations converted to Prometheus labels."
                  each:
                    type: Gauge
                    gauge:
                      path: [metadata, annotations]
        """;
    // A gauge over a map yields one sample per entry; without labelFromKey the key is not a label.
    assertThat(render(cfg, VPA)).isEqualTo("""
        # HELP kube_customresource_annotations Kubernetes annotations converted to Prometheus labels.
        # TYPE kube_customresource_annotations gauge
        kube_customresource_annotations{customresource_group="autoscaling.k8s.io",\
        customresource_kind="VerticalPodAutoscaler",customresource_version="v1",namespace="namespace-example",\
        target_api_version="autoscaling.k8s.io/v1",target_kind="Deployment",target_name="target-name-example",\
        verticalpodautoscaler="vpa-example"} 123
        """);
  }

  @Test
  void statusConditions() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
          - groupVersionKind:
              group: myteam.io
              kind: "Foo"
              version: "v1"
            labelsFromPath:
              name:
              - metadata
              - name
              namespace:
              - metadata
              - namespace
            metrics:
            - name: "foo_status"
              help: "status condition "
              each:
                type: Gauge
                gauge:
                  path: [status, conditions]
                  labelsFromPath:
                    type: ["type"]
                  valueFrom: ["status"]
        """;
    String obj = """
        apiVersion: myteam.io/v1
        kind: Foo
        metadata: {name: foo, namespace: ns}
        status:
          conditions:
            - lastTransitionTime: "2019-10-22T16:29:31Z"
              status: "True"
              type: Ready
            - status: "Unknown"
              type: Synced
        """;
    assertThat(render(cfg, obj)).isEqualTo("""
        # HELP kube_customresource_foo_status status condition\\x20
        # TYPE kube_customresource_foo_status gauge
        kube_customresource_foo_status{%1$s,name="foo",namespace="ns",type="Ready"} 1
        kube_customresource_foo_status{%1$s,name="foo",namespace="ns",type="Synced"} 0
        """.replace("\\x20", " ").formatted(GVK));
  }

  @Test
  void stateSet() {
    String cfg = TestSupport.fooConfig("""
        - name: "status_phase"
          help: "Foo status_phase"
          each:
            type: StateSet
            stateSet:
              labelName: phase
              path: [status, phase]
              list: [Pending, Bar, Baz]
        """);
    // text 0.0.4 has no stateset type: kube-state-metrics writes gauge
    assertThat(render(cfg, TestSupport.FOO)).isEqualTo("""
        # HELP kube_customresource_status_phase Foo status_phase
        # TYPE kube_customresource_status_phase gauge
        kube_customresource_status_phase{%1$s,phase="Bar"} 0
        kube_customresource_status_phase{%1$s,phase="Baz"} 0
        kube_customresource_status_phase{%1$s,phase="Pending"} 1
        """.formatted(GVK));
    String om = CrStateRenderer.renderOpenMetricsBody(config(cfg), List.of(foo()), RenderErrors.IGNORE);
    assertThat(om).contains("# TYPE kube_customresource_status_phase stateset\n");
  }

  @Test
  void info() {
    String cfg = TestSupport.fooConfig("""
        - name: "version"
          help: "Foo version"
          each:
            type: Info
            info:
              labelsFromPath:
                version: [spec, version]
        """);
    assertThat(render(cfg, TestSupport.FOO)).isEqualTo("""
        # HELP kube_customresource_version Foo version
        # TYPE kube_customresource_version gauge
        kube_customresource_version{%s,version="v1.2.3"} 1
        """.formatted(GVK));
  }

  @Test
  void namingPrefix() {
    String metrics = """
              metrics:
                - name: uptime
                  help: "Foo uptime"
                  each:
                    type: Gauge
                    gauge:
                      path: [status, uptime]
        """;
    String head = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: myteam.io, kind: Foo, version: v1}
        """;
    assertThat(render(head + "      metricNamePrefix: myteam_foos\n" + metrics, TestSupport.FOO))
        .contains("\nmyteam_foos_uptime{" + GVK + "} 43.21\n");
    assertThat(render(head + "      metricNamePrefix: \"\"\n" + metrics, TestSupport.FOO))
        .contains("\nuptime{" + GVK + "} 43.21\n");
    assertThat(render(head + metrics, TestSupport.FOO)).contains("\nkube_customresource_uptime{" + GVK + "} 43.21\n");
  }

  @Test
  void wildcardVersionAndKind() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: "myteam.io"
                version: "*"
                kind: "*"
              metrics:
                - name: "myobject_info"
                  help: "Foo Bar Baz"
                  each:
                    type: Info
                    info:
                      path: [metadata]
                      labelsFromPath:
                        object: [name]
                        namespace: [namespace]
        """;
    String fooObj = "{apiVersion: myteam.io/v1, kind: Foo, metadata: {name: foo, namespace: ns}}";
    String barObj = "{apiVersion: myteam.io/v1, kind: Bar, metadata: {name: bar, namespace: ns}}";
    String other = "{apiVersion: other.io/v1, kind: Foo, metadata: {name: x, namespace: ns}}";
    // One writer per concrete kind (sorted); the family name is headed once.
    assertThat(render(cfg, fooObj, barObj, other)).isEqualTo("""
        # HELP kube_customresource_myobject_info Foo Bar Baz
        # TYPE kube_customresource_myobject_info gauge
        kube_customresource_myobject_info{customresource_group="myteam.io",customresource_kind="Bar",\
        customresource_version="v1",namespace="ns",object="bar"} 1
        kube_customresource_myobject_info{customresource_group="myteam.io",customresource_kind="Foo",\
        customresource_version="v1",namespace="ns",object="foo"} 1
        """);
    ResourceGenerator r = config(cfg).resources().get(0);
    assertThat(r.version()).isEqualTo("*");
    assertThat(r.matches("myteam.io", "v2", "Baz")).isTrue();
    assertThat(r.matches("other.io", "v1", "Foo")).isFalse();
    assertThat(object(barObj)).isNotNull();
  }
}
