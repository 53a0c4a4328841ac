package io.taskscope.push;

import io.taskscope.core.TextLines;

/**
 * Exposition lines written straight into bytes, the same bytes {@link TextLines} renders through a StringBuilder:
 * a stored family is kept as UTF-8, so rendering it without the intermediate string saves two copies and an
 * encoding pass per push.
 */
final class LineBuffer extends GrowableBytes {
  LineBuffer(int capacity) {
    super(capacity);
  }

  void add(char c) {
    put(c);
  }

  /** A string as UTF-8. */
  void text(String s) {
    putUtf8(s);
  }

  /** A label value with the text format's escapes, as {@link TextLines#escapeLabelValue}. */
  void labelValue(String v) {
    boolean plain = true;
    for (int i = 0; i < v.length() && plain; i++) {
      char c = v.charAt(i);
      plain = c != '\\' && c != '"' && c != '\n';
    }
    if (plain) {
      text(v);
    } else {
      StringBuilder sb = new StringBuilder(v.length() + 8);
      TextLines.escapeLabelValue(sb, v);
      text(sb.toString());
    }
  }

  /** A sample value as {@link TextLines#appendValue} writes it. */
  void value(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      long x = (long) v;
      if (x < 0) {
        add('-');
        x = -x;
      }
      ensure(7);
      int start = pos;
      do {
        buf[pos++] = (byte) ('0' + x % 10);
        x /= 10;
      } while (x != 0);
      for (int i = start, j = pos - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
      return;
    }
    text(TextLines.formatValue(v));
  }

  /** One line {@code name{a="b",...} value\n}. */
  void line(String name, String[] labelNames, String[] labelValues, double value) {
    text(name);
    if (labelNames.length > 0) {
      add('{');
      for (int i = 0; i < labelNames.length; i++) {
        if (i > 0) {
          add(',');
        }
        text(labelNames[i]);
        add('=');
        add('"');
        labelValue(labelValues[i]);
        add('"');
      }
      add('}');
    }
    add(' ');
    value(value);
    add('\n');
  }
}
