package io.taskscope.crstate;

import java.util.List;
import java.util.Map;

/**
 * A compiled {@code labelsFromPath} map. Keys starting or ending with {@code *} copy a whole map (applied first, in
 * sorted key order, the prefix before a trailing {@code *} prepended to each copied key); the other keys set one
 * label each and win over the copies. Label names are sanitized as kube-state-metrics does ({@code [^a-zA-Z0-9_]}
 * becomes {@code _}); values are formatted like Go's {@code %v}.
 */
final class LabelPaths {
  static final LabelPaths NONE = new LabelPaths(List.of(), List.of());

  record Star(String key, String prefix, ValuePath path) {}

  record Plain(String name, ValuePath path) {}

  private final List<Star> stars;
  private final List<Plain> plain;

  LabelPaths(List<Star> stars, List<Plain> plain) {
    this.stars = List.copyOf(stars);
    this.plain = List.copyOf(plain);
  }

  boolean isEmpty() {
    return stars.isEmpty() && plain.isEmpty();
  }

  static boolean isStar(String key) {
    return key.startsWith("*") || key.endsWith("*");
  }

  static String sanitize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
      sb.append(ok ? (char) cp : '_');
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  void addTo(Object obj, Map<String, String> result, RenderContext ctx) {
    for (Star star : stars) {
      Object m = star.path.get(obj, ctx);
      if (m instanceof Map<?, ?> kv) {
        for (Map.Entry<?, ?> e : kv.entrySet()) {
          String k = star.prefix + e.getKey();
          result.put(sanitize(k), GoValues.format(e.getValue()));
        }
      }
    }
    for (Plain p : plain) {
      Object value = p.path.get(obj, ctx);
      if (value != null) {
        result.put(p.name, GoValues.format(value));
      }
    }
  }
}
