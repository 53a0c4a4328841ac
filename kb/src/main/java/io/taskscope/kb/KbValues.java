package io.taskscope.kb;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Conversions of database values to label values and sample values, shared by the readers. */
final class KbValues {
  /** Longest label value written, in UTF-16 chars; longer values are cut and end with {@link #ELLIPSIS}. */
  static final int MAX_LABEL_CHARS = 256;
  static final String ELLIPSIS = "…";

  private static final DateTimeFormatter SQL_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .toFormatter(Locale.ROOT);

  private KbValues() {}

  /** {@code null} → "", long strings cut to {@link #MAX_LABEL_CHARS} (never inside a surrogate pair). */
  static String label(String s) {
    if (s == null) {
      return "";
    }
    if (s.length() <= MAX_LABEL_CHARS) {
      return s;
    }
    int end = MAX_LABEL_CHARS - ELLIPSIS.length();
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + ELLIPSIS;
  }

  /** SQLite keeps booleans as 0/1 integers, PostgreSQL as booleans; NULL (never written by SQLAlchemy) is false. */
  static boolean bool(Object o) {
    if (o == null) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String s = o.toString().trim().toLowerCase(Locale.ROOT);
    return s.equals("1") || s.equals("true") || s.equals("t") || s.equals("yes");
  }

  /**
   * Unix seconds of a DateTime column as the drivers return it as text: SQLite {@code CURRENT_TIMESTAMP}
   * ({@code 2025-01-02 03:04:05}, UTC), SQLAlchemy's {@code 2025-01-02 03:04:05.123456}, PostgreSQL's timestamp text,
   * an ISO offset date-time, or plain epoch seconds. Values without a zone are taken as UTC. NaN when unreadable.
   */
  static double epochSeconds(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    String t = s.trim();
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException notANumber) {
      // a date
    }
    try {
      LocalDateTime ldt = LocalDateTime.parse(t, SQL_TIME);
      return ldt.toEpochSecond(ZoneOffset.UTC) + ldt.getNano() / 1e9;
    } catch (DateTimeParseException e) {
      // maybe with an offset
    }
    try {
      OffsetDateTime odt = OffsetDateTime.parse(t.replace(' ', 'T').replaceAll("([+-]\\d\\d)$", "$1:00"));
      return odt.toEpochSecond() + odt.getNano() / 1e9;
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /** Sedna's {@code ll_samples.data_type}: 0 train, 1 evaluation, 2 hard sample. */
  static String sampleType(int dataType) {
    return switch (dataType) {
      case 0 -> "train";
      case 1 -> "eval";
      case 2 -> "hard";
      default -> "type_" + dataType;
    };
  }
}
