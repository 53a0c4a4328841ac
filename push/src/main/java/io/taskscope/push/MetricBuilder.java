package io.taskscope.push;

import java.util.ArrayList;
import java.util.List;

/** One metric as {@link TextFormatParser} reads it: labels, and the value, quantiles or buckets by its kind. */
final class MetricBuilder {
  final List<String> names = new ArrayList<>(4);
  final List<String> values = new ArrayList<>(4);
  PushType kind;
  double value;
  long count;
  double sum;
  final List<Double> q = new ArrayList<>(0);
  final List<Double> qv = new ArrayList<>(0);
  final List<Double> bounds = new ArrayList<>(0);
  final List<Long> cum = new ArrayList<>(0);
  Long timestampMs;

  PushedMetric build() {
    return new PushedMetric(names.toArray(new String[0]), values.toArray(new String[0]), kind, value, count, sum,
        toD(q), toD(qv), toD(bounds), toL(cum), timestampMs);
  }

  private static long[] toL(List<Long> l) {
    if (l.isEmpty()) {
      return null;
    }
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = l.get(i);
    }
    return r;
  }

  private static double[] toD(List<Double> l) {
    if (l.isEmpty()) {
      return null;
    }
    double[] d = new double[l.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = l.get(i);
    }
    return d;
  }
}
