package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.kube.sedna.TaskRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /ui/task/{kind}/{namespace}/{name}}: one task's state and stage, its timeline, its key figures as charts,
 * its pods, and links to the CR, the logs and the Grafana dashboards. Everything is read from caches and memory
 * (Prometheus only when configured, bounded by its timeout), so the page renders in milliseconds.
 */
final class TaskPage {
  private final ClusterView view;
  private final Supplier<Instant> now;
  private final StateHistory states;
  private final ChartSection charts;
  private final UiSettings settings;

  TaskPage(ClusterView view, Supplier<Instant> now, StateHistory states, ChartSection charts, UiSettings settings) {
    this.view = view;
    this.now = now;
    this.states = states;
    this.charts = charts;
    this.settings = settings;
  }

  /** {@code rest} is {@code kind/namespace/name} (already decoded). */
  String page(String rest) throws OpsUi.NotFound {
    // the path is already decoded; kinds and namespaces have no '/', so the name is the rest
    String[] p = rest.split("/", 3);
    if (p.length != 3 || p[0].isEmpty() || p[2].isEmpty()) {
      throw new OpsUi.NotFound("a task page is /ui/task/{kind}/{namespace}/{name}", OpsUi.lastSegment(rest));
    }
    String kind = p[0];
    String ns = p[1];
    String name = p[2];
    if (!view.kinds().contains(kind)) {
      throw new OpsUi.NotFound("no kind " + kind + " (TaskScope shows " + String.join(", ", view.kinds()) + ")",
          name);
    }
    GenericKubernetesResource o = view.get(kind, ns, name)
        .orElseThrow(() -> new OpsUi.NotFound("no " + kind + " named " + name + " in namespace " + ns, name));
    Instant t = now.get();
    List<Pod> pods = TaskPods.of(kind, o, view.pods());
    TaskRow row = Tasks.row(kind, o, Tasks.workerCounts(pods));
    Html h = new Html();
    header(h, row, pods, t);
    if (!view.synced()) {
      h.raw("<p class=\"banner\" role=\"status\">Still reading the cluster: pods may be missing.</p>");
    }
    Timeline.render(h, Timeline.of(o, states.changes(kind, ns, name)));
    charts.render(h, kind, ns, name, t);
    podTable(h, pods, t);
    grafana(h, kind, ns, name);
    return Layout.page(name + " · " + kind, "", h);
  }

  private void header(Html h, TaskRow r, List<Pod> pods, Instant t) {
    h.raw("<p class=\"muted\"><a href=\"/ui/\">Tasks</a> / ").text(r.kind()).raw(" / ").text(r.namespace())
        .raw("</p><h1>").text(r.name()).raw("</h1><dl class=\"kv\"><dt>Kind</dt><dd>").text(r.kind())
        .raw("</dd><dt>Namespace</dt><dd>").text(r.namespace()).raw("</dd><dt>Status</dt><dd>");
    TaskListPage.status(h, r);
    h.raw("</dd><dt>Age</dt><dd>").text(TaskListPage.age(r.created(), t)).raw("</dd><dt>Workers</dt><dd>")
        .text(r.workersTotal() < 0 ? "—" : r.workersReady() + "/" + r.workersTotal() + " ready").raw("</dd></dl>");
    h.raw("<p class=\"links\"><a href=\"/ui/cr/").text(Html.url(r.kind()) + "/" + Html.url(r.namespace()) + "/"
        + Html.url(r.name())).raw("\">Look up CR</a>");
    if (List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(r.kind())) {
      // workloads are what the knowledge graphs describe, with their telemetry and its forecasts
      h.raw(" · <a href=\"/ui/graph/").text(Html.url(r.kind()) + "/" + Html.url(r.namespace()) + "/"
          + Html.url(r.name())).raw("\">Knowledge graph and forecasts</a>");
    }
    for (Pod p : pods) {
      h.raw(" · <a href=\"").text(logsHref(p)).raw("\">Logs of ").text(p.getMetadata().getName()).raw("</a>");
    }
    h.raw("</p>");
  }

  private static String logsHref(Pod p) {
    return "/ui/logs?ns=" + Html.url(p.getMetadata().getNamespace()) + "&pod=" + Html.url(p.getMetadata().getName());
  }

  private static void podTable(Html h, List<Pod> pods, Instant t) {
    h.raw("<h2 id=\"pods\">Workers and pods</h2>");
    if (pods.isEmpty()) {
      h.raw("<p class=\"muted\">No pod belongs to this task right now.</p>");
      return;
    }
    h.raw("<div class=\"table-wrap\"><table class=\"pods\"><thead><tr><th scope=\"col\">Pod</th>")
        .raw("<th scope=\"col\">Worker</th><th scope=\"col\">Phase</th><th scope=\"col\">Ready</th>")
        .raw("<th scope=\"col\">Node</th><th scope=\"col\" class=\"num\">Restarts</th>")
        .raw("<th scope=\"col\" class=\"num\">Age</th><th scope=\"col\">Logs</th></tr></thead><tbody>");
    for (Pod p : pods) {
      String phase = p.getStatus() == null || p.getStatus().getPhase() == null ? "" : p.getStatus().getPhase();
      boolean ready = Tasks.ready(p);
      String worker = TaskRef.of(p).map(TaskRef::workerType).orElse("");
      h.raw("<tr><td>").text(p.getMetadata().getName()).raw("</td><td>").text(worker).raw("</td><td>")
          .raw("<span class=\"badge ").raw(Tasks.health(phase.equals("Succeeded") ? "Completed" : phase))
          .raw("\">").text(phase.isEmpty() ? "—" : phase).raw("</span></td><td>").text(ready ? "yes" : "no")
          .raw("</td><td>").text(p.getSpec() == null ? "" : p.getSpec().getNodeName()).raw("</td><td class=\"num\">")
          .text(TaskPods.restarts(p)).raw("</td><td class=\"num\">")
          .text(TaskListPage.age(Tasks.instant(p.getMetadata().getCreationTimestamp()), t))
          .raw("</td><td><a href=\"").text(logsHref(p)).raw("\">logs</a></td></tr>");
    }
    h.raw("</tbody></table></div>");
  }

  /** The shipped dashboards (deploy/grafana/dashboards) for this task, their variables filled. */
  private void grafana(Html h, String kind, String ns, String name) {
    if (settings.grafana() == null) {
      return;
    }
    String g = settings.grafana() + "/d/";
    String task = "var-namespace=" + Html.url(ns) + "&var-name=" + Html.url(name);
    Map<String, String> links = new java.util.LinkedHashMap<>();
    switch (kind) {
      case "JointInferenceService" -> links.put("Joint inference", g + "taskscope-sedna-joint-inference?" + task);
      case "IncrementalLearningJob" -> links.put("Incremental learning",
          g + "taskscope-sedna-incremental-learning?" + task);
      case "FederatedLearningJob" -> links.put("Federated learning", g + "taskscope-sedna-federated-learning?" + task);
      case "LifelongLearningJob" -> links.put("Lifelong learning", g + "taskscope-sedna-lifelong-learning?" + task
          + "&var-crd_kind=LifelongLearningJob&var-crd_name=" + Html.url(name));
      default -> {
      }
    }
    if (TaskScopeKinds.isWorkload(kind)) {
      links.put("Resources", g + "taskscope-resources-workload?var-namespace=" + Html.url(ns) + "&var-workload_type="
          + Html.url(kind) + "&var-workload=" + Html.url(name));
    } else {
      links.put("Sedna overview", g + "taskscope-sedna-overview?var-namespace=" + Html.url(ns) + "&var-kind="
          + Html.url(kind));
    }
    links.put("Logs", g + "taskscope-logs?var-namespace=" + Html.url(ns) + "&var-task=" + Html.url(name));
    h.raw("<h2 id=\"grafana\">Grafana</h2><ul class=\"links\">");
    links.forEach((label, href) -> h.raw("<li><a href=\"").text(href).raw("\">").text(label).raw("</a></li>"));
    h.raw("</ul>");
  }
}
