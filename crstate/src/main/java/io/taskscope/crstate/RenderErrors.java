package io.taskscope.crstate;

/**
 * Receives every failure met while rendering an object: a value that does not convert, a path that does not resolve
 * where kube-state-metrics logs an error, corrupt JSON behind {@code @json}, samples over the cap. Rendering never
 * throws; the server counts these calls.
 */
@FunctionalInterface
public interface RenderErrors {
  /**
   * @param resource the object's {@code group/version/Kind}
   * @param metric the full family name
   * @param reason a human readable reason
   */
  void error(String resource, String metric, String reason);

  RenderErrors IGNORE = (r, m, x) -> {};
}
