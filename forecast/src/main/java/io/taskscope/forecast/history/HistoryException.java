package io.taskscope.forecast.history;

/** Why a history could not be read; the kind lets a job mark its target failed with a reason. */
public final class HistoryException extends Exception {
  /** The failure classes a caller acts on differently. */
  public enum Kind {
    /** Prometheus unreachable or failing (5xx, 429, timeouts) after all attempts, or an unusable answer. */
    UNAVAILABLE,
    /** Prometheus refused the query (400/422, e.g. {@code bad_data}); retrying cannot help. */
    BAD_QUERY,
    /** The query selected no series in the range. */
    NO_DATA,
    /** The query selected more than one series; a target's query must select exactly one. */
    TOO_MANY_SERIES
  }

  private final Kind kind;

  public HistoryException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public HistoryException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
