package io.taskscope.core.http;

/**
 * Thrown by a handler (or by the front door for a failure after the status line was sent) to end the exchange
 * without completing it: the connection is closed, so a client sees a reset or a chunked body without its last
 * chunk, never a short answer that looks whole. Closing the exchange instead would write the terminating chunk.
 */
public class AbortedResponse extends RuntimeException {
  public AbortedResponse(String message) {
    super(message, null, false, false);
  }

  public AbortedResponse(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
