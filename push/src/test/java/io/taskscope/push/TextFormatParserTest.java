package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextFormatParserTest {
  static List<PushedFamily> parse(String s) throws Exception {
    return TextFormatParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesTypesHelpLabelsAndFoldsHistogramsAndSummaries() throws Exception {
    List<PushedFamily> f = parse("# HELP a A \\\\ b\\n\n# TYPE a gauge\na{x=\"1\",y=\"q\\\"\\n\"} 1.5\n"
        + "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
        + "# TYPE s summary\ns{quantile=\"0.9\"} 7\ns_sum 2\ns_count 3\nu 4\n");
    assertThat(f).extracting(PushedFamily::name).containsExactly("a", "h", "s", "u");
    assertThat(f.get(0).help()).isEqualTo("A \\ b\n");
    assertThat(f.get(0).metrics().get(0).label("y")).isEqualTo("q\"\n");
    PushedMetric h = f.get(1).metrics().get(0);
    assertThat(h.count()).isEqualTo(2);
    assertThat(h.sum()).isEqualTo(3);
    assertThat(h.bounds).containsExactly(0.5, Double.POSITIVE_INFINITY);
    assertThat(f.get(2).metrics().get(0).quantiles).containsExactly(0.9);
    assertThat(f.get(3).type()).isEqualTo(PushType.UNTYPED);
    assertThat(f.get(3).help()).isNull();
  }

  @Test
  void keepsTimestampsAndDropsEmptyFamilies() throws Exception {
    List<PushedFamily> f = parse("# HELP e only help\nx 1 -5\n");
    assertThat(f).hasSize(1);
    assertThat(f.get(0).metrics().get(0).timestampMs()).isEqualTo(-5L);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "x 1|text format parsing error in line 1: unexpected end of input stream",
      "x{a=\"\\q\"} 1\\n|text format parsing error in line 1: invalid escape sequence '\\q'",
      "x{a=\"1\",a=\"2\"} 1\\n|text format parsing error in line 1: duplicate label names for metric \"x\"",
      "x{__name__=\"1\"} 1\\n|text format parsing error in line 1: label name \"__name__\" is reserved",
      "x{a=1} 1\\n|text format parsing error in line 1: expected '\"' at start of label value, found '1'",
      "x abc\\n|text format parsing error in line 1: expected float as value, got \"abc\"",
      "x 1 2 3\\n|text format parsing error in line 1: spurious string after timestamp: \" 3\"",
      "x 1 abc\\n|text format parsing error in line 1: expected integer as timestamp, got \"abc\"",
      "# TYPE x foo\\n|text format parsing error in line 1: unknown metric type \"foo\"",
      "# TYPE x gauge\\n# TYPE x gauge\\n|text format parsing error in line 2: second TYPE line for metric name \"x\", or TYPE reported after samples",
      "# HELP x a\\n# HELP x b\\n|text format parsing error in line 2: second HELP line for metric name \"x\"",
      "-x 1\\n|text format parsing error in line 1: invalid metric name",
      "# HELP -x 1\\n|text format parsing error in line 1: invalid metric name in comment",
      "x{,} 1\\n|text format parsing error in line 1: invalid label name for metric \"x\"",
      "x 1e400\\n|text format parsing error in line 1: expected float as value, got \"1e400\"",
      "x 0x1\\n|text format parsing error in line 1: expected float as value, got \"0x1\"",
      "x 1_0\\n|text format parsing error in line 1: expected float as value, got \"1_0\"",
      "# TYPE h histogram\\nh_bucket{le=\"a\"} 1\\n|text format parsing error in line 2: expected float as value for 'le' label, got \"a\"",
      "# TYPE s summary\\ns{quantile=\"x\"} 1\\n|text format parsing error in line 2: expected float as value for 'quantile' label, got \"x\"",
      "x\\r\\n|text format parsing error in line 1: expected float as value, got \"\\r\"",
      "x{a=\"1\"\\n|text format parsing error in line 1: unexpected end of label value \"1\"",
  })
  void rejectsLikePushgateway(String body, String message) {
    String b = body.replace("\\n", "\n").replace("\\r", "\r");
    assertThatThrownBy(() -> parse(b)).hasMessage(message);
  }

  @Test
  void rejectsInvalidUtf8LabelValues() {
    byte[] b = "x{a=\"\u0000\"} 1\n".getBytes(StandardCharsets.ISO_8859_1);
    b[5] = (byte) 0xff;
    assertThatThrownBy(() -> TextFormatParser.parse(b))
        .hasMessage("text format parsing error in line 1: invalid label value \"\\xff\"");
  }

  @Test
  void acceptsGoFloatSpellings() throws Exception {
    List<PushedFamily> f = parse("a +Inf\nb -inf\nc NaN\nd .5\ne 5.\nf 1E3\n");
    assertThat(f).extracting(x -> x.metrics().get(0).value())
        .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0.5, 5.0, 1000.0);
  }
}
