package io.taskscope.core.http;

/**
 * A request the server declines, with the status it is answered with and a message naming the rule that was broken.
 * Thrown from deep in a handler (a parser, the store) and turned into an answer by the route's {@link ErrorWriter},
 * so a status never travels as a bare int. No stack trace is recorded: a rejection is an ordinary outcome, and a
 * client sending millions of bad requests should not make the server walk millions of stacks.
 */
public class Problem extends Exception {
  /** The kinds of rejection and their HTTP status. */
  public enum Kind {
    BAD_INPUT(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), NOT_ALLOWED(405), CONFLICT(409),
    TOO_LARGE(413), UNSUPPORTED(415), OVER_LIMIT(429), UNAVAILABLE(503);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** The kind of a status; statuses without a kind of their own fall to their class (4xx bad input, 5xx unavailable). */
    public static Kind of(int status) {
      for (Kind k : values()) {
        if (k.status == status) {
          return k;
        }
      }
      return status >= 500 ? UNAVAILABLE : BAD_INPUT;
    }
  }

  private final int status;

  public Problem(Kind kind, String message) {
    this(kind.status(), message);
  }

  /** A status outside {@link Kind} (406, 422, ...) is kept as given; {@link #kind()} names its class. */
  public Problem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public final int status() {
    return status;
  }

  public final Kind kind() {
    return Kind.of(status);
  }
}
