package io.taskscope.push;

import io.taskscope.core.TextLines;
import java.nio.charset.StandardCharsets;

/** Go's formatting and parsing rules where Pushgateway's messages and accepted inputs depend on them. */
final class GoText {

  private GoText() {}

  /** {@code strconv.Quote} of a string. */
  static String quote(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return quote(b, 0, b.length);
  }

  /** {@code strconv.Quote} of raw bytes: invalid UTF-8 shows as {@code \xNN}. */
  static String quote(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len + 2).append('"');
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        appendRune(sb, c, '"');
        i++;
        continue;
      }
      int n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
      if (n == 0 || i + n > end || c > 0xf4) {
        sb.append(String.format("\\x%02x", c));
        i++;
        continue;
      }
      String ch = decodeStrict(b, i, n);
      if (ch == null) {
        sb.append(String.format("\\x%02x", c));
        i++;
        continue;
      }
      appendRune(sb, ch.codePointAt(0), '"');
      i += n;
    }
    return sb.append('"').toString();
  }

  private static String decodeStrict(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, off, len)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** {@code %q} of a byte/rune: a Go character literal such as {@code 'x'} or {@code '\n'}. */
  static String quoteRune(int r) {
    StringBuilder sb = new StringBuilder(8).append('\'');
    appendRune(sb, r, '\'');
    return sb.append('\'').toString();
  }

  private static void appendRune(StringBuilder sb, int r, char quote) {
    if (r == quote || r == '\\') {
      sb.append('\\').appendCodePoint(r);
      return;
    }
    if (isPrint(r)) {
      sb.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7f) {
          sb.append(String.format("\\x%02x", r));
        } else if (r < 0x10000) {
          sb.append(String.format("\\u%04x", r));
        } else {
          sb.append(String.format("\\U%08x", r));
        }
      }
    }
  }

  private static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    if (r < 0x20 || r == 0x7f) {
      return false;
    }
    int t = Character.getType(r);
    return !(t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
        || t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
        || t == Character.UNASSIGNED || t == Character.PRIVATE_USE);
  }

  /**
   * {@code strconv.ParseFloat(s, 64)} after expfmt's rejection of {@code p}, {@code P} and {@code _}: decimal
   * notation, {@code Inf}/{@code Infinity}/{@code NaN} in any case with an optional sign; out of range is an error.
   *
   * @return the value, or null when Go would return an error
   */
  static Double parseFloat(String s) {
    Double plain = plainDecimal(s);
    return plain != null ? plain : parseFloatGeneral(s);
  }

  /** {@link #parseFloat} without the fast path (the tests hold the fast path to it). */
  static Double parseFloatGeneral(String s) {
    if (s.isEmpty() || s.indexOf('p') >= 0 || s.indexOf('P') >= 0 || s.indexOf('_') >= 0) {
      return null;
    }
    String t = s;
    boolean neg = false;
    if (t.charAt(0) == '+' || t.charAt(0) == '-') {
      neg = t.charAt(0) == '-';
      t = t.substring(1);
    }
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (!NumberSyntax.goDecimal(s)) {
      return null;
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      return null; // ErrRange
    }
    return d;
  }

  /**
   * The common case without a regular expression: an optional minus and up to 15 digits with at most one point (no
   * exponent), which both Go and Java read to the same double and which cannot overflow. Null for anything else.
   */
  static Double plainDecimal(String s) {
    int n = s.length();
    if (n == 0 || n > 16) {
      return null;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    int digits = 0;
    int points = 0;
    long whole = 0;
    for (int j = i; j < n; j++) {
      char c = s.charAt(j);
      if (c >= '0' && c <= '9') {
        digits++;
        whole = whole * 10 + (c - '0');
      } else if (c == '.' && points == 0) {
        points++;
      } else {
        return null;
      }
    }
    if (digits == 0 || digits > 15) {
      return null;
    }
    if (points == 0) {
      return i == 1 ? -(double) whole : (double) whole; // below 10^15: exact; "-0" stays -0
    }
    return Double.parseDouble(s);
  }

  /** {@code strconv.ParseInt(s, 10, 64)}; null on error. */
  static Long parseInt(String s) {
    if (!NumberSyntax.goInteger(s)) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Go's {@code uint64(f)} on amd64, as a long holding the unsigned bits. */
  static long toUint64(double f) {
    if (Double.isNaN(f)) {
      return Long.MIN_VALUE;
    }
    if (f >= 0x1p63) {
      if (f >= 0x1p64) {
        return Long.MIN_VALUE;
      }
      return ((long) (f - 0x1p63)) ^ Long.MIN_VALUE;
    }
    if (f <= -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }

  /** An unsigned 64-bit count as a double. */
  static double unsignedToDouble(long u) {
    if (u >= 0) {
      return u;
    }
    return ((double) (u >>> 1)) * 2.0 + (u & 1);
  }

  /** Go's {@code fmt.Sprint(float64)} / {@code strconv.FormatFloat(f, 'g', -1, 64)}. */
  static String formatFloat(double v) {
    return TextLines.formatValue(v);
  }

  /** Float as golang/protobuf's text format writes it (for error messages). */
  static String protoFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return TextLines.formatValue(v);
  }

  /** A character that may start a label name (metric names also allow ':'). */
  static boolean labelStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /** A character that may follow in a label name (metric names also allow ':'). */
  static boolean labelCont(int c) {
    return labelStart(c) || (c >= '0' && c <= '9');
  }

  static boolean isValidLabelName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      if (!(i == 0 ? labelStart(n.charAt(i)) : labelCont(n.charAt(i)))) {
        return false;
      }
    }
    return true;
  }

  static boolean isValidMetricName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c != ':' && !(i == 0 ? labelStart(c) : labelCont(c))) {
        return false;
      }
    }
    return true;
  }
}
