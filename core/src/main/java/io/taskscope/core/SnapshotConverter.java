package io.taskscope.core;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored samples into client_java snapshots for the protobuf format. Text scrapes never come here. Families the
 * snapshot model refuses (a gauge named with a reserved suffix, two samples with the same labels, which a KSM config
 * can produce) are left out of protobuf scrapes and logged once; text scrapes still carry them.
 */
final class SnapshotConverter {
  private static final Logger log = LoggerFactory.getLogger(SnapshotConverter.class);
  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  private SnapshotConverter() {}

  static MetricSnapshot toSnapshot(FamilyHeader header, List<FamilyBody> bodies) {
    List<Sample> samples = new ArrayList<>();
    for (FamilyBody b : bodies) {
      b.forEachSample(samples::add);
    }
    if (samples.isEmpty()) {
      return null;
    }
    try {
      String name = header.name();
      if (header.type() == MetricType.COUNTER && name.endsWith("_total")) {
        CounterSnapshot.Builder cb = CounterSnapshot.builder().name(header.openMetricsName()).help(header.help());
        for (Sample s : samples) {
          cb.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
        }
        return cb.build();
      }
      if (header.type() == MetricType.INFO && name.endsWith("_info")) {
        InfoSnapshot.Builder ib = InfoSnapshot.builder().name(header.openMetricsName()).help(header.help());
        for (Sample s : samples) {
          ib.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(s)).build());
        }
        return ib.build();
      }
      if (header.type() == MetricType.HISTOGRAM) {
        return Distributions.histogram(header, samples);
      }
      if (header.type() == MetricType.SUMMARY) {
        return Distributions.summary(header, samples);
      }
      String problem = PrometheusNaming.validateMetricName(name);
      if (problem != null) {
        warnOnce(name, problem);
        return null;
      }
      GaugeSnapshot.Builder gb = GaugeSnapshot.builder().name(name).help(header.help());
      for (Sample s : samples) {
        gb.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
      }
      return gb.build();
    } catch (IllegalArgumentException e) {
      warnOnce(header.name(), e.getMessage());
      return null;
    }
  }

  static Labels labels(Sample s) {
    int n = s.labelCount();
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = s.labelName(i);
      values[i] = s.labelValue(i);
    }
    return Labels.of(names, values);
  }

  private static void warnOnce(String family, String problem) {
    if (warned.add(family)) {
      log.warn("event=protobuf_family_skipped family={} reason=\"{}\"", family, problem);
    }
  }
}
