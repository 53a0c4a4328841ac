package io.taskscope.ui;

/**
 * Where the UI finds telemetry it does not hold itself; every field is optional (null = not configured).
 *
 * @param prometheus base URL of a Prometheus (or compatible) HTTP API: charts come from {@code query_range} there
 *     instead of TaskScope's in-memory history, and resource charts (CPU, memory, energy, GPU) become available
 * @param grafana base URL of the Grafana holding the shipped dashboards: task pages link to them
 * @param loki base URL of Loki (for the log pages)
 */
public record UiSettings(String prometheus, String grafana, String loki) {
  public static final UiSettings NONE = new UiSettings(null, null, null);

  public UiSettings {
    prometheus = trim(prometheus);
    grafana = trim(grafana);
    loki = trim(loki);
  }

  /** Blank means absent; a trailing slash is dropped so paths can be appended. */
  private static String trim(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.strip();
    // they become links and request targets: only http(s), so a config typo cannot make a javascript: link
    if (!u.startsWith("http://") && !u.startsWith("https://")) {
      throw new IllegalArgumentException("ui: URL must start with http:// or https://: " + u);
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
