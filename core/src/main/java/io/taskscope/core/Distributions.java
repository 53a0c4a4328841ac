package io.taskscope.core;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds classic histograms and summaries from their stored sample lines ({@code _bucket}/{@code _sum}/
 * {@code _count}, quantile series) for the protobuf format, which carries them as one structured metric per label set.
 */
final class Distributions {
  private Distributions() {}

  /** The samples of one label set (without {@code le}/{@code quantile}). */
  private static final class Point {
    final Labels labels;
    final TreeMap<Double, Double> byBound = new TreeMap<>();
    double sum;
    double count = -1;

    Point(Labels labels) {
      this.labels = labels;
    }
  }

  static HistogramSnapshot histogram(FamilyHeader header, List<Sample> samples) {
    String base = header.name();
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(base).help(header.help());
    for (Point p : group(samples, base, "le")) {
      if (!p.byBound.containsKey(Double.POSITIVE_INFINITY)) {
        p.byBound.put(Double.POSITIVE_INFINITY, p.count < 0 ? 0 : p.count);
      }
      double[] bounds = new double[p.byBound.size()];
      long[] counts = new long[bounds.length];
      int i = 0;
      double previous = 0;
      for (Map.Entry<Double, Double> e : p.byBound.entrySet()) {
        bounds[i] = e.getKey();
        counts[i] = Math.max(0, Math.round(e.getValue() - previous)); // stored buckets are cumulative
        previous = e.getValue();
        i++;
      }
      b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(p.labels)
          .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(p.sum).build());
    }
    return b.build();
  }

  static SummarySnapshot summary(FamilyHeader header, List<Sample> samples) {
    String base = header.name();
    SummarySnapshot.Builder b = SummarySnapshot.builder().name(base).help(header.help());
    for (Point p : group(samples, base, "quantile")) {
      List<Quantile> qs = new ArrayList<>();
      p.byBound.forEach((q, v) -> qs.add(new Quantile(q, v)));
      SummarySnapshot.SummaryDataPointSnapshot.Builder d = SummarySnapshot.SummaryDataPointSnapshot.builder()
          .labels(p.labels).quantiles(Quantiles.of(qs));
      d.sum(p.sum);
      if (p.count >= 0) {
        d.count(Math.round(p.count));
      }
      b.dataPoint(d.build());
    }
    return b.build();
  }

  private static List<Point> group(List<Sample> samples, String base, String boundLabel) {
    Map<Labels, Point> points = new LinkedHashMap<>();
    for (Sample s : samples) {
      String suffix = s.name().length() > base.length() ? s.name().substring(base.length()) : "";
      String bound = s.label(boundLabel);
      Labels rest = labelsWithout(s, boundLabel);
      Point p = points.computeIfAbsent(rest, Point::new);
      switch (suffix) {
        case "_sum" -> p.sum = s.value();
        case "_count" -> p.count = s.value();
        case "_bucket", "" -> {
          if (bound != null) {
            p.byBound.put(parseBound(bound), s.value());
          }
        }
        default -> { } // _created and the like: not carried
      }
    }
    return new ArrayList<>(points.values());
  }

  private static Labels labelsWithout(Sample s, String skip) {
    List<String> names = new ArrayList<>(s.labelCount());
    List<String> values = new ArrayList<>(s.labelCount());
    for (int i = 0; i < s.labelCount(); i++) {
      if (!s.labelName(i).equals(skip)) {
        names.add(s.labelName(i));
        values.add(s.labelValue(i));
      }
    }
    return Labels.of(names, values);
  }

  private static double parseBound(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
