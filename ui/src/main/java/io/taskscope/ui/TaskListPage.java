package io.taskscope.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code /ui/}: every task TaskScope knows, filterable by namespace, kind and health, searchable by name, sortable by
 * column. The table body reloads itself every few seconds ({@code /ui/tasks/rows}); columns have fixed widths so
 * values changing do not move the layout.
 */
final class TaskListPage {
  static final List<String> SORTS = List.of("name", "kind", "namespace", "status", "age", "workers");
  static final Map<String, String> HEALTH = Map.of("ok", "Healthy", "warn", "Needs attention", "bad", "Failing",
      "none", "No status");

  private final ClusterView view;
  private final Supplier<Instant> now;

  TaskListPage(ClusterView view, Supplier<Instant> now) {
    this.view = view;
    this.now = now;
  }

  /** The filter, search and sort of one request. */
  record Query(String namespace, String kind, String health, String search, String sort, boolean desc) {
    static Query of(Map<String, String> q) {
      String sort = q.getOrDefault("sort", "name");
      return new Query(q.getOrDefault("ns", ""), q.getOrDefault("kind", ""), q.getOrDefault("health", ""),
          q.getOrDefault("q", "").strip(), SORTS.contains(sort) ? sort : "name", "desc".equals(q.get("dir")));
    }

    String queryString() {
      return "ns=" + Html.url(namespace) + "&kind=" + Html.url(kind) + "&health=" + Html.url(health) + "&q="
          + Html.url(search) + "&sort=" + sort + "&dir=" + (desc ? "desc" : "asc");
    }

    boolean matches(TaskRow r) {
      return (namespace.isEmpty() || r.namespace().equals(namespace)) && (kind.isEmpty() || r.kind().equals(kind))
          && (health.isEmpty() || r.health().equals(health))
          && (search.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)));
    }
  }

  String page(Map<String, String> params) {
    Query q = Query.of(params);
    List<TaskRow> all = Tasks.rows(view);
    Html h = new Html();
    h.raw("<h1>Tasks</h1>");
    if (!view.synced()) {
      h.raw("<p class=\"banner\" role=\"status\">Still reading the cluster: the list may be incomplete.</p>");
    }
    h.raw("<form class=\"filters\" method=\"get\" action=\"/ui/\" role=\"search\">");
    select(h, "ns", "Namespace", new TreeSet<>(all.stream().map(TaskRow::namespace).toList()), q.namespace(), null);
    select(h, "kind", "Kind", view.kinds(), q.kind(), null);
    select(h, "health", "Status", List.of("ok", "warn", "bad", "none"), q.health(), HEALTH);
    h.raw("<label>Name<input type=\"search\" name=\"q\" value=\"").text(q.search())
        .raw("\" placeholder=\"search by name\" autocomplete=\"off\"></label>")
        .raw("<input type=\"hidden\" name=\"sort\" value=\"").text(q.sort()).raw("\">")
        .raw("<input type=\"hidden\" name=\"dir\" value=\"").raw(q.desc() ? "desc" : "asc").raw("\">")
        .raw("<button type=\"submit\">Filter</button></form>");
    h.raw("<div class=\"table-wrap\"><table class=\"tasks\"><caption class=\"muted\">")
        .text(all.size() + " tasks and workloads").raw("</caption><colgroup><col class=\"c-name\"><col class=\"c-kind\">")
        .raw("<col class=\"c-ns\"><col class=\"c-status\"><col class=\"c-workers\"><col class=\"c-age\"></colgroup><thead><tr>");
    header(h, q, "name", "Name", false);
    header(h, q, "kind", "Kind", false);
    header(h, q, "namespace", "Namespace", false);
    header(h, q, "status", "Status", false);
    header(h, q, "workers", "Workers", true);
    header(h, q, "age", "Age", true);
    h.raw("</tr></thead>");
    rows(h, q, all);
    h.raw("</table></div>");
    return Layout.page("Tasks", "/ui/", h);
  }

  /** The table body alone, for the periodic refresh. */
  String rowsFragment(Map<String, String> params) {
    Html h = new Html();
    rows(h, Query.of(params), Tasks.rows(view));
    return h.toString();
  }

  private void rows(Html h, Query q, List<TaskRow> all) {
    List<TaskRow> shown = all.stream().filter(q::matches).sorted(order(q)).toList();
    h.raw("<tbody id=\"task-rows\" hx-get=\"/ui/tasks/rows?").text(q.queryString())
        .raw("\" hx-trigger=\"every 5s\" hx-swap=\"outerHTML\">");
    if (shown.isEmpty()) {
      h.raw("<tr><td colspan=\"6\" class=\"muted\">No task matches these filters.</td></tr>");
    }
    Instant t = now.get();
    for (TaskRow r : shown) {
      h.raw("<tr><td><a href=\"").text(r.path()).raw("\">").text(r.name()).raw("</a></td><td>").text(r.kind())
          .raw("</td><td>").text(r.namespace()).raw("</td><td>");
      status(h, r);
      h.raw("</td><td class=\"num\">").text(r.workersTotal() < 0 ? "—" : r.workersReady() + "/" + r.workersTotal())
          .raw("</td><td class=\"num\">").text(age(r.created(), t)).raw("</td></tr>");
    }
    h.raw("</tbody>");
  }

  static void status(Html h, TaskRow r) {
    if (r.status().isEmpty()) {
      h.raw("<span class=\"muted\">—</span>");
      return;
    }
    if (!r.stage().isEmpty()) {
      h.text(r.stage()).raw(" · ");
    }
    h.raw("<span class=\"badge ").raw(r.health()).raw("\">").text(r.status()).raw("</span>");
  }

  private static Comparator<TaskRow> order(Query q) {
    Comparator<TaskRow> c = switch (q.sort()) {
      case "kind" -> Comparator.comparing(TaskRow::kind);
      case "namespace" -> Comparator.comparing(TaskRow::namespace);
      case "status" -> Comparator.comparing((TaskRow r) -> severity(r.health())).thenComparing(TaskRow::status);
      case "age" -> Comparator.comparing(TaskRow::created, Comparator.nullsLast(Comparator.reverseOrder()));
      case "workers" -> Comparator.comparingInt(TaskRow::workersTotal);
      default -> Comparator.comparing(TaskRow::name);
    };
    c = c.thenComparing(TaskRow::name).thenComparing(TaskRow::namespace).thenComparing(TaskRow::kind);
    return q.desc() ? c.reversed() : c;
  }

  private static int severity(String health) {
    return switch (health) {
      case "bad" -> 0;
      case "warn" -> 1;
      case "ok" -> 2;
      default -> 3;
    };
  }

  private static void header(Html h, Query q, String key, String label, boolean num) {
    boolean current = q.sort().equals(key);
    boolean nextDesc = current && !q.desc();
    Query next = new Query(q.namespace(), q.kind(), q.health(), q.search(), key, nextDesc);
    h.raw("<th scope=\"col\"").raw(num ? " class=\"num\"" : "")
        .raw(current ? " aria-sort=\"" + (q.desc() ? "descending" : "ascending") + "\"" : "")
        .raw("><a href=\"/ui/?").text(next.queryString()).raw("\">").text(label)
        .raw(current ? (q.desc() ? " ▼" : " ▲") : "").raw("</a></th>");
  }

  private static void select(Html h, String name, String label, java.util.Collection<String> values, String current,
      Map<String, String> labels) {
    h.raw("<label>").text(label).raw("<select name=\"").raw(name).raw("\"><option value=\"\">all</option>");
    for (String v : values) {
      h.raw("<option value=\"").text(v).raw("\"").raw(v.equals(current) ? " selected" : "").raw(">")
          .text(labels == null ? v : labels.getOrDefault(v, v)).raw("</option>");
    }
    h.raw("</select></label>");
  }

  /** Age as kubectl shows it: 45s, 12m, 5h, 3d. */
  static String age(Instant created, Instant now) {
    if (created == null) {
      return "—";
    }
    long s = Math.max(0, Duration.between(created, now).getSeconds());
    return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172_800 ? s / 3600 + "h" : s / 86_400 + "d";
  }
}
