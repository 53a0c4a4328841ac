package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesIndexTest {
  @Test
  void keepsEveryOwnerOfAHashAndForgetsOnlyTheOneRemoved() {
    SeriesIndex index = new SeriesIndex();
    index.add(42, "a");
    index.add(42, "a"); // idempotent
    index.add(42, "b"); // a collision or a conflicting group: both owners stay
    assertThat(index.owners(42)).containsExactlyInAnyOrder("a", "b");
    index.remove(42, "a");
    assertThat(index.owners(42)).containsExactly("b");
    index.remove(42, "b");
    assertThat(index.owners(42)).isEmpty();
    assertThat(index.size()).isZero();
  }

  @Test
  void reservedHashValuesAreUsableHashes() {
    SeriesIndex index = new SeriesIndex();
    index.add(0, "zero");
    index.add(1, "one");
    assertThat(index.owners(0)).containsExactly("zero");
    assertThat(index.owners(1)).containsExactly("one");
  }

  /** Random adds and removes against a plain map of sets, through growth and tombstone clean-ups. */
  @Test
  void agreesWithAReferenceMapUnderChurn() {
    SeriesIndex index = new SeriesIndex();
    Map<Long, Set<String>> reference = new HashMap<>();
    Random rnd = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long h = rnd.nextInt(20_000) * 0x1000000001L; // clustered values stress the probing
      String owner = "g" + rnd.nextInt(3);
      if (rnd.nextInt(3) == 0) {
        index.remove(h, owner);
        Set<String> s = reference.get(h);
        if (s != null && s.remove(owner) && s.isEmpty()) {
          reference.remove(h);
        }
      } else {
        index.add(h, owner);
        reference.computeIfAbsent(h, x -> new HashSet<>()).add(owner);
      }
    }
    for (long k = 0; k < 20_000; k++) {
      long h = k * 0x1000000001L;
      assertThat(new HashSet<>(index.owners(h))).isEqualTo(reference.getOrDefault(h, Set.of()));
    }
  }

  @Test
  void seriesHashDependsOnNameLabelsAndValues() {
    PushedMetric a = PushedMetric.simple(PushType.GAUGE, 1, "instance", "", "job", "j");
    PushedMetric b = PushedMetric.simple(PushType.GAUGE, 2, "instance", "", "job", "j");
    PushedMetric c = PushedMetric.simple(PushType.GAUGE, 1, "instance", "", "job", "k");
    PushedMetric d = PushedMetric.simple(PushType.GAUGE, 1, "instance", "", "jo", "bj");
    PushedMetric a2 = PushedMetric.simple(PushType.GAUGE, 1, "instance", "", "job", "j");
    assertThat(a.seriesHash("m")).isEqualTo(b.seriesHash("m")); // the value is not part of the identity
    assertThat(a.seriesHash("m")).isNotEqualTo(a2.seriesHash("n"));
    assertThat(a.seriesHash("m")).isNotEqualTo(c.seriesHash("m"));
    assertThat(a.seriesHash("m")).isNotEqualTo(d.seriesHash("m")); // boundaries between name and value count
  }
}
