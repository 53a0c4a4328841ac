package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /ui/cr}: look an object up by kind and name, and {@code /ui/cr/{kind}/{ns}/{name}} shows it readably
 * (metadata, spec, conditions with their data, metrics) or as YAML ({@code ?format=yaml}, {@code &download=1}).
 */
final class CrPage implements OpsUi.UiPage {
  /** Search results shown at most; a name search of one letter must not build a page of every object. */
  static final int MAX_RESULTS = 200;
  static final List<String> CONDITION_COLUMNS = List.of("type", "status", "stage", "reason", "message",
      "lastHeartbeatTime", "lastTransitionTime");

  private final ClusterView view;

  CrPage(ClusterView view) {
    this.view = view;
  }

  @Override
  public void handle(HttpExchange ex, String rest, Map<String, String> q) throws IOException, UiHttp.BadRequest,
      OpsUi.NotFound {
    if (rest.isEmpty() || rest.equals("/")) {
      lookup(ex, q);
      return;
    }
    if (!rest.startsWith("/")) {
      throw new OpsUi.NotFound("no such page: /ui/cr" + rest, OpsUi.lastSegment(rest));
    }
    String[] seg = segments(ex, rest);
    if (seg.length != 3 || seg[0].isEmpty() || seg[1].isEmpty() || seg[2].isEmpty()) {
      throw new OpsUi.NotFound("no such page: /ui/cr" + rest + " (expected /ui/cr/{kind}/{namespace}/{name})",
          OpsUi.lastSegment(rest));
    }
    GenericKubernetesResource o = find(seg[0], seg[1], seg[2]);
    String format = q.getOrDefault("format", "");
    if (format.equals("yaml")) {
      yaml(ex, o, "1".equals(q.get("download")));
    } else if (format.isEmpty() || format.equals("html")) {
      UiHttp.html(ex, 200, page(kindOf(seg[0]), o));
    } else {
      throw new UiHttp.BadRequest("unknown format " + format + " (html or yaml)");
    }
  }

  /**
   * {@code kind/ns/name} of the path. Split before decoding when the raw path allows it, so an encoded slash stays
   * inside its segment (no Kubernetes name has one, but a URL can).
   */
  private static String[] segments(HttpExchange ex, String rest) {
    String raw = ex.getRequestURI().getRawPath();
    if (raw == null || !raw.startsWith("/ui/cr/")) {
      return rest.substring(1).split("/", -1);
    }
    String[] seg = raw.substring("/ui/cr/".length()).split("/", -1);
    for (int i = 0; i < seg.length; i++) {
      seg[i] = java.net.URLDecoder.decode(seg[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    return seg;
  }

  /** The kind as the view spells it (matched case-insensitively), or NotFound listing the known kinds. */
  String kindOf(String kind) throws OpsUi.NotFound {
    return kindOf(kind, "");
  }

  private String kindOf(String kind, String hint) throws OpsUi.NotFound {
    return view.kinds().stream().filter(k -> k.equalsIgnoreCase(kind)).findFirst().orElseThrow(
        () -> new OpsUi.NotFound("no kind " + kind + "; known kinds: " + String.join(", ", view.kinds()), hint));
  }

  GenericKubernetesResource find(String kind, String ns, String name) throws OpsUi.NotFound {
    String k = kindOf(kind, name);
    return view.get(k, ns, name).orElseThrow(() -> new OpsUi.NotFound("no " + k + " " + name + " in namespace "
        + ns, name));
  }

  // ---- lookup ----

  private void lookup(HttpExchange ex, Map<String, String> q) throws IOException, OpsUi.NotFound {
    String kind = q.getOrDefault("kind", "");
    String name = q.getOrDefault("name", "").strip();
    if (!kind.isEmpty()) {
      kind = kindOf(kind, name);
    }
    List<GenericKubernetesResource> found = search(kind, name);
    List<GenericKubernetesResource> exact = found.stream().filter(o -> o.getMetadata().getName().equals(name))
        .toList();
    if (!name.isEmpty() && exact.size() == 1) {
      ex.getResponseHeaders().set("Location", path(exact.get(0)));
      ex.sendResponseHeaders(303, -1);
      ex.close();
      return;
    }
    UiHttp.html(ex, 200, lookupPage(kind, name, found));
  }

  /** Objects of {@code kind} (every kind when empty) whose name contains {@code name}, case-insensitively. */
  List<GenericKubernetesResource> search(String kind, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (String k : kind.isEmpty() ? view.kinds() : List.of(kind)) {
      for (GenericKubernetesResource o : view.list(k)) {
        if (o.getMetadata().getName().toLowerCase(Locale.ROOT).contains(n)) {
          out.add(o);
        }
      }
    }
    out.sort(Comparator.comparing((GenericKubernetesResource o) -> o.getMetadata().getName())
        .thenComparing(o -> String.valueOf(o.getMetadata().getNamespace())).thenComparing(o -> o.getKind()));
    return out;
  }

  String lookupPage(String kind, String name, List<GenericKubernetesResource> found) {
    Html h = new Html().raw("<h1>Look up an object</h1>")
        .raw("<form class=\"filters\" method=\"get\" action=\"/ui/cr\" role=\"search\"><label>Kind")
        .raw("<select name=\"kind\"><option value=\"\">any kind</option>");
    for (String k : view.kinds()) {
      h.raw("<option value=\"").text(k).raw("\"").raw(k.equals(kind) ? " selected" : "").raw(">").text(k)
          .raw("</option>");
    }
    h.raw("</select></label><label>Name<input type=\"search\" name=\"name\" value=\"").text(name)
        .raw("\" placeholder=\"name or part of it\" autocomplete=\"off\"></label>")
        .raw("<button type=\"submit\">Look up</button></form>");
    if (!view.synced()) {
      h.raw("<p class=\"banner\" role=\"status\">Still reading the cluster: results may be incomplete.</p>");
    }
    if (name.isEmpty() && kind.isEmpty()) {
      h.raw("<p class=\"muted\">Pick a kind, type a name, or both.</p>");
      return Layout.page("Look up", "/ui/cr", h);
    }
    h.raw("<p class=\"muted\">").text(found.size() + (found.size() == 1 ? " object" : " objects"))
        .text(found.size() > MAX_RESULTS ? ", the first " + MAX_RESULTS + " shown" : "").raw("</p>");
    if (!found.isEmpty()) {
      h.raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Kind</th>")
          .raw("<th scope=\"col\">Namespace</th><th scope=\"col\">Task page</th></tr></thead><tbody>");
      for (GenericKubernetesResource o : found.subList(0, Math.min(MAX_RESULTS, found.size()))) {
        h.raw("<tr><td>").link(path(o), o.getMetadata().getName()).raw("</td><td>").text(o.getKind())
            .raw("</td><td>").text(o.getMetadata().getNamespace()).raw("</td><td>").link(taskPath(o), "task")
            .raw("</td></tr>");
      }
      h.raw("</tbody></table></div>");
    }
    return Layout.page("Look up", "/ui/cr", h);
  }

  static String path(GenericKubernetesResource o) {
    return "/ui/cr/" + segments(o);
  }

  static String taskPath(GenericKubernetesResource o) {
    return "/ui/task/" + segments(o);
  }

  private static String segments(GenericKubernetesResource o) {
    return Html.url(o.getKind()) + "/" + Html.url(o.getMetadata().getNamespace()) + "/"
        + Html.url(o.getMetadata().getName());
  }

  // ---- one object ----

  String page(String kind, GenericKubernetesResource o) {
    Map<String, Object> tree = CrYaml.tree(o);
    Map<String, Object> meta = Tasks.map(tree.get("metadata"));
    Map<String, Object> spec = Tasks.map(tree.get("spec"));
    Map<String, Object> status = Tasks.map(tree.get("status"));
    String name = o.getMetadata().getName();
    Html h = new Html().raw("<h1>").text(kind).raw(" ").text(name).raw("</h1><p class=\"links\">")
        .link(taskPath(o), "Task page").raw(" · ").link(path(o) + "?format=yaml", "Raw YAML").raw(" · ")
        .link(path(o) + "?format=yaml&download=1", "Download YAML").raw("</p>");
    h.raw("<section aria-labelledby=\"h-meta\"><h2 id=\"h-meta\">Metadata</h2><dl class=\"kv\">");
    for (String k : List.of("namespace", "uid", "creationTimestamp", "resourceVersion", "generation",
        "deletionTimestamp")) {
      if (meta.get(k) != null) {
        h.el("<dt>", k).el("<dd>", String.valueOf(meta.get(k)));
      }
    }
    for (String k : List.of("labels", "annotations", "ownerReferences", "finalizers")) {
      if (meta.get(k) != null) {
        h.el("<dt>", k).raw("<dd>");
        Values.render(h, meta.get(k));
        h.raw("</dd>");
      }
    }
    h.raw("</dl></section>");
    metrics(h, spec, status);
    conditions(h, status);
    section(h, "spec", "Spec", spec);
    Map<String, Object> restOfStatus = new java.util.LinkedHashMap<>(status);
    restOfStatus.remove("conditions");
    restOfStatus.remove("metrics");
    section(h, "status", "Status", restOfStatus);
    return Layout.page(kind + " " + name, "/ui/cr", h);
  }

  private static void section(Html h, String id, String title, Map<String, Object> m) {
    h.raw("<section aria-labelledby=\"h-").raw(id).raw("\"><h2 id=\"h-").raw(id).raw("\">").text(title)
        .raw("</h2>");
    if (m.isEmpty()) {
      h.raw("<p class=\"muted\">None.</p>");
    } else {
      Values.render(h, m);
    }
    h.raw("</section>");
  }

  /** Sedna's conditions are a history, oldest first: shown newest first, each data JSON pretty-printed. */
  static void conditions(Html h, Map<String, Object> status) {
    if (!(status.get("conditions") instanceof List<?> list) || list.isEmpty()) {
      return;
    }
    h.raw("<section aria-labelledby=\"h-cond\"><h2 id=\"h-cond\">Conditions</h2><div class=\"table-wrap\">")
        .raw("<table class=\"conditions\"><thead><tr>");
    for (String c : CONDITION_COLUMNS) {
      h.el("<th scope=\"col\">", c);
    }
    h.raw("<th scope=\"col\">data</th></tr></thead><tbody>");
    for (int i = list.size() - 1; i >= 0; i--) {
      Map<String, Object> c = Tasks.map(list.get(i));
      h.raw("<tr>");
      for (String col : CONDITION_COLUMNS) {
        h.el("<td>", c.get(col) == null ? "" : String.valueOf(c.get(col)));
      }
      h.raw("<td>");
      if (c.get("data") != null) {
        Values.string(h, String.valueOf(c.get("data")));
      }
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div></section>");
  }

  /** Metrics as a key/value table: {@code status.metrics} (JI, Model) or {@code spec.metrics} lists or maps. */
  static void metrics(Html h, Map<String, Object> spec, Map<String, Object> status) {
    Optional<Object> m = Optional.ofNullable(status.get("metrics")).or(() -> Optional.ofNullable(spec.get("metrics")));
    List<String[]> rows = new ArrayList<>();
    m.ifPresent(v -> {
      if (v instanceof List<?> l) {
        for (Object x : l) {
          Map<String, Object> e = Tasks.map(x);
          if (e.containsKey("key")) {
            rows.add(new String[] {String.valueOf(e.get("key")), String.valueOf(e.get("value"))});
          }
        }
      } else if (v instanceof Map<?, ?> mm) {
        mm.forEach((k, x) -> rows.add(new String[] {String.valueOf(k), String.valueOf(x)}));
      }
    });
    if (rows.isEmpty()) {
      return;
    }
    h.raw("<section aria-labelledby=\"h-metrics\"><h2 id=\"h-metrics\">Metrics</h2><table class=\"metrics\">")
        .raw("<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\" class=\"num\">Value</th></tr></thead><tbody>");
    for (String[] r : rows) {
      h.raw("<tr><td>").text(r[0]).raw("</td><td class=\"num\">").text(r[1]).raw("</td></tr>");
    }
    h.raw("</tbody></table></section>");
  }

  private void yaml(HttpExchange ex, GenericKubernetesResource o, boolean download) throws IOException {
    String y = CrYaml.yaml(o);
    if (download) {
      // the name is a DNS label or subdomain, so it is safe inside the quoted filename
      ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\""
          + o.getMetadata().getName().replaceAll("[^A-Za-z0-9._-]", "_") + ".yaml\"");
      UiHttp.send(ex, 200, "text/yaml; charset=utf-8", y.getBytes(StandardCharsets.UTF_8), "no-store");
      return;
    }
    Html h = new Html().raw("<h1>").text(o.getKind()).raw(" ").text(o.getMetadata().getName())
        .raw(" <span class=\"muted\">YAML</span></h1><p class=\"links\">").link(path(o), "Readable view").raw(" · ")
        .link(path(o) + "?format=yaml&download=1", "Download").raw("</p>").el("<pre class=\"yaml\">", y);
    UiHttp.html(ex, 200, Layout.page(o.getKind() + " " + o.getMetadata().getName() + " YAML", "/ui/cr", h));
  }
}
