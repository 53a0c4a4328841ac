package io.taskscope.crstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Value conversions of custom-resource fields (written by whoever may create the resource) stay linear: the number
 * patterns are possessive, and accept exactly what the backtracking ones they replaced accepted.
 */
class GoValuesLinearTest {
  static final Pattern OLD_DEC_FLOAT = Pattern.compile("[+-]?([0-9_]+\\.?[0-9_]*|\\.[0-9_]+)([eE][+-]?[0-9_]+)?");
  static final Pattern NEW_DEC_FLOAT = Pattern.compile("[+-]?+([0-9_]++\\.?+[0-9_]*+|\\.[0-9_]++)([eE][+-]?+[0-9_]++)?+");
  static final Pattern OLD_HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F_]+\\.?[0-9a-fA-F_]*|\\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+");
  static final Pattern NEW_HEX =
      Pattern.compile("[+-]?+0[xX]([0-9a-fA-F_]++\\.?+[0-9a-fA-F_]*+|\\.[0-9a-fA-F_]++)[pP][+-]?+[0-9_]++");
  static final Pattern OLD_DEC = Pattern.compile("[+-]?[0-9]*\\.?[0-9]*");
  static final Pattern NEW_DEC = Pattern.compile("[+-]?+[0-9]*+\\.?+[0-9]*+");

  @Test
  void possessivePatternsAcceptTheSameLanguage() {
    Random rnd = new Random(5);
    String alphabet = "0123456789abcdefABCDEF._eEpPxX+-%";
    for (int k = 0; k < 300_000; k++) {
      int len = rnd.nextInt(12);
      StringBuilder sb = new StringBuilder(rnd.nextInt(4) == 0 ? "0x" : "");
      for (int i = 0; i < len; i++) {
        sb.append(rnd.nextInt(2) == 0 ? alphabet.charAt(rnd.nextInt(alphabet.length())) : (char) ('0' + rnd.nextInt(10)));
      }
      String s = sb.toString();
      assertThat(NEW_DEC_FLOAT.matcher(s).matches()).as(s).isEqualTo(OLD_DEC_FLOAT.matcher(s).matches());
      assertThat(NEW_HEX.matcher(s).matches()).as(s).isEqualTo(OLD_HEX.matcher(s).matches());
      assertThat(NEW_DEC.matcher(s).matches()).as(s).isEqualTo(OLD_DEC.matcher(s).matches());
    }
  }

  @Test
  void longDigitRunsWithJunkAreRejectedInOnePass() {
    String digits = "9".repeat(200_000);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(GoValues.parseFloat(digits + "x")).isNull();
      assertThat(GoValues.parseFloat("0x" + "f".repeat(200_000) + "x")).isNull();
      assertThat(GoValues.parseInt64(digits + "x")).isNull();
      assertThat(GoValues.parseFloat("1" + "0".repeat(200) + ".5")).isNotNull();
    });
  }
}
