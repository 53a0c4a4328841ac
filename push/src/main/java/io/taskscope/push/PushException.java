package io.taskscope.push;

import io.taskscope.core.http.Problem;

/**
 * A rejected request: the HTTP status and the message sent back as {@code text/plain}. {@code recordFailure} marks the
 * rejections Pushgateway detects in its store (timestamps, inconsistencies): they set the group's
 * {@code push_failure_time_seconds}, as Pushgateway does; every other rejection leaves the store untouched.
 */
public final class PushException extends Problem {
  private final boolean recordFailure;

  public PushException(int status, String message) {
    this(status, message, false);
  }

  public PushException(int status, String message, boolean recordFailure) {
    super(status, message);
    this.recordFailure = recordFailure;
  }

  public static PushException badRequest(String message) {
    return new PushException(400, message);
  }

  /** A 400 with Pushgateway's prefix for store-side rejections; records the failure time of the group. */
  public static PushException inconsistent(String detail) {
    return new PushException(400, "pushed metrics are invalid or inconsistent with existing metrics: " + detail, true);
  }

  public boolean recordFailure() {
    return recordFailure;
  }
}
