package io.taskscope.core;

/** The metric types TaskScope exposes. INFO and STATESET follow OpenMetrics; text 0.0.4 shows both as gauges. */
public enum MetricType {
  GAUGE("gauge"),
  COUNTER("counter"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

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
      default -> "gauge";
    };
  }
}
