package io.taskscope.core;

/**
 * Anything that contributes families to {@code /metrics}: the CR-state store, the pod store, pushed groups.
 * {@link #collect} must be cheap and must not block on I/O: a scrape calls it for every source.
 */
public interface MetricSource {
  void collect(FamilySink sink);

  /** Receives the families of a source, in the order the source wants them written. */
  @FunctionalInterface
  interface FamilySink {
    void family(FamilyHeader header, FamilyBody body);
  }
}
