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

  /** Go's layout computed the plain way (BigDecimal), as the formatter did before it read Double.toString directly. */
  static String reference(double v) {
    if (v == 0 || v == 1 || Double.isNaN(v) || Double.isInfinite(v) || (v == Math.rint(v) && Math.abs(v) < 1e6)) {
      return TextLines.formatValue(v);
    }
    java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp) < 10 ? "0" : "").append(Math.abs(exp));
    } else {
      sb.append(d.abs().toPlainString());
    }
    return sb.toString();
  }

  @Test
  void everyMagnitudeIsLaidOutAsGoDoes() {
    java.util.Random r = new java.util.Random(11);
    for (int i = 0; i < 200_000; i++) {
      double v = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(r.nextLong()); // any double at all
        case 1 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(30) - 12);
        case 2 -> Math.round(r.nextDouble() * 1e9) / Math.pow(10, r.nextInt(12)); // short decimals
        default -> r.nextInt(2_000_000) - 1_000_000 + (r.nextBoolean() ? 0.5 : 0.0);
      };
      if (Double.isNaN(v)) {
        continue;
      }
      assertThat(TextLines.formatValue(v)).as("%s", v).isEqualTo(reference(v));
    }
    for (double v : new double[] {Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, 1e-4, 9.999e-5, 999999.9999,
        100000.5, 1e15, 123456789012.5, 0.1, 0.000123}) {
      assertThat(TextLines.formatValue(v)).as("%s", v).isEqualTo(reference(v));
    }
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
