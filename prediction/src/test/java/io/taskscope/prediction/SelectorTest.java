package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectorTest {
  @Test
  void rendersTheGraphsSelectorsCanonically() {
    assertThat(Selector.canonical("workload:cpu_usage:percent{cluster=\"c\", namespace=\"ns\" ,workload=\"web\"}"))
        .isEqualTo("workload:cpu_usage:percent{cluster=\"c\",namespace=\"ns\",workload=\"web\"}");
    assertThat(Selector.canonical("up")).isEqualTo("up");
    assertThat(Selector.canonical("up{job!='a',}")).isEqualTo("up{job!=\"a\"}");
  }

  @Test
  void anEscapedInjectionStaysOneLabelValue() {
    // what KgRenderer writes for a workload named "} or vector(1) or x{a="
    String q = "workload:cpu_usage:percent{workload=\"\\\"} or vector(1) or x{a=\\\"\"}";
    assertThat(Selector.canonical(q)).isEqualTo(q);
    assertThat(Selector.canonical("m{a=\"x\\ny\\x41\\u00e9\"}")).isEqualTo("m{a=\"x\\nyAé\"}");
  }

  @Test
  void refusesEverythingButOneSelector() {
    for (String bad : new String[] {"up or vector(1)", "up{a=\"b\"} or vector(1)", "sum(up)", "up[5m]",
        "up offset 1h", "up{a=~\".*\"}", "up{a!~\"x\"}", "up{a=\"b\"", "up{a=\"b}", "{a=\"b\"}", "1", "",
        "up{a=b}", "up{a=\"\\q\"}", "up{=\"x\"}", "up}", "up{a=\"x\"}}", "up{a=\"x\" b=\"y\"}"}) {
      assertThatThrownBy(() -> Selector.canonical(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PromQL");
    }
    assertThatThrownBy(() -> Selector.canonical("u".repeat(5000))).hasMessageContaining("longer than");
  }

  @Test
  void manyMatchersAndEscapesUpToTheLimit() {
    String q = "m{" + "a=\"x\",".repeat(300) + "b=\"" + "\\\"".repeat(1000) + "\"}";
    assertThat(q.length()).isLessThanOrEqualTo(Selector.MAX_LENGTH);
    assertThat(Selector.canonical(q)).startsWith("m{a=\"x\"").endsWith("\\\"\"}");
  }
}
