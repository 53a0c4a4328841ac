package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PushGroupTest {
  static final GroupingKey KEY = GroupingKey.of(Map.of("job", "j", "instance", "i"));

  static PushedMetric gauge(PushType kind, double v, String... labels) {
    return PushedMetric.simple(kind, v, labels).sanitized(KEY.labels(), null);
  }

  @Test
  void simpleFamiliesAreStoredAsLinesAndParseBackExactly() {
    Random r = new Random(42);
    double[] tricky = {0, 1, -1.5, -7, 999999, -999999, 1000000, 0.5, 0.1, 1e-5, 123456.789, 1e6, 1e21, -2.5e-300, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 9007199254740993.0, 1.7636256e9};
    String[] values = {"", "plain", "quo\"te", "back\\slash", "new\nline", "M\u00fcnchen \u2603 \u6e29", "{}=,"};
    for (PushType type : List.of(PushType.GAUGE, PushType.COUNTER, PushType.UNTYPED)) {
      List<PushedMetric> ms = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        double v = i < tricky.length ? tricky[i] : r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
        ms.add(gauge(type, v, "a", values[i % values.length], "series", Integer.toString(i)));
      }
      PushedFamily pf = new PushedFamily("m_" + type.textName(), i(type) ? null : "help \\ text", type, ms);
      PushGroup.Family f = new PushGroup.Family(pf, 7);
      assertThat(f.compact()).as(type.name()).isTrue();
      assertThat(f.seriesCount()).isEqualTo(300);
      StringBuilder expected = new StringBuilder();
      for (PushedMetric m : ms) {
        m.samples(pf.name(), s -> io.taskscope.core.TextLines.append(expected, s));
      }
      assertThat(new String(f.lines(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
      PushedFamily back = f.family();
      assertThat(back).isNotSameAs(pf);
      assertThat(back.help()).isEqualTo(pf.help());
      assertThat(back.metrics()).containsExactlyElementsOf(pf.metrics());
      for (int i = 0; i < ms.size(); i++) {
        assertThat(back.metrics().get(i).seriesHash(pf.name())).isEqualTo(f.seriesHashes()[i]);
      }
    }
  }

  private static boolean i(PushType t) {
    return t == PushType.UNTYPED;
  }

  @Test
  void familiesTextCannotGiveBackKeepTheirParsedForm() {
    List<PushedFamily> kept = List.of(
        new PushedFamily("neg_zero", null, PushType.GAUGE, List.of(gauge(PushType.GAUGE, -0.0))),
        new PushedFamily("kind_differs", null, PushType.GAUGE, List.of(gauge(PushType.COUNTER, 3))),
        new PushedFamily("stale_nan", null, PushType.GAUGE,
            List.of(gauge(PushType.GAUGE, Double.longBitsToDouble(0x7ff0000000000002L)))),
        new PushedFamily("h", null, PushType.HISTOGRAM, List.of(PushedMetric.histogram(3, 1.5, new double[] {1},
            new long[] {2}).sanitized(KEY.labels(), null))),
        new PushedFamily("s", null, PushType.SUMMARY, List.of(PushedMetric.summary(3, 1.5, new double[] {0.5},
            new double[] {0.2}).sanitized(KEY.labels(), null))),
        PushGroup.timestampFamily(PushGroup.PUSH_TIME, PushGroup.PUSH_TIME_HELP, KEY, 1.7e9));
    for (PushedFamily pf : kept) {
      PushGroup.Family f = new PushGroup.Family(pf, 1);
      assertThat(f.compact()).as(pf.name()).isFalse();
      assertThat(f.family()).isSameAs(pf);
    }
  }

  @Test
  void storeFormRoundTripsBothFormsAndReadsVersionOne() throws Exception {
    TreeMap<String, PushGroup.Family> fams = new TreeMap<>();
    PushedFamily g = new PushedFamily("g", "gauge help", PushType.GAUGE,
        List.of(gauge(PushType.GAUGE, 0.25, "room", "K\u00fcche")));
    PushedFamily h = new PushedFamily("h", null, PushType.HISTOGRAM, List.of(PushedMetric.histogram(3, 1.5,
        new double[] {1}, new long[] {2}).sanitized(KEY.labels(), null)));
    fams.put("g", new PushGroup.Family(g, 11));
    fams.put("h", new PushGroup.Family(h, 12));
    fams.put(PushGroup.PUSH_TIME, new PushGroup.Family(PushGroup.timestampFamily(PushGroup.PUSH_TIME,
        PushGroup.PUSH_TIME_HELP, KEY, 1.7e9), 13));
    PushGroup group = new PushGroup(KEY, "alice", 60_000L, fams);
    byte[] blob = GroupCodec.encode(group);
    assertThat(blob[0]).isEqualTo((byte) 2);
    assertSame(GroupCodec.decode(blob), group);
    assertSame(GroupCodec.decode(GroupCodec.encodeVersion1(group)), group);
  }

  static void assertSame(PushGroup back, PushGroup group) {
    assertThat(back.key().labels()).isEqualTo(group.key().labels());
    assertThat(back.tenant()).isEqualTo(group.tenant());
    assertThat(back.ttlMillis()).isEqualTo(group.ttlMillis());
    assertThat(back.families().keySet()).containsExactlyElementsOf(group.families().keySet());
    for (String n : group.families().keySet()) {
      PushGroup.Family a = group.families().get(n);
      PushGroup.Family b = back.families().get(n);
      assertThat(b.lines()).as(n).isEqualTo(a.lines());
      assertThat(b.compact()).isEqualTo(a.compact());
      assertThat(b.pushedAtNanos()).isEqualTo(a.pushedAtNanos());
      assertThat(b.family().help()).isEqualTo(a.family().help());
      assertThat(b.family().metrics()).containsExactlyElementsOf(a.family().metrics());
    }
  }
}
