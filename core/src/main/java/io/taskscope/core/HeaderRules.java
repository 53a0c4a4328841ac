package io.taskscope.core;

/**
 * How text format 0.0.4 headers are written for families that format has no word for, and whether families without a
 * sample still get their {@code # HELP}/{@code # TYPE} lines. The default follows kube-state-metrics, so that a user
 * moving a CustomResourceStateMetrics config over sees the same text.
 */
public record HeaderRules(boolean headersForEmptyFamilies, boolean infoAndStateSetAsGauge) {
  public static final HeaderRules KUBE_STATE_METRICS = new HeaderRules(true, true);

  public String textType(MetricType type) {
    if (!infoAndStateSetAsGauge && (type == MetricType.INFO || type == MetricType.STATESET)) {
      return type.openMetricsName();
    }
    return type.textName();
  }
}
