package io.taskscope.crstate;

import static io.taskscope.crstate.TestSupport.config;
import static io.taskscope.crstate.TestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;

class KsmTextHeadersTest {
  @Test
  void headerLinesAndTypeWords() {
    assertThat(KsmTextHeaders.header(new FamilyHeader("a_info", "x\\y\nz \"q\"", MetricType.INFO), false))
        .isEqualTo("# HELP a_info x\\\\y\\nz \"q\"\n# TYPE a_info gauge\n");
    assertThat(KsmTextHeaders.header(new FamilyHeader("a_info", "", MetricType.INFO), true))
        .isEqualTo("# HELP a_info \n# TYPE a_info info\n");
    assertThat(KsmTextHeaders.typeWord(MetricType.STATESET, false)).isEqualTo("gauge");
    assertThat(KsmTextHeaders.typeWord(MetricType.STATESET, true)).isEqualTo("stateset");
    assertThat(KsmTextHeaders.typeWord(MetricType.GAUGE, true)).isEqualTo("gauge");
  }

  @Test
  void planFollowsSanitizeHeadersAndWriteAll() {
    FamilyHeader a = new FamilyHeader("a", "", MetricType.GAUGE);
    FamilyHeader b = new FamilyHeader("b", "", MetricType.GAUGE);
    FamilyHeader c = new FamilyHeader("c", "", MetricType.GAUGE);
    List<String[]> plan = KsmTextHeaders.plan(List.of(
        new KsmTextHeaders.Writer(List.of(a, a, b), true),
        new KsmTextHeaders.Writer(List.of(c), false),
        new KsmTextHeaders.Writer(List.of(b, c), true)), false);
    assertThat(plan.get(0)).containsExactly(KsmTextHeaders.header(a, false), "", KsmTextHeaders.header(b, false));
    assertThat(plan.get(1)).containsExactly("");
    assertThat(plan.get(2)).containsExactly("", ""); // c was claimed by the empty writer: never headed
  }

  @Test
  void emptyFamiliesKeepTheirHeaderWhileTheResourceHasObjects() {
    String cfg = """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: g.io, version: v1, kind: A}
              metricNamePrefix: p
              metrics:
                - {name: has, help: h, each: {type: Gauge, gauge: {path: [x]}}}
                - {name: none, help: n, each: {type: Info, info: {labelsFromPath: {y: [nope]}}}}
            - groupVersionKind: {group: g.io, version: v1, kind: B}
              metricNamePrefix: p
              metrics:
                - {name: b, help: b, each: {type: Gauge, gauge: {path: [x]}}}
        """;
    String text = CrStateRenderer.renderText(config(cfg),
        List.of(object("{apiVersion: g.io/v1, kind: A, x: 2}")), RenderErrors.IGNORE);
    assertThat(text).isEqualTo("""
        # HELP p_has h
        # TYPE p_has gauge
        p_has{customresource_group="g.io",customresource_kind="A",customresource_version="v1"} 2
        # HELP p_none n
        # TYPE p_none gauge
        """);
  }
}
