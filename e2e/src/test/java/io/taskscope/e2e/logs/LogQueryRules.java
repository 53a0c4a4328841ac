package io.taskscope.e2e.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What every shipped LogQL query must satisfy to work against our Loki: it parses without error nodes, it uses only
 * labels the collectors produce (in stream selectors and in by/without/on/ignoring), and each stream selector has a
 * matcher that cannot match the empty string (Loki rejects {@code {pod=~".*"}} alone).
 */
final class LogQueryRules {
  private LogQueryRules() {}

  /** Every violation of the given queries and label uses; empty when all is well. */
  static List<String> violations(ShippedQueries.Found found, Set<String> knownLabels) throws Exception {
    List<String> out = new ArrayList<>(found.problems());
    for (ShippedQueries.LabelUse use : found.labels()) {
      if (!knownLabels.contains(use.label())) {
        out.add(use.source() + ": label '" + use.label() + "' is not produced by the log collectors " + knownLabels);
      }
    }
    for (LogqlChecker.Report r : LogqlChecker.check(found.queries())) {
      for (LogqlChecker.SyntaxError e : r.errors()) {
        out.add(r.source() + ": syntax error at line " + e.line() + " column " + e.column() + " near '" + e.near()
            + "' in " + r.query());
      }
      if (!r.errors().isEmpty()) {
        continue;
      }
      for (String l : r.selectorLabels()) {
        if (!knownLabels.contains(l)) {
          out.add(r.source() + ": stream selector label '" + l + "' is not produced by the log collectors in "
              + r.query());
        }
      }
      for (String l : r.groupingLabels()) {
        if (!knownLabels.contains(l)) {
          out.add(r.source() + ": grouping label '" + l + "' is not produced by the log collectors in " + r.query());
        }
      }
      if (r.selectors().isEmpty()) {
        out.add(r.source() + ": no stream selector in " + r.query());
      }
      for (LogqlChecker.Selector s : r.selectors()) {
        for (LogqlChecker.Matcher m : s.matchers()) {
          if (m.op() != null && m.op().contains("~") && !compiles(m.value())) {
            out.add(r.source() + ": matcher " + m.label() + m.op() + "\"" + m.value() + "\" is not a valid regex");
          }
        }
        if (s.matchers().stream().allMatch(LogQueryRules::matchesEmpty)) {
          out.add(r.source() + ": every matcher of " + s.text() + " matches the empty value; Loki refuses it");
        }
      }
    }
    return out;
  }

  static boolean matchesEmpty(LogqlChecker.Matcher m) {
    String v = m.value() == null ? "" : m.value();
    return switch (m.op() == null ? "=" : m.op()) {
      case "=" -> v.isEmpty();
      case "!=" -> !v.isEmpty();
      case "=~" -> regexMatchesEmpty(v);
      case "!~" -> !regexMatchesEmpty(v);
      default -> true;
    };
  }

  private static boolean compiles(String regex) {
    try {
      Pattern.compile(regex == null ? "" : regex);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  private static boolean regexMatchesEmpty(String regex) {
    try {
      return Pattern.compile("^(?:" + regex + ")$").matcher("").matches();
    } catch (PatternSyntaxException e) {
      return true; // reported as invalid above; it restricts nothing
    }
  }
}
