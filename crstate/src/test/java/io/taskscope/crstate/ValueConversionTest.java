package io.taskscope.crstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.core.TextLines;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueConversionTest {
  private static double f(Object v) throws GoValues.ConversionException {
    return GoValues.toFloat64(v, false);
  }

  @Test
  void numbersAndBooleans() throws Exception {
    assertThat(f(7)).isEqualTo(7);
    assertThat(f(7L)).isEqualTo(7);
    assertThat(f(43.21)).isEqualTo(43.21);
    assertThat(f(new BigInteger("123456789012345678901234"))).isEqualTo(1.2345678901234568e23);
    assertThat(f(true)).isEqualTo(1);
    assertThat(f(false)).isEqualTo(0);
    assertThat(GoValues.toFloat64(null, true)).isEqualTo(0);
    assertThatThrownBy(() -> f(null)).hasMessage("expected number but found nil value");
    assertThatThrownBy(() -> f(Map.of("a", 1))).hasMessage("expected number but was map[a:1]");
  }

  @Test
  void booleanWordsCaseInsensitive() throws Exception {
    for (String s : List.of("true", "TRUE", "Yes", "yes")) {
      assertThat(f(s)).as(s).isEqualTo(1);
    }
    for (String s : List.of("false", "No", "no", "Unknown", "UNKNOWN")) {
      assertThat(f(s)).as(s).isEqualTo(0);
    }
  }

  @Test
  void rfc3339() throws Exception {
    assertThat(f("2022-06-28T00:00:00Z")).isEqualTo(1656374400);
    assertThat(f("2022-06-28T02:00:00+02:00")).isEqualTo(1656374400);
    assertThat(f("2022-06-28T00:00:00.999Z")).isEqualTo(1656374400);
    assertThat(f("1969-12-31T23:59:59Z")).isEqualTo(-1);
    assertThatThrownBy(() -> f("2022-02-30T00:00:00Z")).isInstanceOf(GoValues.ConversionException.class);
    assertThatThrownBy(() -> f("2022-06-28 00:00:00Z")).isInstanceOf(GoValues.ConversionException.class);
  }

  @Test
  void quantities() throws Exception {
    assertThat(f("250m")).isEqualTo(0.25);
    assertThat(f("512Gi")).isEqualTo(549755813888.0);
    assertThat(f("5Gi")).isEqualTo(5.36870912e9);
    assertThat(f("1e3")).isEqualTo(1000);
    assertThat(f("1.5E3")).isEqualTo(1500);
    assertThat(f("262144k")).isEqualTo(262144000);
    assertThat(f("100n")).isEqualTo(100 * GoValues.pow10(-9));
    assertThat(f("1.5Gi")).isEqualTo(1610612736 * 1e9 * GoValues.pow10(-9));
    assertThat(f("-2Ki")).isEqualTo(-2048);
    assertThat(f("0.1")).isEqualTo(0.1);
    assertThat(f("+5")).isEqualTo(5);
    // kube-state-metrics' quirks, kept: nano rounding away from zero, int64 cap, a bare suffix is zero
    assertThat(f("1e-20")).isEqualTo(GoValues.pow10(-9));
    assertThat(f("12345678901234567890")).isEqualTo(9.223372036854775807e18);
    assertThat(f("Mi")).isEqualTo(0);
    assertThat(f("1e400")).isInfinite();
  }

  @Test
  void percentagesAndParseFloat() throws Exception {
    assertThat(f("12%")).isEqualTo(0.12);
    assertThat(f("0x1p-2")).isEqualTo(0.25);
    assertThat(f("1_000")).isEqualTo(1000);
    assertThat(f("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f("-infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(f("NaN")).isNaN();
    for (String bad : List.of("12.5%", "-5%", "abc", "1e", " 1", "1 Gi", "Pending", "", "1__0", "1.5d")) {
      assertThatThrownBy(() -> f(bad)).as(bad).isInstanceOf(GoValues.ConversionException.class);
    }
  }

  @Test
  void labelValuesFormatLikeGoPercentV() {
    assertThat(GoValues.format("s")).isEqualTo("s");
    assertThat(GoValues.format(1)).isEqualTo("1");
    assertThat(GoValues.format(1656374400L)).isEqualTo("1656374400");
    assertThat(GoValues.format(1.6563744e9)).isEqualTo("1.6563744e+09");
    assertThat(GoValues.format(0.5)).isEqualTo("0.5");
    assertThat(GoValues.format(true)).isEqualTo("true");
    assertThat(GoValues.format(null)).isEqualTo("<nil>");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, "x"));
    m.put("a", null);
    assertThat(GoValues.format(m)).isEqualTo("map[a:<nil> b:[1 x]]");
  }

  @Test
  void goFloatFormatting() {
    assertThat(GoValues.formatFloat(123456)).isEqualTo("123456");
    assertThat(GoValues.formatFloat(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.formatFloat(5.36870912e9)).isEqualTo("5.36870912e+09");
    assertThat(GoValues.formatFloat(0.0001)).isEqualTo("0.0001");
    assertThat(GoValues.formatFloat(0.00001)).isEqualTo("1e-05");
    assertThat(GoValues.formatFloat(-43.21)).isEqualTo("-43.21");
    assertThat(GoValues.formatFloat(1e21)).isEqualTo("1e+21");
    assertThat(GoValues.formatFloat(Double.NaN)).isEqualTo("NaN");
    assertThat(GoValues.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  /**
   * kube-state-metrics writes sample values with strconv.FormatFloat(v, 'g', -1, 64): exponent form from 1e6 on.
   * core's TextLines must write the same, since it renders every sample line.
   */
  @Test
  void sampleValuesAsKubeStateMetricsWritesThem() {
    for (double v : new double[] {1.6563744e9, 262144000, 5.36870912e9, 1e6, 999999, 0.1}) {
      assertThat(TextLines.formatValue(v)).isEqualTo(GoValues.formatFloat(v));
    }
  }
}
