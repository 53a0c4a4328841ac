package io.taskscope.crstate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled path: a list of steps walked over a decoded object ({@code Map}/{@code List}/scalars). A missing step
 * yields {@code null}, exactly like kube-state-metrics' {@code valuePath.Get}.
 */
final class ValuePath {
  static final ValuePath EMPTY = new ValuePath(List.of(), List.of());

  /** The TaskScope step that parses the current string as JSON. */
  static final String JSON_STEP = "@json";

  private final Step[] steps;
  private final List<String> parts;

  private ValuePath(List<Step> steps, List<String> parts) {
    this.steps = steps.toArray(new Step[0]);
    this.parts = List.copyOf(parts);
  }

  boolean isEmpty() {
    return steps.length == 0;
  }

  List<String> parts() {
    return parts;
  }

  /** Thrown by {@link #compile} with the index of the offending part. */
  static final class PathException extends Exception {
    final int index;

    PathException(int index, String message) {
      super(message);
      this.index = index;
    }
  }

  static ValuePath compile(List<String> path) throws PathException {
    if (path == null || path.isEmpty()) {
      return EMPTY;
    }
    List<Step> steps = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      String part = path.get(i);
      if (part.startsWith("[") && part.endsWith("]") && part.length() >= 2) {
        String inner = part.substring(1, part.length() - 1);
        int eq = inner.indexOf('=');
        if (eq < 0) {
          throw new PathException(i, "invalid list lookup: " + part + " (expected [key=value])");
        }
        steps.add(new ListLookup(inner.substring(0, eq), inner.substring(eq + 1)));
      } else if (part.equals(JSON_STEP)) {
        steps.add(JsonStep.INSTANCE);
      } else {
        steps.add(new KeyStep(part));
      }
    }
    return new ValuePath(steps, path);
  }

  /** Concatenation (used for error messages that name the full path). */
  ValuePath concat(ValuePath other) {
    List<String> p = new ArrayList<>(parts);
    p.addAll(other.parts);
    List<Step> s = new ArrayList<>(List.of(steps));
    s.addAll(List.of(other.steps));
    return new ValuePath(s, p);
  }

  Object get(Object obj, RenderContext ctx) {
    for (Step step : steps) {
      if (obj == null) {
        return null;
      }
      obj = step.apply(obj, ctx);
    }
    return obj;
  }

  /** Same text as kube-state-metrics prints for a path: {@code [a,b,c]}. */
  @Override
  public String toString() {
    return "[" + String.join(",", parts) + "]";
  }

  private interface Step {
    Object apply(Object current, RenderContext ctx);
  }

  /** A map key, {@code key=value} match on a map, or a numeric (possibly negative) index into a list. */
  private record KeyStep(String part, String matchKey, String matchValue, Long index) implements Step {
    KeyStep(String part) {
      this(part, splitKey(part), splitValue(part), GoValues.atoi(part));
    }

    private static String splitKey(String part) {
      String[] kv = part.split("=", -1);
      return kv.length == 2 ? kv[0] : null;
    }

    private static String splitValue(String part) {
      String[] kv = part.split("=", -1);
      return kv.length == 2 ? kv[1] : null;
    }

    @Override
    public Object apply(Object current, RenderContext ctx) {
      if (current instanceof Map<?, ?> m) {
        if (matchKey != null && m.containsKey(matchKey)) {
          Object v = m.get(matchKey);
          if (matchValue.equals(v)) {
            return v;
          }
        }
        return m.get(part);
      }
      if (current instanceof List<?> l) {
        if (index == null) {
          return null;
        }
        long i = index;
        if (i < 0) {
          i += l.size();
        }
        if (i < 0 || i >= l.size()) {
          return null;
        }
        return l.get((int) i);
      }
      return null;
    }
  }

  /** {@code [key=value]}: the first map element of a list whose {@code key} equals {@code value}. */
  private static final class ListLookup implements Step {
    private final String key;
    private final String value;
    private final Double num;
    private final Boolean bool;

    ListLookup(String key, String value) {
      this.key = key;
      this.value = value;
      Double n;
      try {
        n = GoValues.toFloat64(value, false);
      } catch (GoValues.ConversionException e) {
        n = null;
      }
      this.num = n;
      this.bool = GoValues.parseBool(value);
    }

    @Override
    public Object apply(Object current, RenderContext ctx) {
      if (!(current instanceof List<?> list)) {
        return null;
      }
      for (Object v : list) {
        if (!(v instanceof Map<?, ?> m) || !m.containsKey(key)) {
          continue;
        }
        Object candidate = m.get(key);
        if (value.equals(candidate)) {
          return m;
        }
        if (num != null) {
          try {
            if (GoValues.toFloat64(candidate, false) == num) {
              return m;
            }
          } catch (GoValues.ConversionException e) {
            // not a number: no match
          }
        }
        if (bool != null && candidate instanceof Boolean b && b.equals(bool)) {
          return m;
        }
      }
      return null;
    }
  }

  /** TaskScope extension: parse the current string as JSON and continue inside it. */
  private static final class JsonStep implements Step {
    static final JsonStep INSTANCE = new JsonStep();
    private static final ObjectMapper JSON =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public Object apply(Object current, RenderContext ctx) {
      if (current instanceof Map<?, ?> || current instanceof List<?>) {
        return current;
      }
      if (!(current instanceof String s)) {
        return null;
      }
      Object cached = ctx == null ? null : ctx.jsonCache.get(s);
      if (cached != null) {
        return cached == RenderContext.CORRUPT ? null : cached;
      }
      Object parsed;
      try {
        parsed = JSON.readValue(s, Object.class);
      } catch (JsonProcessingException | RuntimeException e) {
        if (ctx != null) {
          ctx.jsonCache.put(s, RenderContext.CORRUPT);
          ctx.corruptJson("corrupt JSON at @json: " + firstLine(e.getMessage()));
        }
        return null;
      }
      if (ctx != null && parsed != null) {
        ctx.jsonCache.put(s, parsed);
      }
      return parsed;
    }

    private static String firstLine(String m) {
      if (m == null) {
        return "parse error";
      }
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl);
    }
  }
}
