package io.taskscope.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HTML text building where every value is escaped unless it is written with {@link #raw}: names, labels, messages
 * and log lines come from the cluster and from users, so the safe call is the short one.
 */
public final class Html {
  private final StringBuilder b = new StringBuilder(4096);

  /** Escapes text for element content and quoted attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder o = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? "\uFFFD" : null;
      };
      if (r != null && o == null) {
        o = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (o != null) {
        if (r != null) {
          o.append(r);
        } else {
          o.append(c);
        }
      }
    }
    return o == null ? s : o.toString();
  }

  /** A path segment or query value, percent-encoded (then safe in an attribute after {@link #esc}). */
  public static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Trusted markup: constants of this module only, never data. */
  public Html raw(String trusted) {
    b.append(trusted);
    return this;
  }

  /** Data as text. */
  public Html text(String data) {
    b.append(esc(data));
    return this;
  }

  public Html text(long n) {
    b.append(n);
    return this;
  }

  /** {@code <tag attr...>text</tag>} with the text escaped; {@code openTag} is trusted markup. */
  public Html el(String openTag, String data) {
    String name = openTag.substring(1, endOfName(openTag));
    return raw(openTag).text(data).raw("</" + name + ">");
  }

  private static int endOfName(String tag) {
    int i = 1;
    while (i < tag.length() && Character.isLetterOrDigit(tag.charAt(i))) {
      i++;
    }
    return i;
  }

  /** {@code <a href="...">text</a>}; the href is built by the caller from {@link #url}-encoded parts. */
  public Html link(String href, String data) {
    return raw("<a href=\"").text(href).raw("\">").text(data).raw("</a>");
  }

  public boolean isEmpty() {
    return b.isEmpty();
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
