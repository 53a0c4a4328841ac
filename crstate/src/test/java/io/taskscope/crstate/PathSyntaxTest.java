package io.taskscope.crstate;

import static io.taskscope.crstate.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathSyntaxTest {
  private static final Map<String, Object> OBJ = object("""
      spec:
        replicas: 1
        order:
          - {id: 1, value: true}
          - {id: 3, value: false}
          - {id: "5", value: "yes"}
      status:
        values:
          - {name: a, value: 45}
          - {name: b, value: 66}
        conditions:
          - {type: Ready, data: '{"n": 1}'}
          - {type: Done, data: '{"output": {"models": [{"url": "/m/0.pb"}, {"url": "/m/1.pb"}]}, "score": 0.93}'}
          - {type: Broken, data: '{"output": '}
        embedded: {already: {a: 1}}
      metadata:
        name: foo
        labels: {"a=b": weird}
      """);

  private static Object get(String... parts) {
    try {
      return ValuePath.compile(List.of(parts)).get(OBJ, new RenderContext());
    } catch (ValuePath.PathException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keysAndIndexes() {
    assertThat(get("spec", "replicas")).isEqualTo(1);
    assertThat(get("spec", "order", "0", "value")).isEqualTo(true);
    assertThat(get("spec", "order", "+1", "id")).isEqualTo(3);
    assertThat(get("spec", "order", "7")).isNull();
    assertThat(get("spec", "order", "x")).isNull();
    assertThat(get("spec", "replicas", "x")).isNull();
    assertThat(get()).isSameAs(OBJ);
  }

  @Test
  void negativeIndexCountsFromTheEnd() {
    assertThat(get("status", "conditions", "-1", "type")).isEqualTo("Broken");
    assertThat(get("status", "conditions", "-3", "type")).isEqualTo("Ready");
    assertThat(get("status", "conditions", "-4")).isNull();
  }

  @Test
  void listFiltersCompareAsStringNumberOrBool() {
    assertThat(get("status", "values", "[name=b]", "value")).isEqualTo(66);
    assertThat(get("status", "values", "[value=66]", "name")).isEqualTo("b");
    assertThat(get("status", "values", "[value=66.0]", "name")).isEqualTo("b");
    assertThat(get("spec", "order", "[id=3]", "value")).isEqualTo(false);
    assertThat(get("spec", "order", "[value=false]", "id")).isEqualTo(3);
    // a number filter matches strings that convert to the same number, like kube-state-metrics' toFloat64
    assertThat(get("spec", "order", "[id=5]", "value")).isEqualTo("yes");
    // "true" is also the number 1, and "yes" converts to 1: the first match wins
    assertThat(get("spec", "order", "[value=true]", "id")).isEqualTo(1);
    assertThat(get("spec", "order", "[value=T]", "id")).isEqualTo(1);
    assertThat(get("status", "values", "[name=zzz]")).isNull();
    assertThat(get("status", "values", "[missing=1]")).isNull();
    assertThat(get("spec", "replicas", "[a=b]")).isNull();
  }

  @Test
  void keyValueMatchOnObjects() {
    assertThat(get("metadata", "name=foo")).isEqualTo("foo");
    assertThat(get("metadata", "name=bar")).isNull();
    assertThat(get("metadata", "labels", "a=b")).isEqualTo("weird"); // no key "a": the whole part is the key
  }

  @Test
  void jsonStepContinuesInsideAString() {
    assertThat(get("status", "conditions", "[type=Done]", "data", "@json", "output", "models", "0", "url"))
        .isEqualTo("/m/0.pb");
    assertThat(get("status", "conditions", "1", "data", "@json", "output", "models", "-1", "url"))
        .isEqualTo("/m/1.pb");
    assertThat(get("status", "conditions", "1", "data", "@json", "score")).isEqualTo(0.93);
    assertThat(get("status", "embedded", "@json", "already", "a")).isEqualTo(1);
    assertThat(get("spec", "replicas", "@json")).isNull();
  }

  @Test
  void corruptJsonMarksTheRenderAsFailed() throws Exception {
    RenderContext ctx = new RenderContext();
    assertThat(ValuePath.compile(List.of("status", "conditions", "-1", "data", "@json", "output")).get(OBJ, ctx))
        .isNull();
    assertThat(ctx.failure).startsWith("corrupt JSON at @json");
  }

  @Test
  void malformedListLookupIsRejected() {
    assertThatThrownBy(() -> ValuePath.compile(List.of("status", "[Ready]")))
        .hasMessageContaining("invalid list lookup: [Ready]");
    assertThat(ValuePath.EMPTY.toString()).isEqualTo("[]");
  }
}
