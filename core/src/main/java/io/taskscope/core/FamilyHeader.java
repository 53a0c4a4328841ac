package io.taskscope.core;

import java.util.Objects;

/**
 * Name, help and type of one metric family. {@code name} is the name that appears in {@code # HELP}/{@code # TYPE}
 * lines of text format 0.0.4 and equals the sample name for gauges and infos (e.g. {@code foo_info}); counters keep
 * their sample name too ({@code foo_total}), and OpenMetrics headers drop the suffix.
 */
public record FamilyHeader(String name, String help, MetricType type) {
  public FamilyHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    help = help == null ? "" : help;
  }

  /** Family name as OpenMetrics wants it: without the {@code _total} / {@code _info} sample suffix. */
  public String openMetricsName() {
    if (type == MetricType.COUNTER && name.endsWith("_total")) {
      return name.substring(0, name.length() - "_total".length());
    }
    if (type == MetricType.INFO && name.endsWith("_info")) {
      return name.substring(0, name.length() - "_info".length());
    }
    return name;
  }

  /**
   * Type word for an OpenMetrics {@code # TYPE} line. OpenMetrics parsers check that sample names carry the suffix of
   * their type and that a StateSet's label is named after the family; families whose rendered samples cannot meet
   * that (a KSM Info metric not named {@code *_info}, a KSM StateSet with its own {@code labelName}) go out as gauges,
   * which is also how text format 0.0.4 shows them.
   */
  public String openMetricsType() {
    return switch (type) {
      case COUNTER -> name.endsWith("_total") ? "counter" : "unknown";
      case INFO -> name.endsWith("_info") ? "info" : "gauge";
      case STATESET, GAUGE -> "gauge";
      case UNKNOWN -> "unknown";
      case HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
    };
  }
}
