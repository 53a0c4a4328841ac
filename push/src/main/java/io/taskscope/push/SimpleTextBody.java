package io.taskscope.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape almost every push has, read in one pass: ASCII, {@code # TYPE} lines of gauges, counters and untyped
 * families, {@code # HELP} lines without escapes, and samples written {@code name{a="b",c="d"} value} with no
 * blanks, escapes, timestamps or empty lines inside. For such a body the result is exactly what
 * {@link TextFormatParser} gives (a test holds the two together); anything else, including every malformed body,
 * returns null and goes to the full parser, which knows Pushgateway's error messages.
 *
 * <p>Why: the general parser is a character-level state machine built for exact errors; on the push path it was a
 * fifth of the time spent per push.
 */
final class SimpleTextBody {
  /** Labels per series this one-pass reader takes (it checks duplicates by a linear scan). */
  private static final int MAX_LABELS = 16;

  private SimpleTextBody() {}

  private static final class Fam {
    final String name;
    String help;
    PushType type;
    final List<PushedMetric> metrics = new ArrayList<>();

    Fam(String name) {
      this.name = name;
    }
  }

  /** The families of the body, or null when it is not of the simple shape. */
  static List<PushedFamily> parse(byte[] b, int off, int len) {
    int end = off + len;
    if (len > 0 && b[end - 1] != '\n') {
      return null;
    }
    Map<String, Fam> fams = new LinkedHashMap<>();
    Fam cur = null;
    List<String> names = new ArrayList<>(8);
    List<String> values = new ArrayList<>(8);
    int p = off;
    while (p < end) {
      byte c = b[p];
      if (c == '\n') {
        p++;
        continue;
      }
      if (c == '#') {
        boolean type = startsWith(b, p, end, "# TYPE ");
        if (!type && !startsWith(b, p, end, "# HELP ")) {
          return null;
        }
        p += 7;
        int ns = p;
        p = metricName(b, p, end);
        if (p == ns || b[p] != ' ') {
          return null;
        }
        String name = ascii(b, ns, p);
        int ts = ++p;
        while (b[p] != '\n') {
          if (b[p] < 0x20 || b[p] == '\\' || b[p] == 0x7f) { // control, non-ASCII (negative) or escape
            return null;
          }
          p++;
        }
        if (p == ts || b[ts] == ' ' || b[p - 1] == ' ') {
          return null; // empty text or blanks the full parser treats specially
        }
        String text = ascii(b, ts, p);
        p++;
        Fam f = fams.computeIfAbsent(name, Fam::new);
        if (type) {
          if (f.type != null) {
            return null;
          }
          f.type = switch (text) {
            case "gauge" -> PushType.GAUGE;
            case "counter" -> PushType.COUNTER;
            case "untyped" -> PushType.UNTYPED;
            default -> null;
          };
          if (f.type == null) {
            return null;
          }
        } else {
          if (f.help != null) {
            return null;
          }
          f.help = text;
        }
        cur = f;
        continue;
      }
      int ns = p;
      p = metricName(b, p, end);
      if (p == ns) {
        return null;
      }
      Fam f = cur != null && sameName(cur.name, b, ns, p) ? cur : fams.computeIfAbsent(ascii(b, ns, p), Fam::new);
      if (f.type == null) {
        f.type = PushType.UNTYPED;
      }
      cur = f;
      names.clear();
      values.clear();
      if (b[p] == '{') {
        p++;
        if (b[p] != '}') {
          while (true) {
            int ls = p;
            p = labelName(b, p, end);
            if (p == ls || b[p] != '=' || b[p + 1] != '"') {
              return null;
            }
            String ln = ascii(b, ls, p);
            // a series with many labels goes to the full parser, whose duplicate check does not cost their square
            if (ln.equals("__name__") || names.size() >= MAX_LABELS || names.contains(ln)) {
              return null;
            }
            p += 2;
            int vs = p;
            while (b[p] != '"') {
              if (b[p] < 0x20 || b[p] == '\\' || b[p] == 0x7f) {
                return null;
              }
              p++;
            }
            names.add(ln);
            values.add(ascii(b, vs, p));
            p++;
            if (b[p] == '}') {
              break;
            }
            if (b[p] != ',' || b[p + 1] == '}') {
              return null; // a trailing comma is accepted by the full parser, which handles it
            }
            p++;
          }
        }
        p++;
      }
      if (b[p] != ' ') {
        return null;
      }
      int vs = ++p;
      while (b[p] != '\n' && b[p] != ' ' && b[p] != '\t') {
        p++;
      }
      if (b[p] != '\n' || p == vs) {
        return null; // a timestamp, a blank or no value
      }
      Double v = GoText.parseFloat(ascii(b, vs, p));
      if (v == null) {
        return null;
      }
      p++;
      f.metrics.add(new PushedMetric(names.toArray(new String[0]), values.toArray(new String[0]), f.type, v, 0, 0,
          null, null, null, null, null));
    }
    List<PushedFamily> out = new ArrayList<>(fams.size());
    for (Fam f : fams.values()) {
      if (!f.metrics.isEmpty()) {
        out.add(new PushedFamily(f.name, f.help, f.type, f.metrics));
      }
    }
    return out;
  }

  private static boolean startsWith(byte[] b, int p, int end, String s) {
    if (end - p < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[p + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** End of the metric name starting at {@code p} ({@code p} itself when there is none). */
  private static int metricName(byte[] b, int p, int end) {
    int i = p;
    while (i < end && (b[i] == ':' || (i == p ? GoText.labelStart(b[i]) : GoText.labelCont(b[i])))) {
      i++;
    }
    return i;
  }

  private static int labelName(byte[] b, int p, int end) {
    int i = p;
    while (i < end && (i == p ? GoText.labelStart(b[i]) : GoText.labelCont(b[i]))) {
      i++;
    }
    return i;
  }

  private static boolean sameName(String name, byte[] b, int s, int e) {
    if (name.length() != e - s) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != b[s + i]) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
