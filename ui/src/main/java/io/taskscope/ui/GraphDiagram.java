package io.taskscope.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

/**
 * A subgraph drawn for people: the resource in the middle, the nodes it links to around it (each labelled with its
 * local name and type), and every link below as "subject — relation → object" in words. Literals become the
 * properties of their subject rather than nodes, so the picture shows structure, not values.
 */
final class GraphDiagram {
  static final int SIZE = 640;
  static final int MAX_NODES = 24;
  static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

  private GraphDiagram() {}

  /**
   * The node a subgraph is about: the resource that has telemetry (the workload or node itself), else the one with
   * the most outgoing links.
   */
  static Node centre(Graph g) {
    var owner = g.find(Node.ANY, io.taskscope.kg.Vocab.hasTelemetry, Node.ANY);
    if (owner.hasNext()) {
      return owner.next().getSubject();
    }
    Map<Node, Integer> out = new LinkedHashMap<>();
    g.find().forEachRemaining(t -> {
      if (t.getObject().isURI() && !t.getPredicate().getURI().equals(RDF_TYPE)) {
        out.merge(t.getSubject(), 1, Integer::sum);
      }
    });
    return out.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /** The SVG picture (escaped labels, CSS classes only: the page's CSP has no inline styles). */
  static void svg(Html h, Graph g, Node centre) {
    List<Triple> links = new ArrayList<>();
    g.find(centre, Node.ANY, Node.ANY).forEachRemaining(t -> {
      if (t.getObject().isURI() && !t.getPredicate().getURI().equals(RDF_TYPE) && links.size() < MAX_NODES) {
        links.add(t);
      }
    });
    int c = SIZE / 2;
    h.raw("<svg class=\"kg\" viewBox=\"0 0 " + SIZE + " " + SIZE + "\" role=\"img\" aria-labelledby=\"kg-title\">")
        .raw("<title id=\"kg-title\">").text("Links of " + label(centre)).raw("</title>");
    int n = links.size();
    List<int[]> at = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / Math.max(1, n) - Math.PI / 2;
      int x = (int) Math.round(c + Math.cos(a) * (c - 110));
      int y = (int) Math.round(c + Math.sin(a) * (c - 60));
      at.add(new int[] {x, y});
      h.raw("<line class=\"kg-link\" x1=\"" + c + "\" y1=\"" + c + "\" x2=\"" + x + "\" y2=\"" + y + "\"/>");
    }
    for (int i = 0; i < n; i++) {
      Triple t = links.get(i);
      int x = at.get(i)[0];
      int y = at.get(i)[1];
      h.raw("<g class=\"kg-node\"><circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"6\"/>")
          .raw("<text x=\"" + x + "\" y=\"" + (y - 10) + "\" text-anchor=\"middle\" class=\"kg-rel\">")
          .text(words(local(t.getPredicate().getURI()))).raw("</text>")
          .raw("<text x=\"" + x + "\" y=\"" + (y + 18) + "\" text-anchor=\"middle\">").text(shorten(label(t.getObject())))
          .raw("</text></g>");
    }
    h.raw("<g class=\"kg-node kg-centre\"><circle cx=\"" + c + "\" cy=\"" + c + "\" r=\"12\"/>")
        .raw("<text x=\"" + c + "\" y=\"" + (c + 30) + "\" text-anchor=\"middle\">").text(shorten(label(centre)))
        .raw("</text></g></svg>");
  }

  /** Every link between resources as a table of readable rows; literal properties grouped per subject. */
  static void table(Html h, Graph g) {
    h.raw("<div class=\"table-wrap\"><table><caption class=\"muted\">Links</caption><thead><tr><th scope=\"col\">From")
        .raw("</th><th scope=\"col\">Relation</th><th scope=\"col\">To</th></tr></thead><tbody>");
    List<String[]> rows = new ArrayList<>();
    g.find().forEachRemaining(t -> {
      if (t.getObject().isURI() && !t.getPredicate().getURI().equals(RDF_TYPE)) {
        rows.add(new String[] {label(t.getSubject()), words(local(t.getPredicate().getURI())), label(t.getObject())});
      }
    });
    rows.sort((a, b) -> (a[0] + a[1] + a[2]).compareTo(b[0] + b[1] + b[2]));
    for (String[] r : rows.subList(0, Math.min(rows.size(), 500))) {
      h.raw("<tr><td>").text(r[0]).raw("</td><td>").text(r[1]).raw("</td><td>").text(r[2]).raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
  }

  /** A node's readable name: the IRI's last part (after '#', '/' or the telemetry '.'-path), or the literal. */
  static String label(Node n) {
    if (n == null) {
      return "";
    }
    if (n.isLiteral()) {
      return n.getLiteralLexicalForm();
    }
    if (!n.isURI()) {
      return "(blank)";
    }
    String s = n.getURI();
    String l = local(s);
    int dot = l.indexOf(".Telemetry");
    return dot > 0 ? l.substring(dot + 1).replace('.', ' ') : l;
  }

  static String local(String iri) {
    int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
    return i >= 0 && i < iri.length() - 1 ? iri.substring(i + 1) : iri;
  }

  /** {@code hasTelemetry} → {@code has telemetry}. */
  static String words(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch) && i > 0) {
        b.append(' ');
      }
      b.append(Character.toLowerCase(ch));
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  static String shorten(String s) {
    return s.length() > 36 ? s.substring(0, 35) + "…" : s;
  }
}
