package io.taskscope.kube.sedna;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC3339 timestamps (as Kubernetes serialises {@code metav1.Time}) to Unix seconds. */
final class Times {
  private Times() {}

  /** Unix seconds (with fraction) of an RFC3339 time, or null when absent or unparsable. */
  static Double seconds(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(rfc3339.trim());
      return t.toEpochSecond() + t.getNano() / 1e9;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
