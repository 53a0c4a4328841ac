package io.taskscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLinesTest {
  @Test
  void valuesAreWrittenLikeGoPercentV() {
    assertThat(TextLines.formatValue(0)).isEqualTo("0");
    assertThat(TextLines.formatValue(1)).isEqualTo("1");
    assertThat(TextLines.formatValue(1532)).isEqualTo("1532");
    assertThat(TextLines.formatValue(1.7636256E9)).isEqualTo("1.7636256e+09");
    assertThat(TextLines.formatValue(1e6)).isEqualTo("1e+06");
    assertThat(TextLines.formatValue(123456)).isEqualTo("123456");
    assertThat(TextLines.formatValue(999999.5)).isEqualTo("999999.5");
    assertThat(TextLines.formatValue(0.13968668407310705)).isEqualTo("0.13968668407310705");
    assertThat(TextLines.formatValue(43.21)).isEqualTo("43.21");
    assertThat(TextLines.formatValue(-2.5)).isEqualTo("-2.5");
    assertThat(TextLines.formatValue(0.0001)).isEqualTo("0.0001");
    assertThat(TextLines.formatValue(0.00001)).isEqualTo("1e-05");
    assertThat(TextLines.formatValue(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(TextLines.formatValue(1e21)).isEqualTo("1e+21");
    assertThat(TextLines.formatValue(1234567.25)).isEqualTo("1.23456725e+06");
    assertThat(TextLines.formatValue(1.25e22)).isEqualTo("1.25e+22");
    assertThat(TextLines.formatValue(Double.NaN)).isEqualTo("NaN");
    assertThat(TextLines.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void labelValuesAreEscaped() {
    Sample s = Sample.of("m", 2, "a", "x\"y\\z\nw", "b", "");
    assertThat(TextLines.render(s)).isEqualTo("m{a=\"x\\\"y\\\\z\\nw\",b=\"\"} 2\n");
  }

  @Test
  void sampleWithoutLabelsHasNoBraces() {
    assertThat(TextLines.render(Sample.of("up", 1))).isEqualTo("up 1\n");
  }
}
