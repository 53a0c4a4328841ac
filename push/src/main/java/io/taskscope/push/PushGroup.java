package io.taskscope.push;

import io.taskscope.core.Sample;
import io.taskscope.core.TextLines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group as stored: its grouping key, owner, expiry and families, each family already sanitized (grouping labels
 * applied, {@code instance} added, labels sorted) and rendered to exposition lines once, so that a scrape only copies
 * bytes. {@code push_time_seconds} and {@code push_failure_time_seconds} are families of the group, as in Pushgateway.
 * Immutable.
 */
public final class PushGroup {
  public static final String PUSH_TIME = "push_time_seconds";
  public static final String PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
  public static final String FAILURE_TIME = "push_failure_time_seconds";
  public static final String FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

  /** A family of the group, with the time of the push that wrote it and its rendered lines. */
  public static final class Family {
    private final PushedFamily family;
    private final long pushedAtNanos;
    private final byte[] lines;
    private final int seriesCount;

    Family(PushedFamily family, long pushedAtNanos) {
      this.family = family;
      this.pushedAtNanos = pushedAtNanos;
      StringBuilder sb = new StringBuilder(64 * family.metrics().size());
      int[] n = {0};
      for (PushedMetric m : family.metrics()) {
        m.samples(family.name(), s -> {
          TextLines.append(sb, s);
          n[0]++;
        });
      }
      this.lines = sb.toString().getBytes(StandardCharsets.UTF_8);
      this.seriesCount = n[0];
    }

    public PushedFamily family() {
      return family;
    }

    public String name() {
      return family.name();
    }

    public long pushedAtNanos() {
      return pushedAtNanos;
    }

    /** Rendered sample lines; do not modify. */
    public byte[] lines() {
      return lines;
    }

    public int seriesCount() {
      return seriesCount;
    }

    public void forEachSample(java.util.function.Consumer<Sample> visitor) {
      for (PushedMetric m : family.metrics()) {
        m.samples(family.name(), visitor);
      }
    }
  }

  private final GroupingKey key;
  private final String tenant;
  private final Long ttlMillis;
  private final Map<String, Family> families;
  private final int seriesCount;

  PushGroup(GroupingKey key, String tenant, Long ttlMillis, Map<String, Family> families) {
    this.key = key;
    this.tenant = tenant == null ? "" : tenant;
    this.ttlMillis = ttlMillis;
    this.families = Collections.unmodifiableMap(new TreeMap<>(families));
    int n = 0;
    for (Family f : this.families.values()) {
      n += f.seriesCount;
    }
    this.seriesCount = n;
  }

  public GroupingKey key() {
    return key;
  }

  public String tenant() {
    return tenant;
  }

  /** TTL set by the last push (header or tenant default), or null for none. */
  public Long ttlMillis() {
    return ttlMillis;
  }

  /** Families by name, sorted. */
  public Map<String, Family> families() {
    return families;
  }

  public int seriesCount() {
    return seriesCount;
  }

  public double pushTimeSeconds() {
    return timestampValue(PUSH_TIME);
  }

  public double failureTimeSeconds() {
    return timestampValue(FAILURE_TIME);
  }

  private double timestampValue(String name) {
    Family f = families.get(name);
    return f == null || f.family.metrics().isEmpty() ? 0 : f.family.metrics().get(0).value();
  }

  /** Pushgateway's rule: false when the last failure is later than the last success. */
  public boolean lastPushSuccessful() {
    if (!families.containsKey(FAILURE_TIME) || !families.containsKey(PUSH_TIME)) {
      return true;
    }
    return failureTimeSeconds() <= pushTimeSeconds();
  }

  /** Epoch millis at which the group expires, or null. */
  public Long expiresAtMillis() {
    if (ttlMillis == null) {
      return null;
    }
    return (long) (Math.max(pushTimeSeconds(), failureTimeSeconds()) * 1000) + ttlMillis;
  }

  /** The timestamp gauge of a group: one metric carrying the grouping labels (and {@code instance=""}). */
  static PushedFamily timestampFamily(String name, String help, GroupingKey key, double seconds) {
    PushedMetric m = PushedMetric.simple(PushType.GAUGE, seconds).sanitized(key.labels(), null);
    return new PushedFamily(name, help, PushType.GAUGE, List.of(m));
  }

  static double seconds(long epochNanos) {
    return epochNanos / 1e9;
  }

  List<String> familyNames() {
    return new ArrayList<>(families.keySet());
  }
}
