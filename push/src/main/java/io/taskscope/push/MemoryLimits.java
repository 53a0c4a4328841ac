package io.taskscope.push;

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
public record MemoryLimits(long heapBytes, long bodyBytes, long maxSeries, long maxStoredBytes, int maxKeyBytes) {
  static final int BODY_EXPANSION = 96;
  static final int BYTES_PER_SERIES = 320;
  /** Rendered series lines held by the hub: at most a {@value}rd of the heap (labels may make a series long). */
  static final int STORED_FRACTION = 3;
  /** Grouping labels ({@code name="value",} each) a group may have: they are copied onto every series it holds. */
  public static final int MAX_KEY_BYTES = 4096;

  /** With the stored-bytes bound of the heap and the default grouping key limit. */
  public MemoryLimits(long heapBytes, long bodyBytes, long maxSeries) {
    this(heapBytes, bodyBytes, maxSeries, Math.max(1 << 20, heapBytes / STORED_FRACTION), MAX_KEY_BYTES);
  }

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

  /**
   * Request bytes being handled at once, at most {@link #bodyBytes}: the rest wait, then get 429. Shared fairly: one
   * client (a principal, or a remote address without a token) holds at most half of it at once, so a slow client or a
   * busy tenant cannot starve the others. A single request's reservation is capped at that half (a body larger than
   * the share is still read up to the body limit, as a request larger than the whole budget was before).
   */
  static final class InFlight {
    private final int total;
    private final int share;
    private int free;
    private final java.util.Map<String, Integer> byClient = new java.util.HashMap<>();

    InFlight(long bytes) {
      this.total = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 10));
      this.share = Math.max(1, total / 2);
      this.free = total;
    }

    /**
     * Raises a reservation of {@code held} units to cover {@code bytes} (a push turned out larger in memory than its
     * body: grouping labels copied onto every series); returns the units added, to be released with the rest.
     */
    int grow(String client, int held, long bytes, long waitMillis) throws PushException {
      long want = Math.min(share, Math.max(1, (bytes + 1023) >> 10));
      return want <= held ? 0 : take(client, (int) (want - held), waitMillis);
    }

    /** Takes room for {@code bytes} on behalf of {@code client}; give it back with {@link #release(String, int)}. */
    int acquire(String client, long bytes, long waitMillis) throws PushException {
      return take(client, (int) Math.min(share, Math.max(1, (bytes + 1023) >> 10)), waitMillis);
    }

    private int take(String client, int n, long waitMillis) throws PushException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      boolean ownShare;
      synchronized (this) {
        while (true) {
          int mine = byClient.getOrDefault(client, 0);
          ownShare = mine + n > share;
          if (!ownShare && n <= free) {
            free -= n;
            byClient.merge(client, n, Integer::sum);
            return n;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      if (ownShare) {
        throw new PushException(429, "too many request bytes in flight from this client: one client may have "
            + ((long) share << 10) + " bytes of request bodies handled at once (half of this hub's budget); retry "
            + "later");
      }
      throw new PushException(429, "too many request bytes in flight: this hub handles " + ((long) total << 10)
          + " bytes of request bodies at once; retry later");
    }

    synchronized void release(String client, int n) {
      if (n > 0) {
        free += n;
        byClient.computeIfPresent(client, (k, v) -> v - n <= 0 ? null : v - n);
        notifyAll();
      }
    }

    /** One anonymous client: for callers without a principal. */
    int acquire(long bytes, long waitMillis) throws PushException {
      return acquire("", bytes, waitMillis);
    }

    void release(int n) {
      release("", n);
    }
  }
}
