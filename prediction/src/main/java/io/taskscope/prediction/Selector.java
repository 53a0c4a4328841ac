package io.taskscope.prediction;

import io.taskscope.forecast.history.PromQl;

/**
 * The only PromQL the job sends: one instant-vector selector, {@code name{label="value", ...}} with {@code =} or
 * {@code !=} matchers. A graph's {@code ts:promQuery} is parsed (one pass, no regex) and rendered again with every
 * value through {@link PromQl#stringLiteral}, so whatever a graph writer puts in a label value stays that value:
 * {@code "} or vector(1)} cannot close the selector, and functions, operators, ranges and offsets are refused.
 */
public final class Selector {
  /** Longer query texts are refused before parsing. */
  public static final int MAX_LENGTH = 4096;

  private final String text;
  private int pos;

  private Selector(String text) {
    this.text = text;
  }

  /** The canonical form of {@code query}; {@link IllegalArgumentException} naming the problem when it is not one selector. */
  public static String canonical(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("empty PromQL query");
    }
    if (query.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("PromQL query longer than " + MAX_LENGTH + " characters");
    }
    return new Selector(query).parse();
  }

  private String parse() {
    StringBuilder out = new StringBuilder();
    skipSpace();
    String name = identifier(true);
    if (name.isEmpty()) {
      throw problem("expected a metric name");
    }
    out.append(name);
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == '{') {
      pos++;
      out.append('{');
      boolean first = true;
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          break;
        }
        if (!first) {
          expect(',');
          skipSpace();
          if (peek() == '}') { // a trailing comma is valid PromQL
            pos++;
            break;
          }
        }
        String label = identifier(false);
        if (label.isEmpty()) {
          throw problem("expected a label name");
        }
        skipSpace();
        String op;
        if (peek() == '=') {
          op = "=";
          pos++;
        } else if (peek() == '!' && pos + 1 < text.length() && text.charAt(pos + 1) == '=') {
          op = "!=";
          pos += 2;
        } else {
          throw problem("expected = or != after label " + label + " (regex matchers are not accepted)");
        }
        if (peek() == '~') {
          throw problem("regex matchers are not accepted");
        }
        skipSpace();
        String value = stringLiteral();
        out.append(first ? "" : ",").append(label).append(op).append(PromQl.stringLiteral(value));
        first = false;
      }
      out.append('}');
    }
    skipSpace();
    if (pos != text.length()) {
      throw problem("expected the end of the selector (functions, operators, ranges and offsets are not accepted)");
    }
    return out.toString();
  }

  private String identifier(boolean metricName) {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metricName && c == ':');
      if (!(letter || (pos > start && c >= '0' && c <= '9'))) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  /** A PromQL string in double or single quotes with Go's escapes; the value it stands for. */
  private String stringLiteral() {
    char quote = peek();
    if (quote != '"' && quote != '\'') {
      throw problem("expected a quoted label value");
    }
    pos++;
    StringBuilder v = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return v.toString();
      }
      if (c == '\n') {
        break;
      }
      if (c != '\\') {
        v.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> v.append('\n');
        case 't' -> v.append('\t');
        case 'r' -> v.append('\r');
        case '\\', '"', '\'' -> v.append(e);
        case 'x' -> v.append((char) hex(2));
        case 'u' -> v.append((char) hex(4));
        default -> throw problem("unknown escape \\" + e);
      }
    }
    throw problem("label value not closed");
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw problem("short escape");
    }
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(text.charAt(pos++), 16);
      if (d < 0) {
        throw problem("bad hex escape");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw problem("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException problem(String what) {
    return new IllegalArgumentException("not a single PromQL selector: " + what + " at character " + (pos + 1));
  }
}
