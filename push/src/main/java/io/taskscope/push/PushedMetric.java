package io.taskscope.push;

import io.taskscope.core.Sample;
import io.taskscope.core.TextLines;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One metric (series, or for summaries/histograms one set of related series) of a pushed family, immutable. Counts are
 * unsigned 64-bit values held in a long, as client_model holds them.
 */
public final class PushedMetric {
  private static final String[] NONE = new String[0];
  private static final double[] NO_D = new double[0];
  private static final long[] NO_L = new long[0];

  final String[] names;
  final String[] values;
  /** Which value field is set (client_model allows a metric to carry any); null when none is. */
  final PushType kind;
  final double value;
  final long count;
  final double sum;
  final double[] quantiles;
  final double[] quantileValues;
  final double[] bounds;
  final long[] cumulative;
  final Long timestampMs;
  /** {@link #seriesHash} once computed (0 = not yet): the hub hashes a stored metric when indexing and unindexing. */
  private long hash;

  PushedMetric(String[] names, String[] values, PushType kind, double value, long count, double sum,
      double[] quantiles, double[] quantileValues, double[] bounds, long[] cumulative, Long timestampMs) {
    this.names = names == null ? NONE : names;
    this.values = values == null ? NONE : values;
    this.kind = kind;
    this.value = value;
    this.count = count;
    this.sum = sum;
    // Empty arrays share one instance: a stored gauge would otherwise carry four empty arrays of its own.
    this.quantiles = quantiles == null || quantiles.length == 0 ? NO_D : quantiles;
    this.quantileValues = quantileValues == null || quantileValues.length == 0 ? NO_D : quantileValues;
    this.bounds = bounds == null || bounds.length == 0 ? NO_D : bounds;
    this.cumulative = cumulative == null || cumulative.length == 0 ? NO_L : cumulative;
    this.timestampMs = timestampMs;
  }

  public static PushedMetric simple(PushType kind, double value, String... nameValuePairs) {
    String[] n = new String[nameValuePairs.length / 2];
    String[] v = new String[n.length];
    for (int i = 0; i < n.length; i++) {
      n[i] = nameValuePairs[2 * i];
      v[i] = nameValuePairs[2 * i + 1];
    }
    return new PushedMetric(n, v, kind, value, 0, 0, null, null, null, null, null);
  }

  public static PushedMetric summary(long count, double sum, double[] q, double[] qv, String... nameValuePairs) {
    PushedMetric s = simple(PushType.SUMMARY, 0, nameValuePairs);
    return new PushedMetric(s.names, s.values, PushType.SUMMARY, 0, count, sum, q, qv, null, null, null);
  }

  public static PushedMetric histogram(long count, double sum, double[] bounds, long[] cum, String... nameValuePairs) {
    PushedMetric s = simple(PushType.HISTOGRAM, 0, nameValuePairs);
    return new PushedMetric(s.names, s.values, PushType.HISTOGRAM, 0, count, sum, null, null, bounds, cum, null);
  }

  public int labelCount() {
    return names.length;
  }

  public String labelName(int i) {
    return names[i];
  }

  public String labelValue(int i) {
    return values[i];
  }

  public String label(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  public PushType kind() {
    return kind;
  }

  public double value() {
    return value;
  }

  public Long timestampMs() {
    return timestampMs;
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /**
   * Pushgateway's {@code sanitizeLabels}: grouping labels replace body labels of the same name, an empty
   * {@code instance} is added when there is none, labels end up sorted by name. {@code extra} labels (the task join)
   * are added only where the metric has no label of that name.
   */
  PushedMetric sanitized(Map<String, String> grouping, Map<String, String> extra) {
    int cap = names.length + grouping.size() + (extra == null ? 0 : extra.size()) + 1;
    if (cap > LINEAR_LABELS) {
      return sanitizedMany(grouping, extra);
    }
    String[] n = new String[cap];
    String[] v = new String[cap];
    int k = 0;
    // Small arrays and linear searches instead of a sorted map per metric: this runs for every pushed series.
    for (int i = 0; i < names.length; i++) {
      if (indexOf(n, k, names[i]) < 0) {
        n[k] = names[i];
        v[k++] = values[i];
      }
    }
    if (extra != null) {
      for (Map.Entry<String, String> e : extra.entrySet()) {
        if (indexOf(n, k, e.getKey()) < 0) {
          n[k] = e.getKey();
          v[k++] = e.getValue();
        }
      }
    }
    for (Map.Entry<String, String> e : grouping.entrySet()) {
      int at = indexOf(n, k, e.getKey());
      if (at >= 0) {
        v[at] = e.getValue();
      } else {
        n[k] = e.getKey();
        v[k++] = e.getValue();
      }
    }
    if (indexOf(n, k, "instance") < 0) {
      n[k] = "instance";
      v[k++] = "";
    }
    for (int i = 1; i < k; i++) { // insertion sort by name, values alongside
      String ni = n[i];
      String vi = v[i];
      int j = i - 1;
      while (j >= 0 && n[j].compareTo(ni) > 0) {
        n[j + 1] = n[j];
        v[j + 1] = v[j];
        j--;
      }
      n[j + 1] = ni;
      v[j + 1] = vi;
    }
    return new PushedMetric(Arrays.copyOf(n, k), Arrays.copyOf(v, k), kind, value, count, sum,
        quantiles, quantileValues, bounds, cumulative, timestampMs);
  }

  /** Past this many labels the linear searches and insertion sort of {@link #sanitized} would cost their square. */
  private static final int LINEAR_LABELS = 32;

  /** {@link #sanitized} for a metric with many labels: the same result through a sorted map. */
  private PushedMetric sanitizedMany(Map<String, String> grouping, Map<String, String> extra) {
    java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      m.putIfAbsent(names[i], values[i]);
    }
    if (extra != null) {
      extra.forEach(m::putIfAbsent);
    }
    m.putAll(grouping);
    m.putIfAbsent("instance", "");
    return new PushedMetric(m.keySet().toArray(String[]::new), m.values().toArray(String[]::new), kind, value, count,
        sum, quantiles, quantileValues, bounds, cumulative, timestampMs);
  }

  private static int indexOf(String[] a, int len, String s) {
    for (int i = 0; i < len; i++) {
      if (a[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }

  /** True when two labels have the same name (after sorting, as client_golang checks). */
  String duplicateLabelName() {
    String[] sorted = names.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].equals(sorted[i - 1])) {
        return sorted[i];
      }
    }
    return null;
  }

  /** True when this metric has exactly these labels (both sorted, as stored). */
  boolean hasLabels(String[] otherNames, String[] otherValues) {
    return Arrays.equals(names, otherNames) && Arrays.equals(values, otherValues);
  }

  /**
   * A 64-bit hash of the series identity (family name and sorted label pairs; labels must already be sanitized): the
   * hub indexes every stored series by it. Equal identities give equal hashes; different ones collide with
   * probability about 2^-64, and the hub compares the labels of a match before it reports a conflict.
   */
  long seriesHash(String family) {
    // a metric always belongs to one family, so its hash can be kept
    if (hash != 0) {
      return hash;
    }
    long h = mix(0x9E3779B97F4A7C15L, family);
    for (int i = 0; i < names.length; i++) {
      h = mix(h * 31 + 1, names[i]);
      h = mix(h * 31 + 2, values[i]);
    }
    hash = h;
    return h;
  }

  private static long mix(long h, String s) {
    h ^= s.length();
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    // murmur3's finalizer, so that similar keys spread over the whole table
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /**
   * Appends this metric's exposition lines (what {@link #samples} visits, rendered) and returns how many there are.
   * Gauges, counters and untyped metrics are written straight from the label arrays: the push path renders every
   * stored series once.
   */
  int appendLines(LineBuffer out, String family) {
    if (kind == PushType.GAUGE || kind == PushType.COUNTER || kind == PushType.UNTYPED) {
      out.line(family, names, values, value);
      return 1;
    }
    int[] n = {0};
    samples(family, s -> {
      out.text(TextLines.render(s));
      n[0]++;
    });
    return n[0];
  }

  /**
   * True when parsing this metric's lines under a {@code # TYPE} line of {@code familyType} gives back an equal
   * metric: a simple value of the family's own kind, no timestamp, a value the text form writes exactly (not -0, not a
   * NaN with a payload) and label names the text format can carry. Histograms and summaries are not checked (their
   * buckets and counts have more ways to differ) and count as not surviving.
   */
  boolean survivesText(PushType familyType) {
    if (kind != familyType || timestampMs != null
        || !(kind == PushType.GAUGE || kind == PushType.COUNTER || kind == PushType.UNTYPED)) {
      return false;
    }
    long bits = Double.doubleToRawLongBits(value);
    if (bits == Long.MIN_VALUE || (Double.isNaN(value) && bits != Double.doubleToRawLongBits(Double.NaN))) {
      return false;
    }
    for (String n : names) {
      if (!GoText.isValidLabelName(n)) {
        return false;
      }
    }
    return true;
  }

  /** The exposition samples of this metric, as Prometheus' text writer lays them out. */
  void samples(String family, Consumer<Sample> out) {
    if (kind == null) {
      return;
    }
    switch (kind) {
      case COUNTER, GAUGE, UNTYPED -> out.accept(new Sample(family, names, values, value));
      case SUMMARY -> {
        for (int i = 0; i < quantiles.length; i++) {
          out.accept(new Sample(family, plus(names, "quantile"), plus(values, GoText.formatFloat(quantiles[i])),
              quantileValues[i]));
        }
        out.accept(new Sample(family + "_sum", names, values, sum));
        out.accept(new Sample(family + "_count", names, values, GoText.unsignedToDouble(count)));
      }
      case HISTOGRAM -> {
        boolean inf = false;
        for (int i = 0; i < bounds.length; i++) {
          inf |= bounds[i] == Double.POSITIVE_INFINITY;
          out.accept(new Sample(family + "_bucket", plus(names, "le"), plus(values, GoText.formatFloat(bounds[i])),
              GoText.unsignedToDouble(cumulative[i])));
        }
        if (!inf) {
          out.accept(new Sample(family + "_bucket", plus(names, "le"), plus(values, "+Inf"),
              GoText.unsignedToDouble(count)));
        }
        out.accept(new Sample(family + "_sum", names, values, sum));
        out.accept(new Sample(family + "_count", names, values, GoText.unsignedToDouble(count)));
      }
    }
  }

  int sampleCount() {
    if (kind == null) {
      return 0;
    }
    return switch (kind) {
      case SUMMARY -> quantiles.length + 2;
      case HISTOGRAM -> {
        boolean inf = false;
        for (double b : bounds) {
          inf |= b == Double.POSITIVE_INFINITY;
        }
        yield bounds.length + (inf ? 0 : 1) + 2;
      }
      default -> 1;
    };
  }

  private static String[] plus(String[] a, String x) {
    String[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = x;
    return r;
  }

  /** The metric in golang/protobuf's compact text form, as client_golang prints it in consistency errors. */
  String protoText() {
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < names.length; i++) {
      sb.append("label:<name:").append(GoText.quote(names[i])).append(" value:").append(GoText.quote(values[i]))
          .append(" > ");
    }
    if (kind != null) {
      switch (kind) {
        case GAUGE, COUNTER, UNTYPED -> sb.append(kind.protoField()).append(":<value:")
            .append(GoText.protoFloat(value)).append(" > ");
        case SUMMARY -> {
          sb.append("summary:<sample_count:").append(Long.toUnsignedString(count)).append(" sample_sum:")
              .append(GoText.protoFloat(sum)).append(' ');
          for (int i = 0; i < quantiles.length; i++) {
            sb.append("quantile:<quantile:").append(GoText.protoFloat(quantiles[i])).append(" value:")
                .append(GoText.protoFloat(quantileValues[i])).append(" > ");
          }
          sb.append("> ");
        }
        case HISTOGRAM -> {
          sb.append("histogram:<sample_count:").append(Long.toUnsignedString(count)).append(" sample_sum:")
              .append(GoText.protoFloat(sum)).append(' ');
          for (int i = 0; i < bounds.length; i++) {
            sb.append("bucket:<cumulative_count:").append(Long.toUnsignedString(cumulative[i]))
                .append(" upper_bound:").append(GoText.protoFloat(bounds[i])).append(" > ");
          }
          sb.append("> ");
        }
      }
    }
    if (timestampMs != null) {
      sb.append("timestamp_ms:").append(timestampMs).append(' ');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PushedMetric m && kind == m.kind && Double.compare(value, m.value) == 0 && count == m.count
        && Double.compare(sum, m.sum) == 0 && Arrays.equals(names, m.names) && Arrays.equals(values, m.values)
        && Arrays.equals(quantiles, m.quantiles) && Arrays.equals(quantileValues, m.quantileValues)
        && Arrays.equals(bounds, m.bounds) && Arrays.equals(cumulative, m.cumulative)
        && java.util.Objects.equals(timestampMs, m.timestampMs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names) * 31 + Arrays.hashCode(values) + Double.hashCode(value);
  }

  @Override
  public String toString() {
    return protoText();
  }
}
