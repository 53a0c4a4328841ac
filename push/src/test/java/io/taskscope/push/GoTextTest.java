package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GoTextTest {
  @Test
  void theFastFloatPathAgreesWithTheGeneralOneBitForBit() {
    String alphabet = "-+0123456789..eE";
    Random r = new Random(7);
    int fast = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 1 + r.nextInt(18);
      for (int j = 0; j < len; j++) {
        // mostly digits, so that many strings take the fast path
        sb.append(r.nextInt(4) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('0' + r.nextInt(10)));
      }
      check(sb.toString());
      fast += GoText.plainDecimal(sb.toString()) != null ? 1 : 0;
    }
    for (String s : new String[] {"-0", "0", "-0.0", "1.", ".5", "-.5", "007", "999999999999999", "9999999999999999",
        "1234567.8901234", "-", ".", "-.", "1e5", "+1", "1..2", "0.1", "1.7636256e+09", "123456789012345.6"}) {
      check(s);
    }
    assertThat(fast).isGreaterThan(50_000);
    assertThat(GoText.parseFloat("-0")).isEqualTo(-0.0);
    assertThat(Double.doubleToRawLongBits(GoText.parseFloat("-0"))).isEqualTo(Long.MIN_VALUE);
  }

  private static void check(String s) {
    Double f = GoText.plainDecimal(s);
    if (f != null) {
      Double g = GoText.parseFloatGeneral(s);
      assertThat(g).as(s).isNotNull();
      assertThat(Double.doubleToRawLongBits(f)).as(s).isEqualTo(Double.doubleToRawLongBits(g));
    }
  }
}
