package io.taskscope.kb;

/**
 * Why a poll could not read the KB database. {@code reason} is a short bounded word used as the label of
 * {@code taskscope_kb_poll_errors_total}; the message names the problem (file path, missing table) for the log.
 */
public final class KbProblem extends Exception {
  /** Label values of {@code taskscope_kb_poll_errors_total{reason}}. */
  public static final String MISSING = "missing";
  public static final String LOCKED = "locked";
  public static final String NOT_A_DATABASE = "not_a_database";
  public static final String FOREIGN_SCHEMA = "foreign_schema";
  public static final String UNREACHABLE = "unreachable";
  public static final String AUTH = "auth";
  public static final String QUERY = "query";
  public static final String CUSTOM_METRICS = "custom_metrics";
  public static final String[] REASONS =
      {MISSING, LOCKED, NOT_A_DATABASE, FOREIGN_SCHEMA, UNREACHABLE, AUTH, QUERY, CUSTOM_METRICS};

  private final String reason;

  public KbProblem(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public KbProblem(String reason, String message) {
    this(reason, message, null);
  }

  public String reason() {
    return reason;
  }
}
