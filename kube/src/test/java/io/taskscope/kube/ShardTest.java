package io.taskscope.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void matchesKubeStateMetricsSharding() {
    // kube-state-metrics' own test (pkg/sharding): UID "test_uid" goes to shard 0 of 2
    assertThat(new Shard(0, 2).owns("test_uid")).isTrue();
    assertThat(new Shard(1, 2).owns("test_uid")).isFalse();
    // FNV-1a 64 reference values (offset basis for "", and "a")
    assertThat(Shard.fnv64a(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(Shard.fnv64a("a".getBytes())).isEqualTo(0xaf63dc4c8601ec8cL);
    // jump hash: one bucket takes all; computed with an independent implementation of the paper's loop
    assertThat(Shard.ownerOf("a", 2)).isEqualTo(1);
    assertThat(Shard.ownerOf("a", 3)).isEqualTo(2);
    assertThat(Shard.ownerOf("e2b47a90-1c3d-4f5e-8a9b-0c1d2e3f4a5b", 10)).isEqualTo(9);
  }

  @Test
  void everyUidHasExactlyOneOwnerAndTheSplitIsEven() {
    for (int n = 1; n <= 5; n++) {
      int[] counts = new int[n];
      for (int k = 0; k < 5000; k++) {
        String uid = UUID.nameUUIDFromBytes(("o" + k).getBytes()).toString();
        int owners = 0;
        for (int i = 0; i < n; i++) {
          if (new Shard(i, n).owns(uid)) {
            owners++;
            counts[i]++;
          }
        }
        assertThat(owners).isEqualTo(1);
      }
      for (int c : counts) {
        assertThat(c).isBetween(5000 / n - 300, 5000 / n + 300);
      }
    }
  }

  @Test
  void consistentWhenShardsAreAdded() {
    // jump hash moves objects only to the new shard when n grows
    for (int k = 0; k < 2000; k++) {
      String uid = UUID.nameUUIDFromBytes(("p" + k).getBytes()).toString();
      int before = Shard.ownerOf(uid, 3);
      int after = Shard.ownerOf(uid, 4);
      assertThat(after == before || after == 3).isTrue();
    }
  }

  @Test
  void badInputIsRefusedWithOneLine() {
    assertThatThrownBy(() -> new Shard(3, 3)).hasMessage("--shard must be in 0..2 for --total-shards 3, got 3");
    assertThatThrownBy(() -> new Shard(-1, 2)).hasMessageContaining("0..1");
    assertThatThrownBy(() -> new Shard(0, 0)).hasMessage("--total-shards must be at least 1, got 0");
    assertThat(Shard.ordinalOf("taskscope-12")).isEqualTo(12);
    assertThat(Shard.ordinalOf("my-taskscope-0")).isZero();
    assertThatThrownBy(() -> Shard.ordinalOf("taskscope-7d9f8b-x2k4")).hasMessageContaining("no StatefulSet ordinal");
    assertThatThrownBy(() -> Shard.ordinalOf("taskscope")).hasMessageContaining("no StatefulSet ordinal");
    assertThatThrownBy(() -> Shard.ordinalOf("taskscope-")).hasMessageContaining("no StatefulSet ordinal");
    assertThatThrownBy(() -> Shard.ordinalOf("taskscope-99999999999")).hasMessageContaining("no StatefulSet ordinal");
    assertThatThrownBy(() -> Shard.ordinalOf(null)).hasMessageContaining("POD_NAME");
  }
}
