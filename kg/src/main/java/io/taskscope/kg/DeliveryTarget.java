package io.taskscope.kg;

import org.apache.jena.graph.Graph;

/** Where the exporter's subgraph updates go. {@link #put} replaces one whole subgraph and must be idempotent. */
public interface DeliveryTarget extends AutoCloseable {
  /** Short name for metrics and logs (embedded, subgraph-http, glaciation, graph-store). */
  String name();

  /** Replaces the subgraph {@code id}; throws when the target did not accept it (it is retried, in order). */
  void put(SubgraphId id, Graph graph) throws DeliveryException;

  /**
   * Delivers several updates in order. The default puts them one by one; a target may take them at once (the
   * embedded service writes them in one transaction). On failure some may have been applied: they are delivered
   * again, which leaves the same state.
   */
  default void putAll(java.util.List<java.util.Map.Entry<SubgraphId, Graph>> updates) throws DeliveryException {
    for (var u : updates) {
      put(u.getKey(), u.getValue());
    }
  }

  @Override
  default void close() {}

  /** A failed delivery; {@code reason} labels the error counter. */
  final class DeliveryException extends Exception {
    private final String reason;

    public DeliveryException(String reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
