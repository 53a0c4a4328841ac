package io.taskscope.push;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bounds that keep the hub inside its heap, so that too much data is answered with 413 or 429 instead of an
 * OutOfMemoryError: the largest request body, the request bytes being handled at once, and the series stored.
 *
 * <p>Derived from the heap because a push-only hub runs on a small one ({@code bin/taskscope} gives it 36 MiB, about
 * 115,000 series). While a body is parsed, sanitized and checked it takes up to ~30 times its size in objects (a
 * body of very short lines; typical bodies about 6 times), so bodies in flight are held to a
 * {@value #BODY_EXPANSION}th of the heap. A stored series costs about 110 bytes, counted as {@value #BYTES_PER_SERIES}
 * so that a full hub still leaves room for requests and the collector. On a large heap the configured body limit
 * (16 MiB by default) applies unchanged.
 */
public record MemoryLimits(long heapBytes, long bodyBytes, long maxSeries) {
  static final int BODY_EXPANSION = 96;
  static final int BYTES_PER_SERIES = 320;

  public static MemoryLimits forHeap(long heapBytes) {
    return new MemoryLimits(heapBytes, Math.max(64 * 1024, heapBytes / BODY_EXPANSION),
        Math.max(1000, heapBytes / BYTES_PER_SERIES));
  }

  /** The limits of this JVM's heap ({@code -Xmx}). */
  public static MemoryLimits current() {
    return forHeap(Runtime.getRuntime().maxMemory());
  }

  String heapText() {
    return (heapBytes >> 20) + " MiB";
  }

  /** Request bytes being handled at once, at most {@link #bodyBytes}: the rest wait, then get 429. */
  static final class InFlight {
    private final Semaphore kib;
    private final int total;

    InFlight(long bytes) {
      this.total = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 10));
      this.kib = new Semaphore(total, true);
    }

    /** Takes room for {@code bytes}; the returned count goes back through {@link #release}. */
    int acquire(long bytes, long waitMillis) throws PushException {
      int n = (int) Math.min(total, Math.max(1, (bytes + 1023) >> 10));
      try {
        if (kib.tryAcquire(n, waitMillis, TimeUnit.MILLISECONDS)) {
          return n;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new PushException(429, "too many request bytes in flight: this hub handles " + ((long) total << 10)
          + " bytes of request bodies at once; retry later");
    }

    void release(int n) {
      if (n > 0) {
        kib.release(n);
      }
    }
  }
}
