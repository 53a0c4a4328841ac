package io.taskscope.core;

/**
 * The metric types TaskScope exposes. INFO and STATESET follow OpenMetrics; text 0.0.4 shows both as gauges.
 * HISTOGRAM and SUMMARY are the classic Prometheus types, used by pushed groups: a family of those types is named
 * by its base name and its samples carry the {@code _bucket}/{@code _sum}/{@code _count} suffixes.
 */
public enum MetricType {
  GAUGE("gauge"),
  COUNTER("counter"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown"),
  HISTOGRAM("histogram"),
  SUMMARY("summary");

  private final String openMetricsName;

  MetricType(String openMetricsName) {
    this.openMetricsName = openMetricsName;
  }

  /** The word OpenMetrics uses in a {@code # TYPE} line. */
  public String openMetricsName() {
    return openMetricsName;
  }

  /** The word text format 0.0.4 uses: it only knows counter, gauge and untyped. */
  public String textName() {
    return switch (this) {
      case COUNTER -> "counter";
      case UNKNOWN -> "untyped";
      case HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
      default -> "gauge";
    };
  }
}
