package io.taskscope.core;

/**
 * Renders samples as exposition lines ({@code name{a="b"} 1\n}). The line shape is shared by text format 0.0.4 and
 * OpenMetrics, so a line rendered once on an informer event serves every text scrape.
 *
 * <p>Values are written the way kube-state-metrics and client_golang write them ({@code strconv.FormatFloat(v, 'g',
 * -1, 64)}): the shortest decimal that reads back to the same double, in exponent form below 1e-4 and from 1e6 on
 * (a timestamp reads {@code 1.7636256e+09}). Users migrating from kube-state-metrics can diff the outputs line by line.
 */
public final class TextLines {
  private TextLines() {}

  public static String render(Sample s) {
    StringBuilder sb = new StringBuilder(64);
    append(sb, s);
    return sb.toString();
  }

  public static void append(StringBuilder sb, Sample s) {
    sb.append(s.name());
    int n = s.labelCount();
    if (n > 0) {
      sb.append('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(s.labelName(i)).append("=\"");
        escapeLabelValue(sb, s.labelValue(i));
        sb.append('"');
      }
      sb.append('}');
    }
    sb.append(' ');
    appendValue(sb, s.value());
    sb.append('\n');
  }

  /** One line from a name, parallel label arrays and a value: the same bytes as {@link #append(StringBuilder, Sample)}. */
  public static void append(StringBuilder sb, String name, String[] labelNames, String[] labelValues, double value) {
    sb.append(name);
    int n = labelNames.length;
    if (n > 0) {
      sb.append('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(labelNames[i]).append("=\"");
        escapeLabelValue(sb, labelValues[i]);
        sb.append('"');
      }
      sb.append('}');
    }
    sb.append(' ');
    appendValue(sb, value);
    sb.append('\n');
  }

  public static void escapeLabelValue(StringBuilder sb, String v) {
    int plain = 0;
    while (plain < v.length()) {
      char c = v.charAt(plain);
      if (c == '\\' || c == '"' || c == '\n') {
        break;
      }
      plain++;
    }
    sb.append(v, 0, plain); // most values need no escaping: one bulk copy
    for (int i = plain; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** Escapes HELP text: backslash and newline only (quotes stay as they are). */
  public static String escapeHelp(String help) {
    if (help.indexOf('\\') < 0 && help.indexOf('\n') < 0) {
      return help;
    }
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  public static String formatValue(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendValue(sb, v);
    return sb.toString();
  }

  public static void appendValue(StringBuilder sb, double v) {
    if (v == 0) {
      sb.append('0');
      return;
    }
    if (v == 1) {
      sb.append('1');
      return;
    }
    if (Double.isNaN(v)) {
      sb.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      sb.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      sb.append((long) v);
      return;
    }
    // Shortest round-tripping digits (Double.toString is shortest since JDK 19), laid out like Go's %v. The digits
    // and exponent are read off Double.toString's own layout ("123.45", "1.0E-5", "1.7636256E9"), not through
    // BigDecimal, which cost more than the rest of a line.
    String t = Double.toString(Math.abs(v));
    int e = t.indexOf('E');
    String mant = e < 0 ? t : t.substring(0, e);
    int exp10 = e < 0 ? 0 : Integer.parseInt(t.substring(e + 1));
    int point = mant.indexOf('.');
    String intPart = mant.substring(0, point);
    String frac = mant.substring(point + 1);
    String all = intPart + frac;
    int lead = 0;
    while (lead < all.length() - 1 && all.charAt(lead) == '0') {
      lead++;
    }
    int trail = all.length();
    while (trail > lead + 1 && all.charAt(trail - 1) == '0') {
      trail--;
    }
    String digits = all.substring(lead, trail);
    int exp = intPart.length() - 1 - lead + exp10; // decimal exponent of the first digit
    if (v < 0) {
      sb.append('-');
    }
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      sb.append(ae);
    } else if (exp < 0) {
      sb.append("0.");
      for (int k = -1; k > exp; k--) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits);
      for (int k = digits.length(); k <= exp; k++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
  }
}
