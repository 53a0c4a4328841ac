package io.taskscope.ui;

/**
 * Optional neighbours the UI links to or reads from; each is a base URL or null when not configured.
 *
 * @param prometheus Prometheus base URL (charts of task metrics)
 * @param grafana Grafana base URL (links to dashboards)
 * @param loki Loki base URL (log search beyond the pod log API's tail)
 */
public record UiSettings(String prometheus, String grafana, String loki) {
  public static final UiSettings NONE = new UiSettings(null, null, null);
}
