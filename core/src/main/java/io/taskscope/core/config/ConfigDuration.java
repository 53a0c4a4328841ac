package io.taskscope.core.config;

import java.time.Duration;

/**
 * A duration from configuration, a command line or a request header, in the Prometheus form: whole numbers with a
 * unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, one or more of them added up ({@code 250ms},
 * {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 365d}), or a bare {@code 0}. Surrounding blanks are ignored.
 * Millisecond resolution, never negative; a total beyond {@link Long#MAX_VALUE} milliseconds is an error ("is too large"), not a
 * wrapped value.
 *
 * <p>The parser is one left-to-right pass without regular expressions: the text may come from an untrusted client
 * (the push API's {@code X-TaskScope-TTL} header), so its cost is linear in the length whatever the input.
 * Immutable; Jackson binds it from a string through {@link #valueOf(String)}.
 */
public final class ConfigDuration implements Comparable<ConfigDuration> {
  public static final ConfigDuration ZERO = new ConfigDuration(0);
  /** The longest text quoted whole in an error message (a header may hold kilobytes of junk). */
  private static final int QUOTE_MAX = 64;
  private static final String HINT = "use whole numbers with ms, s, m, h or d, e.g. 250ms, 90s, 15m, 24h, 7d, 1h30m, "
      + "or 0";

  private final long millis;

  private ConfigDuration(long millis) {
    this.millis = millis;
  }

  public static ConfigDuration ofMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative duration: " + millis + "ms");
    }
    return millis == 0 ? ZERO : new ConfigDuration(millis);
  }

  /** {@link #parse(String, String)} without a key to name. */
  public static ConfigDuration parse(String text) {
    return parse(text, null);
  }

  /** The factory Jackson finds for string values; the error carries the YAML path once Jackson wraps it. */
  public static ConfigDuration valueOf(String text) {
    return parse(text, null);
  }

  /**
   * Parses {@code text}; errors start with {@code where} (the config key, option or header, e.g.
   * {@code push.maxTtl}) when it is not null, and quote the text.
   *
   * @throws IllegalArgumentException "invalid duration" for text outside the syntax, "is too large" on overflow
   */
  public static ConfigDuration parse(String text, String where) {
    String t = text == null ? "" : text.trim();
    if (t.equals("0")) {
      return ZERO;
    }
    int n = t.length();
    int i = 0;
    long total = 0;
    boolean overflow = false;
    while (i < n) {
      int start = i;
      long v = 0;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        int d = t.charAt(i++) - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          overflow = true; // a number of 20 digits must not wrap round to a small one
        } else {
          v = v * 10 + d;
        }
      }
      if (i == start || i == n) {
        throw invalid(t, where); // a unit without a number, or a number without a unit
      }
      long unit;
      char c = t.charAt(i++);
      if (c == 'm' && i < n && t.charAt(i) == 's') {
        unit = 1;
        i++;
      } else {
        unit = switch (c) {
          case 's' -> 1000L;
          case 'm' -> 60_000L;
          case 'h' -> 3_600_000L;
          case 'd' -> 86_400_000L;
          default -> throw invalid(t, where);
        };
      }
      if (!overflow) {
        try {
          total = Math.addExact(total, Math.multiplyExact(v, unit));
        } catch (ArithmeticException e) {
          overflow = true; // keep scanning: junk later in the text is reported as junk
        }
      }
    }
    if (n == 0) {
      throw invalid(t, where);
    }
    if (overflow) {
      throw new IllegalArgumentException(prefix(where) + "duration " + quote(t) + " is too large");
    }
    return ofMillis(total);
  }

  private static IllegalArgumentException invalid(String t, String where) {
    return new IllegalArgumentException(prefix(where) + "invalid duration " + quote(t) + "; " + HINT);
  }

  private static String prefix(String where) {
    return where == null ? "" : where + ": ";
  }

  /** Double quotes, with quotes, backslashes and control characters escaped; long text is cut. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTE_MAX) + 8).append('"');
    for (int i = 0; i < s.length() && i < QUOTE_MAX; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    return s.length() > QUOTE_MAX ? b.append("... (").append(s.length()).append(" chars)").toString() : b.toString();
  }

  public long toMillis() {
    return millis;
  }

  public Duration toDuration() {
    return Duration.ofMillis(millis);
  }

  public boolean isZero() {
    return millis == 0;
  }

  /** Millis in the largest whole unit that divides them: {@code 365d}, {@code 90s}, {@code 1500ms}, {@code 0s}. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    } else if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    } else if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  /** The shortest form {@link #parse} reads back to this value. */
  @Override
  public String toString() {
    return format(millis);
  }

  @Override
  public int compareTo(ConfigDuration o) {
    return Long.compare(millis, o.millis);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigDuration d && d.millis == millis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(millis);
  }
}
