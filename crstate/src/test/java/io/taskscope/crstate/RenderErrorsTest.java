package io.taskscope.crstate;

import static io.taskscope.crstate.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.RenderedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderErrorsTest {
  private static final String CFG = """
      kind: CustomResourceStateMetrics
      spec:
        resources:
          - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Thing}
            metricNamePrefix: t
            metrics:
              - name: missing
                each: {type: Gauge, gauge: {path: [status, nope]}}
              - name: wrong_type
                each: {type: Gauge, gauge: {path: [status, list], valueFrom: [v]}}
              - name: json_url
                each:
                  type: Info
                  info:
                    labelsFromPath:
                      url: [status, conditions, "-1", data, "@json", output, models, "0", url]
              - name: huge
                each: {type: Gauge, gauge: {path: [status, huge]}}
              - name: non_finite
                each: {type: Gauge, gauge: {path: [status, nan]}}
              - name: stateset_missing
                each: {type: StateSet, stateSet: {path: [status, phase], labelName: p, list: [A]}}
              - name: ok
                each: {type: Gauge, gauge: {path: [status, ok]}}
      """;

  private record Err(String resource, String metric, String reason) {}

  private static List<Err> errs;

  private static RenderedObject render(Map<String, Object> obj) {
    errs = new ArrayList<>();
    return TestSupport.config(CFG).resources().get(0).render(obj, (r, m, x) -> errs.add(new Err(r, m, x)));
  }

  private static Map<String, Object> thing(String status) {
    Map<String, Object> o = object("""
        apiVersion: sedna.io/v1alpha1
        kind: Thing
        metadata: {name: a}
        status:
        """ + status.stripIndent().indent(2));
    return o;
  }

  @Test
  void eachFailureIsCountedAndOtherMetricsAreUnaffected() {
    Map<String, Object> obj = thing("""
        list: [{v: 1}, {v: {deep: true}}, {v: "7%"}, {v: "bogus"}]
        conditions:
          - {type: Running, data: '{"output": {"models": [{"url": '}
        inf: "-Inf"
        ok: 3
        """);
    List<Object> huge = new ArrayList<>();
    for (int i = 0; i < CompiledFamily.MAX_SAMPLES + 5; i++) {
      huge.add(i);
    }
    status(obj).put("huge", huge);
    status(obj).put("nan", Double.NaN);
    RenderedObject r = render(obj);

    assertThat(r.samples(0)).isEmpty();
    assertThat(r.samples(1)).extracting(s -> s.value()).containsExactlyInAnyOrder(1.0, 0.07);
    assertThat(r.samples(2)).isEmpty();
    assertThat(r.samples(3)).hasSize(CompiledFamily.MAX_SAMPLES);
    assertThat(r.samples(4)).singleElement().satisfies(s -> assertThat(s.value()).isNaN());
    assertThat(r.samples(5)).isEmpty();
    assertThat(r.samples(6)).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(3));

    assertThat(errs).allSatisfy(e -> assertThat(e.resource()).isEqualTo("sedna.io/v1alpha1/Thing"));
    Map<String, List<String>> byMetric = new HashMap<>();
    errs.forEach(e -> byMetric.computeIfAbsent(e.metric(), k -> new ArrayList<>()).add(e.reason()));
    assertThat(byMetric.get("t_missing")).containsExactly("[status,nope]: got nil while resolving path");
    assertThat(byMetric.get("t_wrong_type")).hasSize(2).anySatisfy(x -> assertThat(x).contains("[1]: [v]: expected"
        + " number but was map[deep:true]")).anySatisfy(x -> assertThat(x).contains("[3]: [v]: strconv.ParseFloat"));
    assertThat(byMetric.get("t_json_url")).singleElement().satisfies(x -> assertThat(x).startsWith("corrupt JSON"));
    assertThat(byMetric.get("t_huge")).singleElement().satisfies(x -> assertThat(x).contains("5 dropped"));
    // written as kube-state-metrics writes it, and counted
    assertThat(byMetric.get("t_non_finite")).containsExactly("non-finite value NaN");
    assertThat(byMetric).doesNotContainKeys("t_stateset_missing", "t_ok");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(Map<String, Object> obj) {
    return (Map<String, Object>) obj.get("status");
  }

  @Test
  void oddObjectsDoNotThrow() {
    Map<String, Object> weird = new HashMap<>();
    weird.put("apiVersion", "sedna.io/v1alpha1");
    weird.put("kind", "Thing");
    weird.put("status", "not a map");
    weird.put("metadata", null);
    RenderedObject r = render(weird);
    assertThat(r.familyCount()).isEqualTo(7);
    Map<String, Object> bad = new HashMap<>();
    bad.put("status", Map.of("ok", "\uD800 lone surrogate", "list", List.of(new Object())));
    r = render(bad);
    assertThat(r.sampleCount()).isZero();
    assertThat(errs).isNotEmpty();
    assertThat(render(thing("ok: \"\\uD800x\"")).familyCount()).isEqualTo(7);
  }
}
