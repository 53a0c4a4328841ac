package io.taskscope.push;

/**
 * Number syntax checks as linear scans. They replace regular expressions whose nested quantifiers backtracked on long
 * digit runs (20,000 digits and a letter cost seconds of CPU; 5,000 zeros overflowed the stack): each character is
 * looked at once, whatever the input.
 */
final class NumberSyntax {
  private NumberSyntax() {}

  /** Go's decimal float syntax as strconv reads it: {@code [+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?}. */
  static boolean goDecimal(String s) {
    int n = s.length();
    int i = sign(s, 0);
    int a = digits(s, i);
    int intDigits = a - i;
    i = a;
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      int b = digits(s, i + 1);
      fracDigits = b - i - 1;
      i = b;
    }
    if (intDigits == 0 && fracDigits == 0) {
      return false;
    }
    return exponent(s, i, false) == n;
  }

  /** {@code [+-]?[0-9]+}. */
  static boolean goInteger(String s) {
    int i = sign(s, 0);
    int end = digits(s, i);
    return end > i && end == s.length();
  }

  /**
   * Python's float literal as {@code float()} reads a stripped string: digit groups joined by single underscores,
   * an optional point (with digits on at least one side) and an optional exponent.
   */
  static boolean pythonFloat(String s) {
    int n = s.length();
    int i = sign(s, 0);
    int a = pyDigits(s, i);
    if (a < 0) {
      return false;
    }
    boolean intPart = a > i;
    i = a;
    boolean fracPart = false;
    boolean point = false;
    if (i < n && s.charAt(i) == '.') {
      point = true;
      int b = pyDigits(s, i + 1);
      if (b < 0) {
        return false;
      }
      fracPart = b > i + 1;
      i = b;
    }
    if (!intPart && !fracPart) {
      return false;
    }
    if (!point && !intPart) {
      return false;
    }
    return exponent(s, i, true) == n;
  }

  private static int sign(String s, int i) {
    return i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') ? i + 1 : i;
  }

  private static int digits(String s, int i) {
    int n = s.length();
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** End of {@code [0-9](_?[0-9])*} from {@code i}; {@code i} itself when there is none; -1 for a stray underscore. */
  private static int pyDigits(String s, int i) {
    int n = s.length();
    if (i >= n || !isDigit(s.charAt(i))) {
      return i < n && s.charAt(i) == '_' ? -1 : i;
    }
    i++;
    while (i < n) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        i++;
      } else if (c == '_') {
        if (i + 1 >= n || !isDigit(s.charAt(i + 1))) {
          return -1;
        }
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** End of an optional exponent {@code [eE][+-]?digits} at {@code i}; -1 when one starts but is malformed. */
  private static int exponent(String s, int i, boolean underscores) {
    int n = s.length();
    if (i >= n || (s.charAt(i) != 'e' && s.charAt(i) != 'E')) {
      return i;
    }
    int j = sign(s, i + 1);
    int end = underscores ? pyDigits(s, j) : digits(s, j);
    return end > j ? end : -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
