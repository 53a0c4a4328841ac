package io.taskscope.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw {@link Series} into the gap-free history the models need, recording every change as a note:
 * non-finite samples become gaps; leading gaps are dropped; interior gaps up to {@link Options#maxFillGap()} steps are
 * filled linearly, longer ones are filled too but marked (see {@link Prepared#longGap()}) so seasonal models can refill
 * them from the previous season; a trailing gap carries the last value forward; counters are either rebuilt into a
 * monotone series across resets or turned into per-step increases. A constant series gets a fallback reason.
 */
public final class Preparation {
  /** How a series' values are to be read. */
  public enum CounterMode {
    /** A gauge: values are used as they are. */
    GAUGE,
    /** A counter, rebuilt monotone: after a drop, the previous total is added to every later value. */
    MONOTONE,
    /** A counter, forecast as its increase per step (resets count the new value as the increase, as rate() does). */
    RATE
  }

  public record Options(CounterMode counter, int maxFillGap) {
    public static Options gauge() {
      return new Options(CounterMode.GAUGE, 6);
    }
  }

  /**
   * The prepared series.
   *
   * @param longGap true where a sample was filled inside a gap longer than {@code maxFillGap}
   * @param fallbackReason why only the fallback model may be used, or null
   */
  public record Prepared(Series series, boolean[] longGap, List<String> notes, String fallbackReason) {}

  private Preparation() {}

  public static Prepared prepare(Series raw, Options options) {
    List<String> notes = new ArrayList<>();
    double[] v = raw.values();
    int nonFinite = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isInfinite(v[i])) {
        v[i] = Double.NaN;
        nonFinite++;
      }
    }
    if (nonFinite > 0) {
      notes.add(nonFinite + " infinite samples treated as gaps");
    }
    int first = 0;
    while (first < v.length && Double.isNaN(v[first])) {
      first++;
    }
    if (first == v.length) {
      return new Prepared(new Series(raw.start(), raw.step(), new double[0]), new boolean[0], notes,
          "no samples");
    }
    if (first > 0) {
      notes.add("dropped " + first + " leading missing samples");
    }
    double[] y = java.util.Arrays.copyOfRange(v, first, v.length);
    java.time.Instant start = raw.timeAt(first);
    if (options.counter() != CounterMode.GAUGE) {
      rebuildMonotone(y, notes);
    }
    boolean[] longGap = new boolean[y.length];
    fillGaps(y, options.maxFillGap(), longGap, notes);
    if (options.counter() == CounterMode.RATE) {
      if (y.length < 2) {
        return new Prepared(new Series(start, raw.step(), new double[0]), new boolean[0], notes,
            "counter with a single sample has no increase");
      }
      double[] d = new double[y.length - 1];
      for (int i = 1; i < y.length; i++) {
        d[i - 1] = y[i] - y[i - 1];
      }
      y = d;
      longGap = java.util.Arrays.copyOfRange(longGap, 1, longGap.length);
      start = start.plus(raw.step());
      notes.add("counter forecast as increase per step");
    }
    String fallback = null;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : y) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    if (min == max) {
      fallback = "constant series (" + min + ")";
    }
    return new Prepared(new Series(start, raw.step(), y), longGap, notes, fallback);
  }

  /** Adds the running total lost at each drop, skipping gaps; a drop is a counter reset. */
  private static void rebuildMonotone(double[] y, List<String> notes) {
    double offset = 0;
    double prev = Double.NaN;
    List<Integer> resets = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (Double.isNaN(y[i])) {
        continue;
      }
      double raw = y[i];
      if (!Double.isNaN(prev) && raw < prev) {
        offset += prev;
        resets.add(i);
      }
      prev = raw;
      y[i] = raw + offset;
    }
    if (!resets.isEmpty()) {
      notes.add(resets.size() + " counter resets rebuilt (first at index " + resets.get(0) + ")");
    }
  }

  private static void fillGaps(double[] y, int maxFill, boolean[] longGap, List<String> notes) {
    int shortGaps = 0;
    int longGaps = 0;
    int i = 0;
    while (i < y.length) {
      if (!Double.isNaN(y[i])) {
        i++;
        continue;
      }
      int from = i;
      while (i < y.length && Double.isNaN(y[i])) {
        i++;
      }
      int len = i - from;
      double before = y[from - 1];
      if (i == y.length) {
        for (int k = from; k < i; k++) {
          y[k] = before;
        }
        notes.add("trailing gap of " + len + " samples carried forward from the last value");
        return;
      }
      double after = y[i];
      for (int k = from; k < i; k++) {
        y[k] = before + (after - before) * (k - from + 1) / (len + 1);
        longGap[k] = len > maxFill;
      }
      if (len > maxFill) {
        longGaps++;
        notes.add("long gap of " + len + " samples at index " + from);
      } else {
        shortGaps++;
      }
    }
    if (shortGaps > 0) {
      notes.add(shortGaps + " short gaps (<= " + maxFill + " samples) filled linearly");
    }
  }

  /**
   * Refills the samples of long gaps with the value one {@code period} earlier (itself refilled if it was in a gap):
   * linear interpolation across a long gap would flatten every season inside it. Returns the number refilled.
   */
  public static int refillSeasonally(double[] y, boolean[] longGap, int period) {
    int refilled = 0;
    for (int t = period; t < y.length; t++) {
      if (longGap[t]) {
        y[t] = y[t - period];
        refilled++;
      }
    }
    return refilled;
  }
}
