package io.taskscope.crstate;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.TextLines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HELP/TYPE rules of kube-state-metrics' {@code /metrics}, for reuse by any exposition that wants KSM's text:
 *
 * <ol>
 *   <li>A header is {@code "# HELP <name> <help>\n# TYPE <name> <type>\n"}; help escapes {@code \} and newline
 *       only; an empty help still leaves the space after the name.
 *   <li>The TYPE word is the family type ({@code gauge}, {@code info}, {@code stateset}); text 0.0.4 rewrites
 *       {@code info} and {@code stateset} to {@code gauge}, OpenMetrics keeps them. The name is never changed (no
 *       {@code _info} stripping).
 *   <li>A family name is headed once per scrape: a later family with a name already seen (in the same resource or
 *       an earlier one) gets no header, but its samples are still written at its own position.
 *   <li>A resource (store) that holds no object writes no header at all; a resource that holds at least one object
 *       writes the header of every family, including families that have no sample.
 *   <li>Dedup happens before rule 4, so a name first declared by a resource without objects is never headed, even
 *       when a later resource has samples for it (kube-state-metrics behaves the same).
 * </ol>
 */
public final class KsmTextHeaders {
  private KsmTextHeaders() {}

  /** One resource's family headers and whether the resource currently holds any object. */
  public record Writer(List<FamilyHeader> headers, boolean hasObjects) {}

  public static String typeWord(MetricType type, boolean openMetrics) {
    String t = switch (type) {
      case GAUGE -> "gauge";
      case INFO -> "info";
      case STATESET -> "stateset";
      case COUNTER -> "counter";
      case UNKNOWN -> "unknown";
      case HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
    };
    if (!openMetrics && (type == MetricType.INFO || type == MetricType.STATESET)) {
      return "gauge";
    }
    if (!openMetrics && type == MetricType.UNKNOWN) {
      return "untyped";
    }
    return t;
  }

  public static String header(FamilyHeader h, boolean openMetrics) {
    return "# HELP " + h.name() + " " + TextLines.escapeHelp(h.help()) + "\n# TYPE " + h.name() + " "
        + typeWord(h.type(), openMetrics) + "\n";
  }

  /**
   * For each writer (in write order) and each of its families, the header text to write before the family's
   * samples, or {@code ""} for none.
   */
  public static List<String[]> plan(List<Writer> writers, boolean openMetrics) {
    Set<String> seen = new HashSet<>();
    List<String[]> out = new ArrayList<>(writers.size());
    for (Writer w : writers) {
      String[] texts = new String[w.headers().size()];
      Arrays.fill(texts, "");
      for (int i = 0; i < texts.length; i++) {
        FamilyHeader h = w.headers().get(i);
        boolean first = seen.add(h.name());
        if (first && w.hasObjects()) {
          texts[i] = header(h, openMetrics);
        }
      }
      out.add(texts);
    }
    return out;
  }
}
