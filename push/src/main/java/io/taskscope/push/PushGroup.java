package io.taskscope.push;

import io.taskscope.core.FamilyBody;
import io.taskscope.core.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * A family of the group: the time of the push that wrote it, its rendered lines and one series hash per metric.
   *
   * <p>Why no parsed metrics: a scrape only copies the lines and the hub's checks only need the hashes, so keeping the
   * metric objects as well would triple the memory of a stored series for the rare readers (JSON API, protobuf
   * scrapes, conflict reports). Those get the family back by parsing its lines. Families whose lines cannot give them
   * back exactly (a protobuf metric whose value kind differs from its family's type, timestamps, -0, NaN payloads,
   * histograms and summaries whose counts or buckets do not survive text) and the one-sample push-time families keep
   * their parsed form.
   */
  public static final class Family implements FamilyBody {
    private final String name;
    private final String help;
    private final PushType type;
    private final long pushedAtNanos;
    private final byte[] lines;
    private final long[] seriesHashes;
    private final int seriesCount;
    private final PushedFamily kept;

    Family(PushedFamily family, long pushedAtNanos) {
      this.name = family.name();
      this.help = family.help();
      this.type = family.type();
      this.pushedAtNanos = pushedAtNanos;
      List<PushedMetric> metrics = family.metrics();
      LineBuffer out = new LineBuffer(72 * metrics.size());
      long[] hashes = new long[metrics.size()];
      int n = 0;
      boolean exact = !name.equals(PUSH_TIME) && !name.equals(FAILURE_TIME) && GoText.isValidMetricName(name);
      for (int i = 0; i < hashes.length; i++) {
        PushedMetric m = metrics.get(i);
        n += m.appendLines(out, name);
        hashes[i] = m.seriesHash(name);
        exact &= m.survivesText(type);
      }
      this.lines = out.toByteArray();
      this.seriesHashes = hashes;
      this.seriesCount = n;
      this.kept = exact ? null : family;
    }

    /**
     * A compact family read back from the store: its lines as written (not rendered again), its hashes from the
     * metrics they parse to.
     */
    Family(String name, String help, PushType type, long pushedAtNanos, byte[] lines)
        throws TextFormatParser.ParseException {
      List<PushedMetric> metrics = parseLines(name, type, lines);
      this.name = name;
      this.help = help;
      this.type = type;
      this.pushedAtNanos = pushedAtNanos;
      this.lines = lines;
      this.seriesHashes = new long[metrics.size()];
      for (int i = 0; i < seriesHashes.length; i++) {
        seriesHashes[i] = metrics.get(i).seriesHash(name);
      }
      this.seriesCount = metrics.size(); // compact families are gauges, counters and untyped: a line per metric
      this.kept = null;
    }

    /** The metrics of a compact family's lines, parsed under a {@code # TYPE} line of the family. */
    private static List<PushedMetric> parseLines(String name, PushType type, byte[] lines)
        throws TextFormatParser.ParseException {
      byte[] header = ("# TYPE " + name + " " + type.textName() + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] text = Arrays.copyOf(header, header.length + lines.length);
      System.arraycopy(lines, 0, text, header.length, lines.length);
      List<PushedFamily> parsed = TextFormatParser.parse(text);
      return parsed.isEmpty() ? List.of() : parsed.get(0).metrics();
    }

    /** The family as pushed (sanitized): kept, or parsed back from its lines. */
    public PushedFamily family() {
      if (kept != null) {
        return kept;
      }
      try {
        return new PushedFamily(name, help, type, parseLines(name, type, lines));
      } catch (TextFormatParser.ParseException e) {
        throw new IllegalStateException("stored lines of " + name + " do not parse: " + e.getMessage(), e);
      }
    }

    /** True when {@link #family()} is parsed from the lines (the compact form), false when the family was kept. */
    boolean compact() {
      return kept == null;
    }

    public String name() {
      return name;
    }

    /** HELP as pushed, null when the push had none. */
    public String help() {
      return help;
    }

    public String helpOrEmpty() {
      return help == null ? "" : help;
    }

    public PushType type() {
      return type;
    }

    public long pushedAtNanos() {
      return pushedAtNanos;
    }

    /** Rendered sample lines; do not modify. */
    public byte[] lines() {
      return lines;
    }

    /** One {@link PushedMetric#seriesHash} per metric; do not modify. */
    long[] seriesHashes() {
      return seriesHashes;
    }

    public int seriesCount() {
      return seriesCount;
    }

    @Override
    public boolean isEmpty() {
      return seriesCount == 0;
    }

    @Override
    public void writeLines(java.io.OutputStream out) throws java.io.IOException {
      out.write(lines);
    }

    @Override
    public void forEachSample(java.util.function.Consumer<Sample> visitor) {
      PushedFamily f = family();
      for (PushedMetric m : f.metrics()) {
        m.samples(name, visitor);
      }
    }
  }

  private final GroupingKey key;
  private final String tenant;
  private final Long ttlMillis;
  private final long storedBytes;
  private final Map<String, Family> families;
  private final int seriesCount;

  PushGroup(GroupingKey key, String tenant, Long ttlMillis, Map<String, Family> families) {
    this.key = key;
    this.tenant = tenant == null ? "" : tenant;
    this.ttlMillis = ttlMillis;
    this.families = Collections.unmodifiableMap(new TreeMap<>(families));
    int n = 0;
    long bytes = key.key().length();
    for (Family f : this.families.values()) {
      n += f.seriesCount;
      bytes += f.lines().length;
    }
    this.seriesCount = n;
    this.storedBytes = bytes;
  }

  /** The rendered lines of every family (what a group mostly costs in memory), plus the key. */
  public long storedBytes() {
    return storedBytes;
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
    if (f == null) {
      return 0;
    }
    List<PushedMetric> ms = f.family().metrics(); // kept: push-time families never go compact
    return ms.isEmpty() ? 0 : ms.get(0).value();
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
    long at = (long) (Math.max(pushTimeSeconds(), failureTimeSeconds()) * 1000);
    // saturating: a TTL stored before push.maxTtl existed may be near Long.MAX_VALUE (then: never expires)
    long sum = at + ttlMillis;
    return ((at ^ sum) & (ttlMillis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
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
