package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A task's stages and states over time: its {@code status.conditions} (Sedna appends one per transition, so the list
 * is its history, newest last) merged with the changes TaskScope saw itself ({@link StateHistory}).
 */
final class Timeline {
  /** One step; {@code seen} marks TaskScope's own observations. {@code at} may be null (a condition without times). */
  record Entry(Instant at, String stage, String type, String status, String reason, String message, boolean seen) {
    String health() {
      if (!seen && "False".equals(status) && !type.equals("Failed")) {
        return "warn";
      }
      return Tasks.health(type);
    }
  }

  private Timeline() {}

  /** Oldest first. Conditions keep their list order among equal (or missing) times; Sedna's order is the truth. */
  static List<Entry> of(GenericKubernetesResource o, List<StateHistory.Change> seen) {
    List<Entry> out = new ArrayList<>();
    Object list = Tasks.map(o.getAdditionalProperties().get("status")).get("conditions");
    Instant previous = null;
    if (list instanceof List<?> l) {
      for (Object item : l) {
        Map<String, Object> c = Tasks.map(item);
        Instant at = time(c);
        if (at == null) {
          at = previous; // no time of its own: it happened after the one before it
        }
        previous = at;
        out.add(new Entry(at, str(c.get("stage")), str(c.get("type")), str(c.get("status")), str(c.get("reason")),
            str(c.get("message")), false));
      }
    }
    for (StateHistory.Change ch : seen) {
      out.add(new Entry(ch.at(), ch.stage(), ch.status(), "", "", "", true));
    }
    // stable: list order among equal times, conditions (added first) before TaskScope's view of the same moment
    out.sort(Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  private static Instant time(Map<String, Object> c) {
    for (String k : new String[] {"lastTransitionTime", "lastHeartbeatTime", "lastProbeTime", "lastUpdateTime"}) {
      Instant t = Tasks.instant(c.get(k) == null ? null : String.valueOf(c.get(k)));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  /** The strip (one segment per entry, coloured by health) and the table, newest last as in the CR. */
  static void render(Html h, List<Entry> entries) {
    h.raw("<h2 id=\"timeline\">Timeline</h2>");
    if (entries.isEmpty()) {
      h.raw("<p class=\"muted\">No conditions yet, and no change seen by TaskScope since it started.</p>");
      return;
    }
    h.raw("<ol class=\"strip\" aria-hidden=\"true\">");
    for (Entry e : entries) {
      h.raw("<li class=\"seg ").raw(e.health()).raw(e.seen() ? " seen" : "").raw("\" title=\"")
          .text(label(e)).raw("\"></li>");
    }
    h.raw("</ol><div class=\"table-wrap\"><table class=\"timeline\"><thead><tr><th scope=\"col\">Time</th>")
        .raw("<th scope=\"col\">Stage</th><th scope=\"col\">State</th><th scope=\"col\">Status</th>")
        .raw("<th scope=\"col\">Reason / message</th></tr></thead><tbody>");
    for (Entry e : entries) {
      h.raw("<tr").raw(e.seen() ? " class=\"seen\"" : "").raw("><td class=\"time\">")
          .text(e.at() == null ? "—" : shown(e.at())).raw("</td><td>").text(e.stage()).raw("</td><td>")
          .raw("<span class=\"badge ").raw(e.health()).raw("\">").text(e.type()).raw("</span></td><td>")
          .text(e.status()).raw("</td><td>");
      if (e.seen()) {
        h.raw("<span class=\"muted\">seen by TaskScope</span>");
      } else {
        if (!e.reason().isEmpty()) {
          h.raw("<strong>").text(e.reason()).raw("</strong> ");
        }
        h.text(e.message());
      }
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
  }

  /** To the second, as the CR's own times: TaskScope's samples carry nanoseconds nobody needs to read. */
  static String shown(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static String label(Entry e) {
    return (e.at() == null ? "" : shown(e.at()) + " ") + (e.stage().isEmpty() ? "" : e.stage() + " ") + e.type()
        + (e.seen() ? " (seen by TaskScope)" : "");
  }
}
