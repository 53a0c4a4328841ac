package io.taskscope.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the free-form parts of an object (spec, status, metadata maps) readably: maps as definition lists, lists of
 * flat maps as tables, strings holding JSON (Sedna's condition {@code data}, annotations) pretty-printed. Every value
 * goes through {@link Html#text}.
 */
final class Values {
  /** Nesting deeper than this is shown as pretty JSON: a page must not recurse without bound on odd objects. */
  static final int MAX_DEPTH = 10;
  /** JSON strings longer than this are shown as they are (pretty-printing megabytes helps nobody). */
  static final int MAX_JSON_STRING = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Values() {}

  static void render(Html h, Object v) {
    render(h, v, 0);
  }

  private static void render(Html h, Object v, int depth) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        h.raw("<span class=\"muted\">{}</span>");
      } else if (depth >= MAX_DEPTH) {
        h.el("<pre>", pretty(v));
      } else {
        h.raw("<dl class=\"kv\">");
        m.forEach((k, x) -> {
          h.el("<dt>", String.valueOf(k)).raw("<dd>");
          render(h, x, depth + 1);
          h.raw("</dd>");
        });
        h.raw("</dl>");
      }
    } else if (v instanceof List<?> l) {
      list(h, l, depth);
    } else if (v instanceof String s) {
      string(h, s);
    } else if (v == null) {
      h.raw("<span class=\"muted\">null</span>");
    } else {
      h.text(String.valueOf(v));
    }
  }

  private static void list(Html h, List<?> l, int depth) {
    if (l.isEmpty()) {
      h.raw("<span class=\"muted\">[]</span>");
      return;
    }
    if (depth >= MAX_DEPTH) {
      h.el("<pre>", pretty(l));
      return;
    }
    Set<String> columns = flatColumns(l);
    if (columns != null) {
      table(h, l, columns);
      return;
    }
    h.raw("<ol class=\"values\">");
    for (Object x : l) {
      h.raw("<li>");
      render(h, x, depth + 1);
      h.raw("</li>");
    }
    h.raw("</ol>");
  }

  /** The keys of a list of maps whose values are all scalars (a table reads best), else null. */
  static Set<String> flatColumns(List<?> l) {
    Set<String> cols = new LinkedHashSet<>();
    for (Object x : l) {
      if (!(x instanceof Map<?, ?> m)) {
        return null;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() instanceof Map || e.getValue() instanceof List) {
          return null;
        }
        cols.add(String.valueOf(e.getKey()));
      }
    }
    return cols.size() <= 12 ? cols : null;
  }

  static void table(Html h, List<?> rows, Set<String> columns) {
    h.raw("<div class=\"table-wrap\"><table class=\"values\"><thead><tr>");
    columns.forEach(c -> h.el("<th scope=\"col\">", c));
    h.raw("</tr></thead><tbody>");
    for (Object r : rows) {
      Map<?, ?> m = (Map<?, ?>) r;
      h.raw("<tr>");
      for (String c : columns) {
        h.raw("<td>");
        Object v = m.get(c);
        if (v instanceof String s) {
          string(h, s);
        } else if (v != null) {
          h.text(String.valueOf(v));
        }
        h.raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw("</tbody></table></div>");
  }

  /** A string; if it holds a JSON object or array, pretty-printed in {@code <pre>}. */
  static void string(Html h, String s) {
    String json = prettyJson(s);
    if (json != null) {
      h.el("<pre class=\"json\">", json);
    } else if (s.indexOf('\n') >= 0) {
      h.el("<pre>", s);
    } else {
      h.text(s);
    }
  }

  /** {@code s} pretty-printed if it is a JSON object or array, else null (not JSON: shown as text). */
  static String prettyJson(String s) {
    String t = s.strip();
    if (t.length() < 2 || t.length() > MAX_JSON_STRING || !(t.startsWith("{") || t.startsWith("["))) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(t);
      return n != null && n.isContainerNode() ? JSON.writeValueAsString(n) : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static String pretty(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }
}
