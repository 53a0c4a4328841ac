package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The number scanners accept exactly what the regular expressions they replace accepted (held to them on random and
 * mutated short strings, where the old patterns are still fast), and stay linear on the inputs that made those
 * patterns backtrack for seconds or overflow the stack.
 */
class NumberSyntaxTest {
  // The replaced patterns, kept here only as the reference of the accepted language.
  static final Pattern GO_DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  static final Pattern GO_INTEGER = Pattern.compile("[+-]?[0-9]+");
  static final Pattern PY_FLOAT = Pattern.compile(
      "[+-]?(?:(?:[0-9](?:_?[0-9])*)?\\.?[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*\\."
          + "(?:[eE][+-]?[0-9](?:_?[0-9])*)?)");

  @Test
  void sameLanguageAsTheReplacedPatterns() {
    Random rnd = new Random(11);
    String alphabet = "0123456789._eE+-x ";
    for (int k = 0; k < 300_000; k++) {
      int len = rnd.nextInt(12);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        // digits most of the time, so that valid numbers are common
        sb.append(rnd.nextInt(3) == 0 ? alphabet.charAt(rnd.nextInt(alphabet.length())) : (char) ('0' + rnd.nextInt(10)));
      }
      String s = sb.toString();
      assertThat(NumberSyntax.goDecimal(s)).as("goDecimal %s", s).isEqualTo(GO_DECIMAL.matcher(s).matches());
      assertThat(NumberSyntax.goInteger(s)).as("goInteger %s", s).isEqualTo(GO_INTEGER.matcher(s).matches());
      assertThat(NumberSyntax.pythonFloat(s)).as("pythonFloat %s", s).isEqualTo(PY_FLOAT.matcher(s).matches());
    }
    for (String s : new String[] {"1", "-1.5", ".5", "5.", "1e5", "1E-5", "+.5e+3", "1_000.000_1", "1_0e1_0", "1.e5",
        "", "+", ".", "e5", "1e", "1e+", "_1", "1_", "1__0", "1._5", "1.5_", "..5", "1.2.3", "0x10", "1e5.5"}) {
      assertThat(NumberSyntax.goDecimal(s)).as(s).isEqualTo(GO_DECIMAL.matcher(s).matches());
      assertThat(NumberSyntax.pythonFloat(s)).as(s).isEqualTo(PY_FLOAT.matcher(s).matches());
    }
  }

  @Test
  void hostileDigitRunsAreRejectedOrReadInLinearTime() {
    String digits = "7".repeat(1_000_000);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(NumberSyntax.goDecimal(digits + "x")).isFalse();
      assertThat(NumberSyntax.goDecimal(digits)).isTrue();
      assertThat(NumberSyntax.pythonFloat(digits + "x")).isFalse();
      assertThat(NumberSyntax.pythonFloat("0".repeat(1_000_000))).isTrue();
      assertThat(NumberSyntax.pythonFloat("1_".repeat(500_000) + "1")).isTrue();
      // the text parser's 400 for a 20,000-digit value followed by junk (8-10 s of CPU with the old pattern)
      byte[] body = ("m " + "1".repeat(20_000) + "x\n").getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> TextFormatParser.parse(body)).isInstanceOf(TextFormatParser.ParseException.class);
      // Simplepipe values that overflowed the stack in the old pattern: a clean answer now
      assertThat(SimplepipeMetrics.parse("[{\"name\": \"a\", \"description\": \"d\", \"value\": \""
          + "0".repeat(5_000) + "\", \"metric_type\": \"gauge\"}]")).hasSize(1);
      assertThatThrownBy(() -> SimplepipeMetrics.parse("[{\"name\": \"a\", \"description\": \"d\", \"value\": \""
          + "1".repeat(2_000) + "x\", \"metric_type\": \"gauge\"}]"))
          .isInstanceOf(SimplepipeMetrics.InvalidMetricsException.class)
          .hasMessageContaining("could not convert string to float");
      // nesting is bounded before any tree is built
      assertThatThrownBy(() -> SimplepipeMetrics.parse("[".repeat(20_000) + "]".repeat(20_000)))
          .isInstanceOf(SimplepipeMetrics.InvalidMetricsException.class)
          .hasMessageContaining("nested deeper than 100 levels");
      assertThatThrownBy(() -> SimplepipeMetrics.parse("[" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "]"))
          .isInstanceOf(SimplepipeMetrics.InvalidMetricsException.class)
          .hasMessageContaining("nested deeper than 100 levels");
    });
  }
}
