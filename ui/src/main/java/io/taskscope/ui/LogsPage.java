package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /ui/logs}: a pod's log searched for a keyword, newest matches first with the keyword marked, a bar chart of
 * matches over time, and older matches page by page. Lines come from the pod log API (its last {@link #TAIL} lines)
 * or, when configured, from Loki (which keeps logs of pods long gone).
 */
final class LogsPage {
  /** Lines read from the pod log API per search: enough for hours of a worker, bounded for the API server. */
  static final int TAIL = 5_000;
  /** Lines asked of Loki per search (Loki's default max_entries_limit_per_query). */
  static final int LOKI_LIMIT = 5_000;
  static final Duration LOKI_LOOKBACK = Duration.ofDays(1);
  static final int PAGE = 200;

  private final ClusterView view;
  private final Supplier<Instant> now;
  private final LokiClient loki;

  LogsPage(ClusterView view, Supplier<Instant> now, LokiClient loki) {
    this.view = view;
    this.now = now;
    this.loki = loki;
  }

  /** One search: which pod and container, what keyword, older than what, from which source. */
  record Query(String namespace, String pod, String container, String keyword, Instant before, String source) {
    static Query of(Map<String, String> q, boolean lokiConfigured) throws UiHttp.BadRequest {
      String ns = q.getOrDefault("ns", "").strip();
      String pod = q.getOrDefault("pod", "").strip();
      int slash = pod.indexOf('/');
      if (slash >= 0) { // the picker's value is namespace/pod (pod names have no slash)
        ns = pod.substring(0, slash);
        pod = pod.substring(slash + 1);
      }
      String keyword = q.getOrDefault("q", "");
      if (keyword.length() > LogSearch.MAX_KEYWORD) {
        throw new UiHttp.BadRequest("keyword longer than " + LogSearch.MAX_KEYWORD + " characters");
      }
      Instant before = null;
      String b = q.getOrDefault("before", "").strip();
      if (!b.isEmpty()) {
        try {
          before = OffsetDateTime.parse(b).toInstant();
        } catch (DateTimeParseException e) {
          throw new UiHttp.BadRequest("before is not an RFC 3339 time: " + b);
        }
      }
      String source = q.getOrDefault("source", lokiConfigured ? "loki" : "kubernetes");
      if (!source.equals("kubernetes") && !(source.equals("loki") && lokiConfigured)) {
        throw new UiHttp.BadRequest("unknown log source " + source + (lokiConfigured ? " (kubernetes or loki)"
            : " (kubernetes; no Loki is configured)"));
      }
      return new Query(ns, pod, q.getOrDefault("container", "").strip(), keyword, before, source);
    }

    String queryString(Instant newBefore) {
      return "ns=" + Html.url(namespace) + "&pod=" + Html.url(pod) + "&container=" + Html.url(container) + "&q="
          + Html.url(keyword) + "&source=" + source + (newBefore == null ? "" : "&before=" + Html.url(
          newBefore.toString()));
    }
  }

  String page(Map<String, String> params) throws UiHttp.BadRequest {
    Query q = Query.of(params, loki != null);
    Pod pod = q.pod().isEmpty() ? null : view.pods().stream().filter(p -> q.namespace().equals(
        p.getMetadata().getNamespace()) && q.pod().equals(p.getMetadata().getName())).findFirst().orElse(null);
    List<String> containers = containers(pod);
    Query query = q;
    if (pod != null && !containers.contains(q.container())) {
      // the picker kept the container of the pod chosen before
      query = new Query(q.namespace(), q.pod(), containers.isEmpty() ? "" : containers.get(0), q.keyword(),
          q.before(), q.source());
    }
    Html h = new Html().raw("<h1>Logs</h1>");
    form(h, query, containers);
    if (!query.pod().isEmpty()) {
      results(h, query, pod);
    } else {
      h.raw("<p class=\"muted\">Pick a pod, then search its log for a word.</p>");
    }
    return Layout.page(query.pod().isEmpty() ? "Logs" : "Logs of " + query.pod(), "/ui/logs", h);
  }

  private void results(Html h, Query q, Pod pod) {
    List<LogLine> matches;
    try {
      matches = LogSearch.newestFirst(read(q), q.keyword(), q.before());
    } catch (IOException e) {
      h.raw("<p class=\"banner\" role=\"alert\">").text(sourceName(q.source()) + " unavailable: " + e.getMessage())
          .raw("</p>");
      return;
    }
    if (pod == null) {
      h.raw("<p class=\"muted\">").text("Pod " + q.namespace() + "/" + q.pod() + " is not in the cluster now.")
          .raw("</p>");
    }
    List<LogLine> shown = LogSearch.page(matches, PAGE);
    h.raw("<h2>").text(matches.size() + (matches.size() == 1 ? " line" : " lines"))
        .text(q.keyword().isEmpty() ? "" : " containing “" + q.keyword() + "”")
        .text(q.before() == null ? "" : " before " + q.before()).raw("</h2><p class=\"muted\">")
        .text(q.source().equals("loki") ? "From Loki, the last " + LOKI_LOOKBACK.toHours() + " h (at most "
            + LOKI_LIMIT + " lines; Loki matches the keyword case-sensitively)."
            : "From the Kubernetes API, the last " + TAIL + " lines of the container.").raw("</p>");
    String chart = LogSearch.chart(matches, 60);
    if (chart != null) {
      h.raw("<div class=\"chart chart-small\" role=\"img\" aria-label=\"matching lines over time\" data-chart=\"")
          .text(chart).raw("\"></div>");
    }
    if (shown.isEmpty()) {
      h.raw("<p class=\"muted\">No line matches.</p>");
      return;
    }
    h.raw("<ol class=\"log\">");
    for (LogLine l : shown) {
      h.raw("<li>");
      if (l.time() != null) {
        h.raw("<time datetime=\"").text(l.time().toString()).raw("\">").text(l.time().toString()).raw("</time> ");
      }
      LogSearch.highlight(h, LogSearch.cut(l.text()), q.keyword());
      h.raw("</li>");
    }
    h.raw("</ol>");
    Instant oldest = shown.get(shown.size() - 1).time();
    if (shown.size() < matches.size() && oldest != null) {
      h.raw("<p><a class=\"older\" href=\"/ui/logs?").text(q.queryString(oldest)).raw("\">Load older</a></p>");
    }
  }

  private List<LogLine> read(Query q) throws IOException {
    if (q.source().equals("loki")) {
      if (!namespaceVisible(q.namespace())) {
        // Loki answers for any namespace; the view only lists what the caller may see (a tenant's namespaces)
        throw new IOException("namespace " + q.namespace() + " has no pod or task visible here");
      }
      Instant end = q.before() != null ? q.before() : now.get().plusSeconds(1);
      return loki.query(q.namespace(), q.pod(), q.container(), q.keyword(), end.minus(LOKI_LOOKBACK), end,
          LOKI_LIMIT);
    }
    List<LogLine> lines = new ArrayList<>();
    for (String raw : view.podLog(q.namespace(), q.pod(), q.container(), TAIL)) {
      lines.add(LogLine.ofKubernetes(raw));
    }
    return lines;
  }

  /** Whether the view shows any pod or object in {@code ns}: logs of other namespaces are not read from Loki. */
  boolean namespaceVisible(String ns) {
    if (view.pods().stream().anyMatch(p -> ns.equals(p.getMetadata().getNamespace()))) {
      return true;
    }
    return view.kinds().stream().flatMap(k -> view.list(k).stream())
        .anyMatch(o -> ns.equals(o.getMetadata().getNamespace()));
  }

  static String sourceName(String source) {
    return source.equals("loki") ? "Loki" : "Kubernetes API";
  }

  private void form(Html h, Query q, List<String> containers) {
    Map<String, List<String>> byNs = new TreeMap<>();
    for (Pod p : view.pods()) {
      byNs.computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>()).add(p.getMetadata().getName());
    }
    String current = q.namespace() + "/" + q.pod();
    boolean listed = false;
    h.raw("<form class=\"filters\" method=\"get\" action=\"/ui/logs\" role=\"search\"><label>Pod<select name=\"pod\">")
        .raw("<option value=\"\">choose a pod</option>");
    for (Map.Entry<String, List<String>> e : byNs.entrySet()) {
      h.raw("<optgroup label=\"").text(e.getKey()).raw("\">");
      for (String name : e.getValue().stream().sorted().toList()) {
        String v = e.getKey() + "/" + name;
        listed |= v.equals(current);
        h.raw("<option value=\"").text(v).raw("\"").raw(v.equals(current) ? " selected" : "").raw(">").text(name)
            .raw("</option>");
      }
      h.raw("</optgroup>");
    }
    if (!q.pod().isEmpty() && !listed) { // a pod gone from the cluster can still have logs in Loki
      h.raw("<option value=\"").text(current).raw("\" selected>").text(current).raw("</option>");
    }
    h.raw("</select></label>");
    if (!containers.isEmpty()) {
      h.raw("<label>Container<select name=\"container\">");
      for (String c : containers) {
        h.raw("<option").raw(c.equals(q.container()) ? " selected" : "").raw(">").text(c).raw("</option>");
      }
      h.raw("</select></label>");
    } else if (!q.container().isEmpty()) {
      h.raw("<input type=\"hidden\" name=\"container\" value=\"").text(q.container()).raw("\">");
    }
    if (loki != null) {
      h.raw("<label>Source<select name=\"source\">");
      for (String s : List.of("loki", "kubernetes")) {
        h.raw("<option value=\"").raw(s).raw("\"").raw(s.equals(q.source()) ? " selected" : "").raw(">")
            .text(sourceName(s)).raw("</option>");
      }
      h.raw("</select></label>");
    }
    h.raw("<label>Keyword<input type=\"search\" name=\"q\" maxlength=\"").text(LogSearch.MAX_KEYWORD)
        .raw("\" value=\"").text(q.keyword()).raw("\" placeholder=\"text, e.g. ERROR\" autocomplete=\"off\"></label>")
        .raw("<button type=\"submit\">Search</button></form>");
  }

  static List<String> containers(Pod pod) {
    List<String> out = new ArrayList<>();
    if (pod != null && pod.getSpec() != null) {
      for (List<Container> cs : List.of(pod.getSpec().getContainers(), pod.getSpec().getInitContainers())) {
        if (cs != null) {
          cs.forEach(c -> out.add(c.getName()));
        }
      }
    }
    return out;
  }
}
