package io.taskscope.kg;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a query's answer is written: bounded in bytes and in time. The first {@link #BUFFER} bytes are held back, so
 * an answer that ends (or breaks a limit) within them gets a proper status and a Content-Length; a longer one is
 * streamed (chunked) after a 200, and a limit broken then ends the exchange as an {@link Over} the handler turns into
 * an aborted connection — never a short answer that looks complete.
 */
final class BoundedAnswer extends OutputStream {
  static final int BUFFER = 1 << 20;

  /** A limit (size, rows or time) broken while the answer was written. */
  static final class Over extends RuntimeException {
    final int status;

    Over(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final HttpExchange ex;
  private final String contentType;
  private final long maxBytes;
  private final long deadlineNanos;
  private final long timeoutMs;
  private ByteArrayOutputStream held = new ByteArrayOutputStream();
  private OutputStream sink;
  private long total;

  /** {@code ex} null: nothing is sent, the answer is only held (in-process callers). */
  BoundedAnswer(HttpExchange ex, String contentType, long maxBytes, long timeoutMs) {
    this.ex = ex;
    this.contentType = contentType;
    this.maxBytes = maxBytes;
    this.timeoutMs = timeoutMs;
    this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
  }

  boolean started() {
    return sink != null;
  }

  /** Throws {@link Over} when the time is up; called per row as well as per write. */
  void checkTime() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new Over(503, "query exceeded its time limit of " + timeoutMs + " ms (execution and answer) and was "
          + "cancelled");
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    total += len;
    if (total > maxBytes) {
      throw new Over(413, "the answer is larger than the limit of " + maxBytes + " bytes; add LIMIT or narrow the "
          + "query");
    }
    checkTime();
    if (sink != null) {
      sink.write(b, off, len);
      return;
    }
    held.write(b, off, len);
    if (ex != null && held.size() > BUFFER) {
      start();
    }
  }

  private void start() throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(200, head ? -1 : 0);
    sink = head ? OutputStream.nullOutputStream() : ex.getResponseBody();
    held.writeTo(sink);
    held = null;
  }

  /** The whole answer when nothing was streamed yet (in-process callers, or answers within the buffer). */
  byte[] heldBytes() {
    return held.toByteArray();
  }

  /** Ends a successful answer: sends what was held with its length, or ends the stream. */
  void finish() throws IOException {
    checkTime();
    if (sink == null) {
      Http.send(ex, 200, contentType, held.toByteArray());
    } else {
      sink.close();
      ex.close();
    }
  }

  @Override
  public void flush() {
    // held until finish or the buffer fills: flushing a chunk early would only commit the status sooner
  }
}
