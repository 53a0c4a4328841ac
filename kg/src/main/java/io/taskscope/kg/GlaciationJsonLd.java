package io.taskscope.kg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * GLACIATION kg_exporter's dialect. kg_exporter writes JSON-LD with the context
 * {@code glc → https://glaciation-heu.github.io/models/reference_model.turtle}; that IRI ends in neither '/' nor '#',
 * so JSON-LD 1.1 processors do not use it as a prefix and its terms arrive in the store as the IRIs
 * {@code glc:WorkProducingResource}, {@code glc:hasDescription}, ... (kg_exporter's own SPARQL queries them so), and
 * its times are plain strings. TaskScope's own graphs use the reference model's namespace; this class maps them to
 * the dialect and writes the JSON-LD shape of the upstream fixtures ({@code @context} + {@code @graph},
 * {@code {"@set": [...]}} for several values) for the upstream Metadata Service.
 */
public final class GlaciationJsonLd {
  static {
    org.apache.jena.sys.JenaSystem.init();
  }

  public static final String UPSTREAM_GLC = "https://glaciation-heu.github.io/models/reference_model.turtle";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RDF_TYPE = Vocab.TYPE.getURI();

  private GlaciationJsonLd() {}

  /** The same facts with kg_exporter's IRIs ({@code glc:Local}) and plain-string times. */
  public static Graph toUpstream(Graph g) {
    Graph out = GraphFactory.createDefaultGraph();
    g.find().forEachRemaining(t -> out.add(Triple.create(map(t.getSubject()), map(t.getPredicate()),
        map(t.getObject()))));
    return out;
  }

  private static Node map(Node n) {
    if (n.isURI() && n.getURI().startsWith(Vocab.GLC)) {
      return NodeFactory.createURI("glc:" + n.getURI().substring(Vocab.GLC.length()));
    }
    if (n.isLiteral() && XSDDatatype.XSDdateTime.getURI().equals(n.getLiteralDatatypeURI())) {
      return NodeFactory.createLiteralString(n.getLiteralLexicalForm());
    }
    return n;
  }

  /** JSON-LD text in kg_exporter's shape, for {@code PATCH /api/v0/graph}. */
  public static String write(Graph nativeGraph, String clusterBase) {
    Graph g = toUpstream(nativeGraph);
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode ctx = doc.putObject("@context");
    ctx.put("k8s", Vocab.K8S);
    ctx.put("glc", UPSTREAM_GLC);
    ctx.put("cluster", clusterBase);
    ctx.put("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    ctx.put("ts", Vocab.TS);
    ArrayNode graph = doc.putArray("@graph");
    Map<String, Map<String, List<Node>>> bySubject = new TreeMap<>();
    g.find().forEachRemaining(t -> bySubject.computeIfAbsent(compact(t.getSubject().getURI(), clusterBase),
        k -> new TreeMap<>()).computeIfAbsent(t.getPredicate().getURI(), k -> new ArrayList<>()).add(t.getObject()));
    for (var s : bySubject.entrySet()) {
      ObjectNode node = graph.addObject();
      node.put("@id", s.getKey());
      for (var p : s.getValue().entrySet()) {
        List<Node> values = p.getValue();
        values.sort((a, b) -> a.toString().compareTo(b.toString()));
        if (p.getKey().equals(RDF_TYPE)) {
          if (values.size() == 1) {
            node.put("@type", compact(values.get(0).getURI(), clusterBase));
          } else {
            ArrayNode types = node.putArray("@type");
            values.forEach(v -> types.add(compact(v.getURI(), clusterBase)));
          }
          continue;
        }
        String key = compact(p.getKey(), clusterBase);
        if (values.size() == 1) {
          node.set(key, value(values.get(0), clusterBase));
        } else {
          ArrayNode set = node.putObject(key).putArray("@set");
          values.forEach(v -> set.add(value(v, clusterBase)));
        }
      }
    }
    return doc.toPrettyString();
  }

  private static com.fasterxml.jackson.databind.JsonNode value(Node v, String clusterBase) {
    if (v.isURI()) {
      return JSON.createObjectNode().put("@id", compact(v.getURI(), clusterBase));
    }
    String dt = v.getLiteralDatatypeURI();
    if (XSDDatatype.XSDstring.getURI().equals(dt) && v.getLiteralLanguage().isEmpty()) {
      return JSON.getNodeFactory().textNode(v.getLiteralLexicalForm());
    }
    ObjectNode o = JSON.createObjectNode().put("@value", v.getLiteralLexicalForm());
    if (!v.getLiteralLanguage().isEmpty()) {
      o.put("@language", v.getLiteralLanguage());
    } else {
      o.put("@type", dt);
    }
    return o;
  }

  private static String compact(String iri, String clusterBase) {
    if (iri.startsWith("glc:")) {
      return iri;
    }
    if (iri.startsWith(Vocab.K8S) && iri.length() > Vocab.K8S.length()) {
      return "k8s:" + iri.substring(Vocab.K8S.length());
    }
    if (iri.startsWith(Vocab.TS) && iri.length() > Vocab.TS.length()) {
      return "ts:" + iri.substring(Vocab.TS.length());
    }
    if (iri.startsWith(clusterBase) && iri.length() > clusterBase.length()) {
      return "cluster:" + iri.substring(clusterBase.length());
    }
    return iri;
  }
}
