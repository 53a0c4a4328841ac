package io.taskscope.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Small helpers to build the untyped maps of custom resources. */
final class Objs {

  private static final DateTimeFormatter ROUND_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final char[] RAND_CHARS = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

  private Objs() {
  }

  /** An ordered map from alternating keys and values; null values are left out. */
  static Map<String, Object> map(Object... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of arguments");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  @SafeVarargs
  static <T> List<T> list(T... items) {
    return new ArrayList<>(List.of(items));
  }

  /** Kubernetes metav1.Time (RFC 3339, seconds). */
  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Time format of the Sedna Python lib (ownerInfo.updateTime, FL round messages). */
  static String pyTime(Instant t) {
    return ROUND_TIME.format(t);
  }

  /** A version-4 shaped UUID drawn from the seeded random. */
  static String uid(Random rnd) {
    long msb = (rnd.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (rnd.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** Random suffix like the ones Kubernetes appends to generateName / ReplicaSet hashes. */
  static String suffix(Random rnd, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append(RAND_CHARS[rnd.nextInt(RAND_CHARS.length)]);
    }
    return sb.toString();
  }

  /** Formats a ratio like Go's json.Marshal of a float64 would (shortest representation). */
  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static double round4(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
