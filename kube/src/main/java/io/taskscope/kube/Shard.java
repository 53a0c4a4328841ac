package io.taskscope.kube;

import java.nio.charset.StandardCharsets;

/**
 * Which objects one TaskScope replica owns when the work is split like kube-state-metrics' sharding
 * ({@code --shard i --total-shards n}): an object belongs to shard {@code jump(fnv64a(uid), n)}, where {@code fnv64a} is
 * the 64-bit FNV-1a hash of the UID's bytes and {@code jump} is Lamping and Veach's jump consistent hash
 * ("A Fast, Minimal Memory, Consistent Hash Algorithm", 2014). kube-state-metrics keeps an object on the same
 * condition ({@code pkg/sharding}), so a TaskScope shard and a kube-state-metrics shard with the same i/n own the
 * same objects. Every object has exactly one owner for a given n: n shards together export each object once.
 *
 * @param index this replica's shard, 0 ≤ index < total
 * @param total number of shards, ≥ 1
 */
public record Shard(int index, int total) {
  /** The whole cluster in one replica (no filtering). */
  public static final Shard ALL = new Shard(0, 1);

  private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV64_PRIME = 0x100000001b3L;

  public Shard {
    if (total < 1) {
      throw new IllegalArgumentException("--total-shards must be at least 1, got " + total);
    }
    if (index < 0 || index >= total) {
      throw new IllegalArgumentException("--shard must be in 0.." + (total - 1) + " for --total-shards " + total
          + ", got " + index);
    }
  }

  public boolean sharded() {
    return total > 1;
  }

  /** True when this shard owns the object with that UID. Objects without a UID are kept by shard 0 only. */
  public boolean owns(String uid) {
    if (total == 1) {
      return true;
    }
    return ownerOf(uid == null ? "" : uid, total) == index;
  }

  /** The shard (0..total-1) that owns {@code uid}. */
  public static int ownerOf(String uid, int total) {
    return jump(fnv64a(uid.getBytes(StandardCharsets.UTF_8)), total);
  }

  /** 64-bit FNV-1a of {@code data}. */
  static long fnv64a(byte[] data) {
    long h = FNV64_OFFSET;
    for (byte b : data) {
      h ^= b & 0xff;
      h *= FNV64_PRIME;
    }
    return h;
  }

  /** Jump consistent hash of a 64-bit key into {@code buckets} buckets (the paper's loop; arithmetic mod 2^64). */
  static int jump(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }

  /**
   * The shard of a StatefulSet pod: the ordinal after the last {@code -} of its name ({@code taskscope-2} → 2).
   *
   * @throws IllegalArgumentException with a one-line message when the name has no numeric ordinal suffix
   */
  public static int ordinalOf(String podName) {
    if (podName == null || podName.isBlank()) {
      throw new IllegalArgumentException("--pod: no pod name (set --pod or POD_NAME) to take the shard ordinal from");
    }
    int dash = podName.lastIndexOf('-');
    String digits = podName.substring(dash + 1);
    if (dash < 0 || digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("--pod " + podName
          + ": no StatefulSet ordinal (a name ending in -<number>, e.g. taskscope-0) to take the shard from");
    }
    return Integer.parseInt(digits);
  }

  @Override
  public String toString() {
    return index + "/" + total;
  }
}
