package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import io.taskscope.prediction.ForecastChart;
import io.taskscope.prediction.Forecasts;
import io.taskscope.prediction.StoredForecast;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;

/**
 * {@code /ui/graph/{kind}/{ns}/{name}} (nodes: {@code /ui/graph/Node/-/{name}}): the resource's knowledge graph as a
 * picture and a table of links, and its forecasts, one chart per metric with its intervals
 * ({@code /ui/forecast/{target}.svg}, the prediction service's chart behind the UI's own access).
 */
final class GraphPage {
  private final ClusterView view;
  private final GraphSource graphs;
  private final Forecasts forecasts;

  GraphPage(ClusterView view, GraphSource graphs, Forecasts forecasts) {
    this.view = view;
    this.graphs = graphs;
    this.forecasts = forecasts;
  }

  void graph(HttpExchange ex, String rest, Map<String, String> q) throws IOException, OpsUi.NotFound {
    String[] p = rest.split("/", -1);
    if (p.length != 3 || p[0].isEmpty() || p[2].isEmpty()) {
      throw new OpsUi.NotFound("a graph page is /ui/graph/{kind}/{namespace}/{name}", p[p.length - 1]);
    }
    String kind = p[0];
    String ns = p[1].equals("-") ? "" : p[1];
    String name = p[2];
    boolean node = kind.equals("Node");
    if (!node && view.get(kind, ns, name).isEmpty()) {
      throw new OpsUi.NotFound("no " + kind + " named " + name + " in namespace " + ns, name);
    }
    Optional<Graph> g = graphs.subgraph(kind, ns, name);
    Html h = new Html().raw("<h1>").text(name).raw(" <span class=\"muted\">").text(kind + (ns.isEmpty() ? "" : " in " + ns))
        .raw("</span></h1>");
    if (!node) {
      h.raw("<p><a href=\"/ui/task/").text(Html.url(kind) + "/" + Html.url(ns) + "/" + Html.url(name))
          .raw("\">Task page</a></p>");
    }
    h.raw("<h2>Knowledge graph</h2>");
    if (g.isEmpty() || g.get().isEmpty()) {
      h.raw("<p class=\"muted\">No graph for it in the Metadata Service (the knowledge-graph exporter describes ")
          .raw("Deployments, StatefulSets, DaemonSets, Jobs and nodes when kg is on).</p>");
    } else {
      Node centre = GraphDiagram.centre(g.get());
      h.raw("<div class=\"card\">");
      GraphDiagram.svg(h, g.get(), centre);
      h.raw("</div>");
      GraphDiagram.table(h, g.get());
    }
    forecastsOf(h, graphs.targetPrefix(kind, ns, name));
    UiHttp.html(ex, 200, Layout.page(name + " graph", "", h));
  }

  private void forecastsOf(Html h, String prefix) {
    h.raw("<h2>Forecasts</h2>");
    if (forecasts == null || prefix == null) {
      h.raw("<p class=\"muted\">The prediction service is not running (a forecast block in the serve config).</p>");
      return;
    }
    List<String> ids = forecasts.targetIds().stream().filter(id -> id.startsWith(prefix)).toList();
    if (ids.isEmpty()) {
      h.raw("<p class=\"muted\">No forecast yet for this resource.</p>");
      return;
    }
    h.raw("<div class=\"grid\">");
    for (String id : ids) {
      Optional<StoredForecast> f = forecasts.forecast(id);
      if (f.isEmpty()) {
        continue;
      }
      h.raw("<figure class=\"card\"><img class=\"forecast\" src=\"/ui/forecast/").text(encodePath(id))
          .raw(".svg\" alt=\"").text("Forecast of " + f.get().target().metric() + ": history, forecast and 80 and 95 "
              + "percent intervals").raw("\" width=\"800\" height=\"300\"><figcaption>").text(f.get().target().metric())
          .raw(" · ").text(f.get().model()).raw(" · made ").text(f.get().createdAt().toString()).raw("</figcaption></figure>");
    }
    h.raw("</div>");
  }

  /** {@code /ui/forecast/{target}.svg}. */
  void chart(HttpExchange ex, String rest, Map<String, String> q) throws IOException, OpsUi.NotFound {
    if (forecasts == null || !rest.endsWith(".svg")) {
      throw new OpsUi.NotFound("no such chart", "");
    }
    String id = rest.substring(0, rest.length() - 4);
    if (!visible(id)) {
      throw new OpsUi.NotFound("no forecast " + id, "");
    }
    StoredForecast f = forecasts.forecast(id).orElseThrow(() -> new OpsUi.NotFound("no forecast " + id, ""));
    UiHttp.send(ex, 200, "image/svg+xml", ForecastChart.render(f).getBytes(StandardCharsets.UTF_8), "no-store");
  }

  /** A tenant sees forecasts of its namespaces only: {@code cluster/ns/kind/name/metric} ids name the namespace. */
  private boolean visible(String id) {
    String[] p = id.split("/");
    return p.length != 5 || !view.list(p[2]).isEmpty() && view.get(p[2], p[1], p[3]).isPresent()
        || view.kinds().stream().noneMatch(k -> k.equals(p[2]));
  }

  private static String encodePath(String id) {
    StringBuilder b = new StringBuilder();
    for (String s : id.split("/", -1)) {
      b.append(b.isEmpty() ? "" : "/").append(Html.url(s));
    }
    return b.toString();
  }
}
