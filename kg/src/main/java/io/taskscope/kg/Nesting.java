package io.taskscope.kg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Nesting depth of request texts, measured before a recursive parser sees them: Jena's Turtle and SPARQL parsers and
 * the JSON-LD processor recurse once per level, so a body nested 50,000 levels deep would overflow the stack. One
 * linear pass, no regular expression, no recursion.
 */
final class Nesting {
  /** Deepest nesting accepted in Turtle, TriG, SPARQL, JSON and JSON-LD (real graphs and queries use a handful). */
  static final int MAX_DEPTH = 100;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

  private Nesting() {}

  /**
   * The problem with a Turtle/TriG/N-Triples or SPARQL text, or null: brackets {@code [ ( {} opened deeper than
   * {@link #MAX_DEPTH} outside strings, IRIs and comments.
   */
  static String textProblem(CharSequence s, String what) {
    int depth = 0;
    int max = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      switch (c) {
        case '[', '(', '{' -> {
          depth++;
          if (depth > MAX_DEPTH) {
            return what + " is nested deeper than " + MAX_DEPTH + " levels (at character " + i + ")";
          }
          max = Math.max(max, depth);
          i++;
        }
        case ']', ')', '}' -> {
          depth = Math.max(0, depth - 1);
          i++;
        }
        case '#' -> {
          while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
          }
        }
        case '"', '\'' -> i = skipString(s, i);
        case '<' -> i = skipIri(s, i);
        default -> i++;
      }
    }
    return null;
  }

  /** Index after the string literal starting at {@code i} (short or long form, backslash escapes). */
  private static int skipString(CharSequence s, int i) {
    char q = s.charAt(i);
    int n = s.length();
    boolean longForm = i + 2 < n && s.charAt(i + 1) == q && s.charAt(i + 2) == q;
    int j = i + (longForm ? 3 : 1);
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == q) {
        if (!longForm) {
          return j + 1;
        }
        if (j + 2 < n && s.charAt(j + 1) == q && s.charAt(j + 2) == q) {
          return j + 3;
        }
        j++;
      } else if (!longForm && (c == '\n' || c == '\r')) {
        return j; // unterminated: the parser reports it
      } else {
        j++;
      }
    }
    return n;
  }

  /**
   * Index after an IRI reference {@code <...>} starting at {@code i}; when what follows cannot be one (a SPARQL
   * less-than), only the {@code <} is skipped.
   */
  private static int skipIri(CharSequence s, int i) {
    int n = s.length();
    for (int j = i + 1; j < n; j++) {
      char c = s.charAt(j);
      if (c == '>') {
        return j + 1;
      }
      if (c <= ' ' || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`') {
        return i + 1;
      }
    }
    return i + 1;
  }

  /** The problem with a JSON or JSON-LD body, or null: nested deeper than {@link #MAX_DEPTH}. Not a syntax check. */
  static String jsonProblem(byte[] body, String what) {
    try (JsonParser p = JSON.createParser(body)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.NOT_AVAILABLE) {
          break;
        }
      }
      return null;
    } catch (StreamConstraintsException e) {
      return what + " is nested deeper than " + MAX_DEPTH + " levels";
    } catch (IOException e) {
      return null; // malformed JSON: the real parser names the position
    }
  }
}
