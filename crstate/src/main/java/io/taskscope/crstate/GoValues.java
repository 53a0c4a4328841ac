package io.taskscope.crstate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value conversions and the text formatting that kube-state-metrics gets from Go: number conversion of custom
 * resource fields ({@code toFloat64}), Kubernetes quantities, RFC 3339 times, {@code strconv.ParseFloat},
 * {@code strconv.ParseBool}, {@code strconv.Atoi}, {@code fmt.Sprintf("%v")} for label values and
 * {@code strconv.FormatFloat(f, 'g', -1, 64)}.
 */
final class GoValues {
  private GoValues() {}

  /** Raised when a value cannot be turned into a number; the message is the reason. */
  static final class ConversionException extends Exception {
    ConversionException(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // toFloat64

  static double toFloat64(Object value, boolean nilIsZero) throws ConversionException {
    if (value == null) {
      if (nilIsZero) {
        return 0;
      }
      throw new ConversionException("expected number but found nil value");
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof String s) {
      return stringToFloat(s);
    }
    if (value instanceof BigInteger bi) {
      return bi.doubleValue();
    }
    if (value instanceof BigDecimal bd) {
      return bd.doubleValue();
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new ConversionException("expected number but was " + format(value));
  }

  static double stringToFloat(String s) throws ConversionException {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("true") || lower.equals("yes")) {
      return 1;
    }
    if (lower.equals("false") || lower.equals("no") || lower.equals("unknown")) {
      return 0;
    }
    Long unix = parseRfc3339(s);
    if (unix != null) {
      return unix;
    }
    Double q = parseQuantity(s);
    if (q != null) {
      return q;
    }
    if (PERCENT.matcher(s).matches()) {
      Double p = parseFloat(s.substring(0, s.length() - 1));
      if (p == null) {
        throw new ConversionException("invalid percentage " + s);
      }
      return p / 100;
    }
    Double f = parseFloat(s);
    if (f == null) {
      throw new ConversionException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
    }
    return f;
  }

  private static final Pattern PERCENT = Pattern.compile("[0-9]++%");

  // ---------------------------------------------------------------------------------------------------------------
  // RFC 3339 as time.Parse(time.RFC3339, s) accepts it; returns t.Unix()

  private static final Pattern RFC3339 =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(Z|([+-])(\\d{2}):(\\d{2}))");

  static Long parseRfc3339(String s) {
    if (s.length() < 20 || s.length() > 64) {
      return null;
    }
    Matcher m = RFC3339.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long offset = 0;
    if (m.group(9) != null) {
      int oh = Integer.parseInt(m.group(10));
      int om = Integer.parseInt(m.group(11));
      if (oh > 23 || om > 59) {
        return null;
      }
      offset = (oh * 3600L + om * 60L) * (m.group(9).equals("-") ? -1 : 1);
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
    return date.toEpochDay() * 86400L + hour * 3600L + minute * 60L + second - offset;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // resource.ParseQuantity(s).AsApproximateFloat64()

  private static final String SUFFIX_CHARS = "eEinumkKMGTP";
  private static final BigDecimal MAX_ALLOWED = BigDecimal.valueOf(Long.MAX_VALUE);

  /** The float kube-state-metrics gets for a quantity string, or null when the string is no quantity. */
  static Double parseQuantity(String str) {
    if (str.isEmpty()) {
      return null;
    }
    if (str.equals("0")) {
      return 0.0;
    }
    // parseQuantityString
    boolean positive = true;
    int pos = 0;
    int end = str.length();
    String value;
    String num;
    String denom = "";
    String suffix;
    parse:
    {
      char c0 = str.charAt(0);
      if (c0 == '-') {
        positive = false;
        pos++;
      } else if (c0 == '+') {
        pos++;
      }
      while (true) {
        if (pos >= end) {
          num = "0";
          value = num;
          suffix = "";
          break parse;
        }
        if (str.charAt(pos) == '0') {
          pos++;
        } else {
          break;
        }
      }
      int i = pos;
      while (i < end && isDigit(str.charAt(i))) {
        i++;
      }
      if (i >= end) {
        num = str.substring(pos, end);
        value = str;
        suffix = "";
        if (num.isEmpty()) {
          num = "0";
        }
        break parse;
      }
      num = str.substring(pos, i);
      pos = i;
      if (num.isEmpty()) {
        num = "0";
      }
      if (pos < end && str.charAt(pos) == '.') {
        pos++;
        i = pos;
        while (i < end && isDigit(str.charAt(i))) {
          i++;
        }
        if (i >= end) {
          denom = str.substring(pos, end);
          value = str;
          suffix = "";
          break parse;
        }
        denom = str.substring(pos, i);
        pos = i;
      }
      value = str.substring(0, pos);
      int suffixStart = pos;
      i = pos;
      while (i < end && SUFFIX_CHARS.indexOf(str.charAt(i)) >= 0) {
        i++;
      }
      if (i >= end) {
        suffix = str.substring(suffixStart, end);
        break parse;
      }
      pos = i;
      if (str.charAt(pos) == '-' || str.charAt(pos) == '+') {
        pos++;
      }
      i = pos;
      while (i < end && isDigit(str.charAt(i))) {
        i++;
      }
      if (i >= end) {
        suffix = str.substring(suffixStart, end);
        break parse;
      }
      return null; // format wrong
    }
    // suffix interpretation
    int base;
    int exponent;
    boolean binary = false;
    switch (suffix) {
      case "Ki" -> { base = 2; exponent = 10; binary = true; }
      case "Mi" -> { base = 2; exponent = 20; binary = true; }
      case "Gi" -> { base = 2; exponent = 30; binary = true; }
      case "Ti" -> { base = 2; exponent = 40; binary = true; }
      case "Pi" -> { base = 2; exponent = 50; binary = true; }
      case "Ei" -> { base = 2; exponent = 60; binary = true; }
      case "n" -> { base = 10; exponent = -9; }
      case "u" -> { base = 10; exponent = -6; }
      case "m" -> { base = 10; exponent = -3; }
      case "" -> { base = 10; exponent = 0; }
      case "k" -> { base = 10; exponent = 3; }
      case "M" -> { base = 10; exponent = 6; }
      case "G" -> { base = 10; exponent = 9; }
      case "T" -> { base = 10; exponent = 12; }
      case "P" -> { base = 10; exponent = 15; }
      case "E" -> { base = 10; exponent = 18; }
      default -> {
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
          Long parsed = parseInt64(suffix.substring(1));
          if (parsed == null) {
            return null;
          }
          base = 10;
          exponent = (int) (long) parsed; // Go: int32(parsed)
        } else {
          return null;
        }
      }
    }
    // fast path with an int64 amount
    int precision;
    int scale = 0;
    long mantissa = 1;
    if (!binary) {
      scale = exponent;
      precision = 18 - (num.length() + denom.length());
    } else if (exponent >= 0 && denom.isEmpty()) {
      mantissa = 1L << exponent;
      precision = 15 - num.length() - (int) ((float) exponent * 3 / 10) - 1;
    } else {
      precision = -1;
    }
    if (precision >= 0) {
      scale -= denom.length();
      if (scale >= -9) {
        Long v = parseInt64(num + denom);
        if (v == null) {
          return null;
        }
        long result;
        try {
          result = Math.multiplyExact(v, mantissa);
        } catch (ArithmeticException overflow) {
          result = 0;
          v = null;
        }
        if (v != null) {
          if (!positive) {
            result = -result;
          }
          return scale == 0 ? (double) result : (double) result * pow10(scale);
        }
      }
    }
    // arbitrary precision path
    BigDecimal amount = parseDec(value);
    if (amount == null) {
      return null;
    }
    if (base == 10) {
      amount = new BigDecimal(amount.unscaledValue(), amount.scale() - exponent);
    } else {
      amount = new BigDecimal(amount.unscaledValue().shiftLeft(exponent), amount.scale());
    }
    int sign = amount.signum();
    amount = amount.abs();
    if (amount.unscaledValue().signum() != 0 || amount.unscaledValue().bitLength() > 63) {
      amount = amount.setScale(9, RoundingMode.UP);
    }
    if (amount.compareTo(MAX_ALLOWED) > 0) {
      amount = MAX_ALLOWED;
    }
    if (sign < 0) {
      amount = amount.negate();
    }
    double b = amount.unscaledValue().doubleValue();
    int exp = -amount.scale();
    return exp == 0 ? b : b * pow10(exp);
  }

  // Possessive quantifiers throughout: the character classes next to each other never overlap, so a match never needs
  // to give characters back, and a long digit run followed by junk is rejected in one pass instead of n^2 steps
  // (custom resources are written by whoever may create them).
  private static final Pattern DEC = Pattern.compile("[+-]?+[0-9]*+\\.?+[0-9]*+");
  private static final Pattern INT = Pattern.compile("[+-]?+[0-9]++");

  private static BigDecimal parseDec(String s) {
    if (!DEC.matcher(s).matches() || s.chars().noneMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    String t = s.startsWith("+") ? s.substring(1) : s;
    if (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return new BigDecimal(t);
  }

  private static final double[] POW10_TAB = {
    1e00, 1e01, 1e02, 1e03, 1e04, 1e05, 1e06, 1e07, 1e08, 1e09, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31
  };
  private static final double[] POW10_POS32 = {1e00, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288};
  private static final double[] POW10_NEG32 = {
    1e-00, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320
  };

  /** Go's math.Pow10, bit for bit. */
  static double pow10(int n) {
    if (0 <= n && n <= 308) {
      return POW10_POS32[n / 32] * POW10_TAB[n % 32];
    }
    if (-323 <= n && n <= 0) {
      return POW10_NEG32[-n / 32] / POW10_TAB[-n % 32];
    }
    return n > 0 ? Double.POSITIVE_INFINITY : 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** strconv.ParseInt(s, 10, 64) */
  static Long parseInt64(String s) {
    if (!INT.matcher(s).matches()) {
      return null;
    }
    try {
      return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** strconv.Atoi (64-bit int). */
  static Long atoi(String s) {
    return parseInt64(s);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // strconv.ParseFloat(s, 64); null on error (syntax or range)

  private static final Pattern DEC_FLOAT =
      Pattern.compile("[+-]?+([0-9_]++\\.?+[0-9_]*+|\\.[0-9_]++)([eE][+-]?+[0-9_]++)?+");
  private static final Pattern HEX_FLOAT =
      Pattern.compile("[+-]?+0[xX]([0-9a-fA-F_]++\\.?+[0-9a-fA-F_]*+|\\.[0-9a-fA-F_]++)[pP][+-]?+[0-9_]++");

  static Double parseFloat(String s) {
    String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    String lb = body.toLowerCase(java.util.Locale.ROOT);
    if (lb.equals("inf") || lb.equals("infinity")) {
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lb.equals("nan") && body.length() == s.length()) {
      return Double.NaN;
    }
    boolean hex = HEX_FLOAT.matcher(s).matches();
    if (!hex && !DEC_FLOAT.matcher(s).matches()) {
      return null;
    }
    if (s.indexOf('_') >= 0) {
      if (!underscoreOk(s)) {
        return null;
      }
      s = s.replace("_", "");
    }
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
    if (Double.isInfinite(d)) {
      return null; // ErrRange
    }
    return d;
  }

  /** Go's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
      i = 2;
      saw = '0';
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isDigit(c) || (hex && "abcdefABCDEF".indexOf(c) >= 0)) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  /** strconv.ParseBool; null on error. */
  static Boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // fmt.Sprintf("%v", v) for the values a decoded Kubernetes object holds

  static String format(Object v) {
    StringBuilder sb = new StringBuilder();
    format(sb, v, 0);
    return sb.toString();
  }

  private static void format(StringBuilder sb, Object v, int depth) {
    if (depth > 64) {
      sb.append("...");
      return;
    }
    if (v == null) {
      sb.append("<nil>");
    } else if (v instanceof String s) {
      sb.append(s);
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(formatFloat(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal bd) {
      sb.append(formatFloat(bd.doubleValue()));
    } else if (v instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>();
      for (Object k : m.keySet()) {
        keys.add(String.valueOf(k));
      }
      keys.sort(GoValues::compareStrings);
      sb.append("map[");
      boolean first = true;
      for (String k : keys) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        sb.append(k).append(':');
        format(sb, m.get(k), depth + 1);
      }
      sb.append(']');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        format(sb, o, depth + 1);
      }
      sb.append(']');
    } else if (v instanceof Number n) {
      sb.append(formatFloat(n.doubleValue()));
    } else {
      sb.append(v);
    }
  }

  /**
   * strconv.FormatFloat(f, 'g', -1, 64), which is also what fmt's %v prints for a float64 (label values made from
   * numbers). Sample values use the same rule in core's TextLines; only negative zero differs there.
   */
  static String formatFloat(double v) {
    if (v == 0 && Double.doubleToRawLongBits(v) < 0) {
      return "-0";
    }
    return io.taskscope.core.TextLines.formatValue(v);
  }

  /** Go string order (UTF-8 bytes), which is code point order. */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb) {
          return sa ? 1 : -1; // surrogates encode code points above every BMP char
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }
}
