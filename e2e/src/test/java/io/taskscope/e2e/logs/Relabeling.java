package io.taskscope.e2e.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus relabeling (which promtail uses unchanged) for the actions our configs use: replace, keep, drop,
 * labelmap, labeldrop, labelkeep. Semantics as in Prometheus' relabel package: source values joined by the separator,
 * regex anchored at both ends, replacement and target label expanded Go-style ($1, ${1}, $name, $$), a replace whose
 * result is empty deletes the target label, a regex that does not match leaves the labels alone.
 * Anything else is refused rather than guessed.
 */
final class Relabeling {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  record Rule(List<String> sourceLabels, String separator, Pattern regex, String targetLabel, String replacement,
      String action) {

    static Rule of(Map<?, ?> yaml) {
      List<String> sources = new ArrayList<>();
      Object src = yaml.get("source_labels");
      if (src instanceof List<?> list) {
        list.forEach(o -> sources.add(String.valueOf(o)));
      } else if (src != null) {
        throw new IllegalArgumentException("source_labels must be a list: " + yaml);
      }
      String action = text(yaml, "action", "replace").toLowerCase();
      String regex = text(yaml, "regex", "(.*)");
      Rule rule = new Rule(sources, text(yaml, "separator", ";"), Pattern.compile("^(?:" + regex + ")$"),
          text(yaml, "target_label", null), text(yaml, "replacement", "$1"), action);
      switch (action) {
        case "replace" -> {
          if (rule.targetLabel == null) {
            throw new IllegalArgumentException("replace needs target_label: " + yaml);
          }
        }
        case "keep", "drop", "labelmap", "labeldrop", "labelkeep" -> { }
        default -> throw new IllegalArgumentException("relabel action not emulated here: " + action);
      }
      return rule;
    }

    private static String text(Map<?, ?> yaml, String key, String fallback) {
      Object v = yaml.get(key);
      return v == null ? fallback : String.valueOf(v);
    }
  }

  private Relabeling() {}

  static List<Rule> rules(List<?> yaml) {
    List<Rule> out = new ArrayList<>();
    if (yaml != null) {
      for (Object o : yaml) {
        out.add(Rule.of((Map<?, ?>) o));
      }
    }
    return out;
  }

  /** The labels after all rules, or null when a keep/drop rule dropped the target. */
  static Map<String, String> apply(List<Rule> rules, Map<String, String> input) {
    Map<String, String> labels = new LinkedHashMap<>(input);
    for (Rule r : rules) {
      List<String> values = new ArrayList<>();
      for (String s : r.sourceLabels()) {
        values.add(labels.getOrDefault(s, ""));
      }
      String value = String.join(r.separator(), values);
      Matcher m = r.regex().matcher(value);
      switch (r.action()) {
        case "keep" -> {
          if (!m.matches()) {
            return null;
          }
        }
        case "drop" -> {
          if (m.matches()) {
            return null;
          }
        }
        case "replace" -> {
          if (m.matches()) {
            String target = expand(r.targetLabel(), m);
            if (LABEL_NAME.matcher(target).matches()) {
              String result = expand(r.replacement(), m);
              if (result.isEmpty()) {
                labels.remove(target);
              } else {
                labels.put(target, result);
              }
            }
          }
        }
        case "labelmap" -> {
          for (Map.Entry<String, String> e : new ArrayList<>(labels.entrySet())) {
            Matcher nm = r.regex().matcher(e.getKey());
            if (nm.matches()) {
              labels.put(expand(r.replacement(), nm), e.getValue());
            }
          }
        }
        case "labeldrop" -> labels.keySet().removeIf(k -> r.regex().matcher(k).matches());
        case "labelkeep" -> labels.keySet().removeIf(k -> !r.regex().matcher(k).matches());
        default -> throw new IllegalStateException(r.action());
      }
    }
    return labels;
  }

  /** The labels a target keeps once relabeling is done: those not starting with "__". */
  static Map<String, String> visible(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach((k, v) -> {
      if (!k.startsWith("__")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Go's Regexp.Expand: $name / ${name} (name = letters, digits, _; all digits = group number), $$ = $. */
  static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? "" : template.substring(i + 2, close);
        end = close + 1;
        if (close < 0 || !name.matches("[A-Za-z0-9_]+")) {
          out.append(c);
          i++;
          continue;
        }
      } else {
        end = i + 1;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        name = template.substring(i + 1, end);
        if (name.isEmpty()) {
          out.append(c);
          i++;
          continue;
        }
      }
      out.append(group(m, name));
      i = end;
    }
    return out.toString();
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) && c < 128 || c == '_';
  }

  private static String group(Matcher m, String name) {
    String g;
    if (name.chars().allMatch(Character::isDigit)) {
      int n = Integer.parseInt(name);
      g = n <= m.groupCount() ? m.group(n) : null;
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException noSuchGroup) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }
}
