package io.taskscope.kg;

import java.time.Duration;

/**
 * Limits of the embedded Metadata Service.
 *
 * @param maxBodyBytes largest request body accepted (413 above)
 * @param queryTimeout a SPARQL query whose execution and answer take longer is cancelled (503 before the answer
 *     started, an aborted connection after)
 * @param maxResultRows most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one answer may hold
 * @param maxResultBytes most bytes one answer may hold
 */
public record MetadataServiceOptions(long maxBodyBytes, Duration queryTimeout, long maxResultRows,
    long maxResultBytes) {
  public static final long DEFAULT_MAX_RESULT_ROWS = 100_000;
  public static final long DEFAULT_MAX_RESULT_BYTES = 64L << 20;

  public MetadataServiceOptions {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be > 0");
    }
    if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be > 0");
    }
    if (maxResultRows <= 0 || maxResultBytes <= 0) {
      throw new IllegalArgumentException("maxResultRows and maxResultBytes must be > 0");
    }
  }

  public MetadataServiceOptions(long maxBodyBytes, Duration queryTimeout) {
    this(maxBodyBytes, queryTimeout, DEFAULT_MAX_RESULT_ROWS, DEFAULT_MAX_RESULT_BYTES);
  }

  public static MetadataServiceOptions defaults() {
    return new MetadataServiceOptions(16L << 20, Duration.ofSeconds(10));
  }
}
