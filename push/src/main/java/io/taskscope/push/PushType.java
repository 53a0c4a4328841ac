package io.taskscope.push;

import io.taskscope.core.MetricType;

/** The metric types of Prometheus' data model as Pushgateway stores them (client_model's {@code MetricType}). */
public enum PushType {
  COUNTER(MetricType.COUNTER, "counter"),
  GAUGE(MetricType.GAUGE, "gauge"),
  SUMMARY(MetricType.SUMMARY, "summary"),
  UNTYPED(MetricType.UNKNOWN, "untyped"),
  HISTOGRAM(MetricType.HISTOGRAM, "histogram");

  private final MetricType coreType;
  private final String protoName;

  PushType(MetricType coreType, String protoName) {
    this.coreType = coreType;
    this.protoName = protoName;
  }

  public MetricType coreType() {
    return coreType;
  }

  /** The lower-case word the text format uses in {@code # TYPE} lines. */
  public String textName() {
    return protoName;
  }

  /** The field name of the value in client_model's {@code Metric} message (for error messages). */
  String protoField() {
    return protoName;
  }

  /** By the client_model enum number; null for numbers this store does not accept. */
  static PushType ofNumber(int n) {
    return switch (n) {
      case 0 -> COUNTER;
      case 1 -> GAUGE;
      case 2 -> SUMMARY;
      case 3 -> UNTYPED;
      case 4 -> HISTOGRAM;
      default -> null;
    };
  }

  /** By the text format word, case-insensitively as expfmt does; null when unknown. */
  static PushType ofWord(String word) {
    return switch (word.toUpperCase(java.util.Locale.ROOT)) {
      case "COUNTER" -> COUNTER;
      case "GAUGE" -> GAUGE;
      case "SUMMARY" -> SUMMARY;
      case "UNTYPED" -> UNTYPED;
      case "HISTOGRAM" -> HISTOGRAM;
      default -> null;
    };
  }
}
