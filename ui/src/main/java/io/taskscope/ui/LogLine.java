package io.taskscope.ui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One log line and when it was written ({@code null} when the source gave no readable time).
 *
 * @param text the line without its timestamp prefix
 */
public record LogLine(Instant time, String text) {

  /** A line of the pod log API with {@code timestamps=true}: an RFC 3339 time, a space, the line. */
  static LogLine ofKubernetes(String raw) {
    int sp = raw.indexOf(' ');
    if (sp > 0) {
      try {
        return new LogLine(OffsetDateTime.parse(raw.substring(0, sp)).toInstant(), raw.substring(sp + 1));
      } catch (DateTimeParseException e) {
        // not a timestamp: the whole line is text
      }
    }
    return new LogLine(null, raw);
  }
}
