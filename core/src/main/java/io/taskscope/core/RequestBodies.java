package io.taskscope.core;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and discards what is left of a request body before an early answer (400, 413, ...).
 *
 * <p>Why: when a server closes a socket that still holds unread request bytes, TCP answers with a reset, and the
 * reset can destroy the response already sitting in the client's receive buffer: the client then sees "no bytes"
 * instead of the 413 it was sent. Reading the rest (no copy is kept) lets the answer arrive. The amount read is
 * bounded so that a client streaming without end only costs that many bytes before the connection is closed.
 */
public final class RequestBodies {
  /** Enough for any body up to a few times the largest limit we ship (16 MiB for pushes). */
  public static final long DEFAULT_DISCARD_LIMIT = 64L << 20;

  private RequestBodies() {
  }

  /**
   * Discards up to {@code maxBytes} of the request body. Returns true when the body was read to its end (the
   * connection can be kept), false when the bound was reached or the client went away.
   */
  public static boolean discard(HttpExchange ex, long maxBytes) {
    byte[] buf = new byte[64 * 1024];
    long seen = 0;
    try {
      InputStream in = ex.getRequestBody();
      while (seen <= maxBytes) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - seen + 1));
        if (n < 0) {
          return true;
        }
        seen += n;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    ex.getResponseHeaders().set("Connection", "close");
    return false;
  }

  /** {@link #discard(HttpExchange, long)} with {@link #DEFAULT_DISCARD_LIMIT}. */
  public static boolean discard(HttpExchange ex) {
    return discard(ex, DEFAULT_DISCARD_LIMIT);
  }
}
