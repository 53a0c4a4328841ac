package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path must give exactly what the full parser gives, or step aside. */
class SimpleTextBodyTest {
  static final String[] NAMES = {"m", "m_total", "job:rate5m", "x_sum", "x_count", "h_bucket", "a1"};
  static final String[] LABELS = {"a", "le", "quantile", "job", "instance", "_x", "__name__", "B2"};
  static final String[] VALUES = {"", "v", "1.5", "with space", "M\u00fcnchen", "q\"uote", "back\\\\slash", "a,b}"};
  static final String[] NUMBERS = {"1", "-1", "0", "-0", "1.5", ".5", "1e3", "+Inf", "NaN", "-inf", "0x1p3", "1_0",
      "12345678901234567", "1.", "abc", ""};
  static final String[] TYPES = {"gauge", "counter", "untyped", "summary", "histogram", "GAUGE", "gauge ", "bogus"};

  /** A random body; {@code clean} ones stay in the shape the fast path takes (so both sides get exercised). */
  static String body(Random r, boolean clean) {
    StringBuilder sb = new StringBuilder();
    int lines = 1 + r.nextInt(12);
    for (int i = 0; i < lines; i++) {
      String name = NAMES[r.nextInt(NAMES.length)];
      int pick = r.nextInt(8);
      if (clean && pick == 0) {
        sb.append("# TYPE ").append(name).append(' ').append(TYPES[r.nextInt(3)]).append('\n');
        continue;
      }
      if (clean && pick == 1) {
        sb.append("# HELP ").append(name).append(" some help\n");
        continue;
      }
      if (clean && pick == 2) {
        pick = 3;
      }
      switch (pick) {
        case 0 -> sb.append("# TYPE ").append(name).append(' ').append(TYPES[r.nextInt(TYPES.length)]).append('\n');
        case 1 -> sb.append("# HELP ").append(name).append(' ').append(r.nextBoolean() ? "some help" : "t\\\\x")
            .append('\n');
        case 2 -> sb.append(r.nextBoolean() ? "\n" : "# a comment\n");
        default -> {
          sb.append(name);
          int n = r.nextInt(4);
          if (n > 0 || r.nextInt(5) == 0) {
            sb.append('{');
            for (int j = 0; j < n; j++) {
              if (j > 0) {
                sb.append(',');
              }
              sb.append(LABELS[r.nextInt(clean ? 6 : LABELS.length)]).append("=\"")
                  .append(VALUES[r.nextInt(clean ? 4 : VALUES.length)]).append('"');
            }
            sb.append('}');
          }
          sb.append(' ').append(NUMBERS[r.nextInt(clean ? 10 : NUMBERS.length)]);
          if (!clean && r.nextInt(10) == 0) {
            sb.append(" 1700000000000");
          }
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }

  static byte[] mutate(byte[] b, Random r) {
    byte[] m = b.clone();
    int k = 1 + r.nextInt(3);
    for (int i = 0; i < k && m.length > 0; i++) {
      m[r.nextInt(m.length)] = (byte) " \t\n{}=\",#\\xE9a1".charAt(r.nextInt(15));
    }
    return r.nextInt(6) == 0 ? java.util.Arrays.copyOf(m, r.nextInt(m.length + 1)) : m;
  }

  @Test
  void givesWhatTheFullParserGivesOrStepsAside() {
    Random r = new Random(2026);
    int taken = 0;
    for (int i = 0; i < 30_000; i++) {
      byte[] b = body(r, i % 3 == 0).getBytes(StandardCharsets.UTF_8);
      if (i % 3 == 2) {
        b = mutate(b, r);
      }
      taken += check(b) ? 1 : 0;
    }
    assertThat(taken).as("bodies the fast path took").isGreaterThan(3_000);
  }

  @Test
  void takesTheUsualPushes() throws Exception {
    String usual = "# HELP job_duration_seconds How long the job ran.\n# TYPE job_duration_seconds gauge\n"
        + "job_duration_seconds{step=\"train\",node=\"edge-1\"} 12.75\n# TYPE records_total counter\n"
        + "records_total 1024\nplain_untyped -3\n";
    assertThat(check(usual.getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(SimpleTextBody.parse(new byte[0], 0, 0)).isEmpty();
    List<PushedFamily> f = TextFormatParser.parse(usual.getBytes(StandardCharsets.UTF_8));
    assertThat(f).extracting(PushedFamily::name).containsExactly("job_duration_seconds", "records_total",
        "plain_untyped");
    assertThat(f.get(0).help()).isEqualTo("How long the job ran.");
    assertThat(f.get(1).help()).isNull();
    assertThat(f.get(1).metrics().get(0).kind()).isEqualTo(PushType.COUNTER);
  }

  /** True when the fast path took the body (and then agreed with the full parser). */
  static boolean check(byte[] b) {
    List<PushedFamily> fast = SimpleTextBody.parse(b, 0, b.length);
    if (fast == null) {
      return false;
    }
    List<PushedFamily> full;
    try {
      full = TextFormatParser.parseGeneral(b, 0, b.length);
    } catch (TextFormatParser.ParseException e) {
      fail("fast path took a body the full parser rejects (" + e.getMessage() + "):\n"
          + new String(b, StandardCharsets.UTF_8));
      return true;
    }
    assertThat(fast).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(full);
    return true;
  }
}
