package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A series with very many labels costs their number, not its square: the parser's duplicate check and the hub's
 * label sanitizing switch from linear scans to a set / sorted map past a few labels (a line of 100,000 labels took
 * 23 s of CPU to reject at 1 MiB), with the same result either way.
 */
class ManyLabelsTest {
  static String line(int labels, boolean duplicateAtEnd) {
    StringBuilder sb = new StringBuilder("m{");
    for (int i = 0; i < labels; i++) {
      sb.append("l").append(i).append("=\"v").append(i).append("\",");
    }
    return sb.append(duplicateAtEnd ? "l0=\"again\"" : "last=\"x\"").append("} 1\n").toString();
  }

  @Test
  void aLineWithAHundredThousandLabelsIsParsedOrRejectedInLinearTime() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThatThrownBy(() -> TextFormatParser.parse(line(100_000, true).getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOf(TextFormatParser.ParseException.class).hasMessageContaining("duplicate label names");
      var fams = TextFormatParser.parse(line(100_000, false).getBytes(StandardCharsets.US_ASCII));
      PushedMetric m = fams.get(0).metrics().get(0);
      assertThat(m.labelCount()).isEqualTo(100_001);
      PushedMetric s = m.sanitized(Map.of("job", "j"), null);
      assertThat(s.labelCount()).isEqualTo(100_003);
    });
    // few labels still take the linear path, and a duplicate among them is still found
    assertThatThrownBy(() -> TextFormatParser.parse("m{a=\"1\",b=\"2\",a=\"3\"} 1\n".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("duplicate label names");
  }

  @Test
  void sanitizingManyLabelsGivesWhatTheLinearPathGives() {
    Random rnd = new Random(3);
    for (int k = 0; k < 2_000; k++) {
      int n = 1 + rnd.nextInt(60);
      String[] names = new String[n];
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        names[i] = "l" + rnd.nextInt(50);
        values[i] = "v" + rnd.nextInt(5);
      }
      Map<String, String> grouping = new LinkedHashMap<>();
      for (int i = rnd.nextInt(4); i > 0; i--) {
        grouping.put("l" + rnd.nextInt(60), "g" + i);
      }
      Map<String, String> extra = rnd.nextBoolean() ? Map.of("kind", "K", "l7", "x") : null;
      // the rule, written independently: body labels (first wins), extra where absent, grouping over all, instance
      TreeMap<String, String> want = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        want.putIfAbsent(names[i], values[i]);
      }
      if (extra != null) {
        extra.forEach(want::putIfAbsent);
      }
      want.putAll(grouping);
      want.putIfAbsent("instance", "");
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        labels.putIfAbsent(names[i], values[i]);
      }
      PushedMetric s = PushedMetric.simple(PushType.GAUGE, 1, rawLabels(names, values)).sanitized(grouping, extra);
      Map<String, String> got = new LinkedHashMap<>();
      for (int i = 0; i < s.labelCount(); i++) {
        got.put(s.labelName(i), s.labelValue(i));
      }
      assertThat(List.copyOf(got.entrySet())).as("%d labels", n).isEqualTo(List.copyOf(want.entrySet()));
    }
  }

  /** Alternating names and values, duplicates kept (as a parsed line may hold them before the checks). */
  static String[] rawLabels(String[] names, String[] values) {
    String[] kv = new String[names.length * 2];
    for (int i = 0; i < names.length; i++) {
      kv[2 * i] = names[i];
      kv[2 * i + 1] = values[i];
    }
    return kv;
  }
}
