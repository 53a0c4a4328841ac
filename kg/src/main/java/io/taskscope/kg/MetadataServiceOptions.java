package io.taskscope.kg;

import java.time.Duration;

/**
 * Limits of the embedded Metadata Service.
 *
 * @param maxBodyBytes largest request body accepted (413 above)
 * @param queryTimeout a SPARQL query running longer is cancelled (503)
 */
public record MetadataServiceOptions(long maxBodyBytes, Duration queryTimeout) {
  public MetadataServiceOptions {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be > 0");
    }
    if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be > 0");
    }
  }

  public static MetadataServiceOptions defaults() {
    return new MetadataServiceOptions(16L << 20, Duration.ofSeconds(10));
  }
}
