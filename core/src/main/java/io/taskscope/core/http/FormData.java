package io.taskscope.core.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} text (a query string or a form body): the first value of each name. */
public final class FormData {
  private FormData() {}

  /**
   * The names and values of {@code raw} (null or empty: none); empty parts are skipped, a name given twice keeps its
   * first value. Malformed percent-encoding is an {@link IllegalArgumentException} naming the part.
   */
  public static Map<String, String> parse(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        m.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed URL encoding in '" + part + "': " + e.getMessage(), e);
      }
    }
    return m;
  }
}
