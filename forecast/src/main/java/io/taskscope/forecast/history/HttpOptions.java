package io.taskscope.forecast.history;

import java.time.Duration;

/**
 * Limits for reading Prometheus: timeouts, retry policy and how much is read at once.
 *
 * @param maxAttempts total tries per request (1 = no retry)
 * @param backoffBase first back-off; doubled per attempt, with jitter so many readers do not retry in step
 * @param retryAfterCap upper bound on any single wait (a server's Retry-After or the doubled back-off), so a hostile
 *     or confused answer cannot stall a job
 * @param maxPoints points per request; longer ranges are split (Prometheus itself refuses more than 11,000)
 * @param maxBodyBytes answers larger than this are refused rather than buffered without bound
 */
public record HttpOptions(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoffBase,
    Duration retryAfterCap, int maxPoints, long maxBodyBytes) {
  public static final HttpOptions DEFAULTS = new HttpOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 3,
      Duration.ofMillis(500), Duration.ofSeconds(30), 11_000, 64L << 20);

  public HttpOptions {
    if (maxAttempts < 1 || maxPoints < 1 || maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxAttempts, maxPoints and maxBodyBytes must be positive");
    }
  }

  public HttpOptions withMaxAttempts(int n) {
    return new HttpOptions(connectTimeout, requestTimeout, n, backoffBase, retryAfterCap, maxPoints, maxBodyBytes);
  }

  public HttpOptions withBackoff(Duration base, Duration cap) {
    return new HttpOptions(connectTimeout, requestTimeout, maxAttempts, base, cap, maxPoints, maxBodyBytes);
  }

  public HttpOptions withMaxPoints(int n) {
    return new HttpOptions(connectTimeout, requestTimeout, maxAttempts, backoffBase, retryAfterCap, n, maxBodyBytes);
  }

  public HttpOptions withMaxBodyBytes(long n) {
    return new HttpOptions(connectTimeout, requestTimeout, maxAttempts, backoffBase, retryAfterCap, maxPoints, n);
  }
}
