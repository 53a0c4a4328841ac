package io.taskscope.forecast.history;

/** PromQL building helpers, so values taken from the graph never reach a query unescaped. */
public final class PromQl {
  private PromQl() {}

  /**
   * {@code value} as a complete PromQL double-quoted string literal (quotes included). PromQL strings follow Go's
   * escaping, so backslash, double quote and every control character are escaped; a value such as
   * {@code "} or vector(1)} therefore stays one label value instead of closing the selector.
   */
  public static String stringLiteral(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * A sample value as Prometheus' HTTP API writes it, a string: {@code NaN}, {@code +Inf} (or {@code Inf}) and
   * {@code -Inf} included, which {@link Double#parseDouble} does not all accept.
   *
   * @throws NumberFormatException for anything else
   */
  public static double sampleValue(String v) {
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }
}
