package io.taskscope.kg;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.taskscope.core.RequestBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Metadata Service: subgraphs as named graphs of a Jena TDB2 dataset under a data directory (durable,
 * transactional), served over TaskScope's HTTP server.
 *
 * <ul>
 *   <li>{@code GET /subgraph} list; {@code POST/GET/PUT/DELETE /subgraph/{id}} (JSON-LD, N-Triples, Turtle, RDF
 *       Thrift, by Content-Type and Accept);</li>
 *   <li>{@code GET/POST /sparql}: SPARQL 1.1 query over every graph (the default graph is the union of all named
 *       graphs; {@code GRAPH ?g} names them);</li>
 *   <li>GLACIATION's {@code PATCH /api/v0/graph}, {@code GET /api/v0/graph?query=}, {@code GET|POST
 *       /api/v0/graph/update}, {@code POST /api/v0/graph/compact} with upstream's status codes and bodies.</li>
 * </ul>
 * Handlers answer their own HttpErrors; anything else is answered (or a started answer aborted) by the front door.
 */
public final class MetadataService implements AutoCloseable {
  static {
    org.apache.jena.sys.JenaSystem.init();
  }

  private static final Logger log = LoggerFactory.getLogger(MetadataService.class);

  private final Path dataDir;
  private final MetadataServiceOptions opts;
  private final DatasetGraph dsg;
  private final SparqlEndpoint sparql;
  private final GlaciationApi glaciation;
  private volatile boolean closed;

  private MetadataService(Path dataDir, MetadataServiceOptions opts, DatasetGraph dsg) {
    this.dataDir = dataDir;
    this.opts = opts;
    this.dsg = dsg;
    this.sparql = new SparqlEndpoint(dsg, opts);
    this.glaciation = new GlaciationApi(dsg, opts, sparql);
  }

  /** Opens (creating when needed) the TDB2 database under {@code dataDir}. */
  public static MetadataService open(Path dataDir, MetadataServiceOptions opts) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create Metadata Service data dir " + dataDir + ": " + e, e);
    }
    DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(dataDir.toString());
    log.info("event=metadata_service_opened dir={}", dataDir);
    return new MetadataService(dataDir, opts, dsg);
  }

  public Path dataDir() {
    return dataDir;
  }

  public MetadataServiceOptions options() {
    return opts;
  }

  /**
   * Registers "/subgraph", "/sparql" and "/api/v0/graph" (with its sub-paths) behind the front door, each method with
   * the role it needs (docs/security.md); the GET form of /api/v0/graph/update only when {@code allowGetUpdate}.
   */
  public void mount(io.taskscope.core.http.Routes routes, boolean allowGetUpdate) {
    var reader = io.taskscope.core.http.Role.GRAPH_READER;
    var writer = io.taskscope.core.http.Role.GRAPH_WRITER;
    var json = io.taskscope.core.http.ErrorWriter.JSON;
    var detail = io.taskscope.core.http.ErrorWriter.DETAIL;
    routes.route("/subgraph", io.taskscope.core.http.Access.builder().role(reader, "GET", "HEAD")
        .role(writer, "POST", "PUT", "DELETE").build(), json, guarded(this::subgraph, false));
    routes.route("/sparql", io.taskscope.core.http.Access.builder().role(reader, "GET", "HEAD", "POST").build(), json,
        guarded(sparql::handle, false));
    HttpHandler glaciation = guarded(this.glaciation::handle, true);
    routes.route("/api/v0/graph", io.taskscope.core.http.Access.builder().role(reader, "GET").role(writer, "PATCH")
        .build(), detail, glaciation);
    routes.route("/api/v0/graph/update", io.taskscope.core.http.Access.builder().role(writer, "POST")
        .allow(allowGetUpdate ? io.taskscope.core.http.Permission.role(writer)
            : io.taskscope.core.http.Permission.NOT_ALLOWED, "GET").build(), detail, glaciation);
    routes.route("/api/v0/graph/compact", io.taskscope.core.http.Access.builder()
        .role(io.taskscope.core.http.Role.ADMIN, "POST").build(), detail, glaciation);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      TDB2Close.close(dsg);
    }
  }

  // ======================================================================= store API (also used by EmbeddedTarget)

  private static Node graphNode(SubgraphId id) {
    return NodeFactory.createURI(id.graphIri());
  }

  public boolean exists(SubgraphId id) {
    return Txn.calculateRead(dsg, () -> dsg.containsGraph(graphNode(id)));
  }

  public Optional<Graph> get(SubgraphId id) {
    return Txn.calculateRead(dsg, () -> {
      Node gn = graphNode(id);
      if (!dsg.containsGraph(gn)) {
        return Optional.empty();
      }
      Graph copy = GraphFactory.createDefaultGraph();
      dsg.find(gn, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(q -> copy.add(q.asTriple()));
      return Optional.of(copy);
    });
  }

  /** Replaces (or creates) a subgraph in one transaction; true when it was created. */
  public boolean put(SubgraphId id, Graph g) {
    return Txn.calculateWrite(dsg, () -> {
      Node gn = graphNode(id);
      boolean existed = dsg.containsGraph(gn);
      dsg.deleteAny(gn, Node.ANY, Node.ANY, Node.ANY);
      g.find().forEachRemaining(t -> dsg.add(quad(gn, t)));
      return !existed;
    });
  }

  /** Replaces several subgraphs, in order, in one transaction. */
  public void putAll(List<Map.Entry<SubgraphId, Graph>> updates) {
    Txn.executeWrite(dsg, () -> {
      for (var u : updates) {
        Node gn = graphNode(u.getKey());
        dsg.deleteAny(gn, Node.ANY, Node.ANY, Node.ANY);
        u.getValue().find().forEachRemaining(t -> dsg.add(quad(gn, t)));
      }
    });
  }

  /** Creates a subgraph; false (nothing written) when it already exists. */
  public boolean create(SubgraphId id, Graph g) {
    return Txn.calculateWrite(dsg, () -> {
      Node gn = graphNode(id);
      if (dsg.containsGraph(gn)) {
        return false;
      }
      g.find().forEachRemaining(t -> dsg.add(quad(gn, t)));
      return true;
    });
  }

  public boolean delete(SubgraphId id) {
    return Txn.calculateWrite(dsg, () -> {
      Node gn = graphNode(id);
      boolean existed = dsg.containsGraph(gn);
      dsg.deleteAny(gn, Node.ANY, Node.ANY, Node.ANY);
      return existed;
    });
  }

  /**
   * The quad stored for a triple of graph {@code gn}, its literal in canonical form: TDB2 keeps numbers as values and
   * cannot match a non-canonical form again ({@code "1800"^^xsd:decimal} reads back as {@code 1800.0}), so a replace
   * or delete would leave such triples behind.
   */
  static Quad quad(Node gn, org.apache.jena.graph.Triple t) {
    Node o = t.getObject();
    return Quad.create(gn, t.getSubject(), t.getPredicate(),
        o.isLiteral() ? org.apache.jena.riot.process.normalize.CanonicalizeLiteral.get().apply(o) : o);
  }

  /** Ids of all subgraphs, sorted. Graphs written through the GLACIATION API are not subgraphs and not listed. */
  public List<String> list() {
    return Txn.calculateRead(dsg, () -> {
      List<String> ids = new ArrayList<>();
      dsg.listGraphNodes().forEachRemaining(n -> {
        SubgraphId id = n.isURI() ? SubgraphId.fromGraphIri(n.getURI()) : null;
        if (id != null) {
          ids.add(id.value());
        }
      });
      ids.sort(null);
      return ids;
    });
  }

  /** Runs a SELECT query and returns SPARQL JSON results; for tests and in-process users. */
  public String selectJson(String sparql) throws HttpError {
    return this.sparql.selectJson(sparql);
  }

  // ======================================================================= plumbing

  private interface Handler {
    void handle(HttpExchange ex) throws IOException, HttpError;
  }

  /**
   * A handler that refuses to work on a closed store and answers its {@link HttpError}s in the route's format
   * (GLACIATION's {@code {"detail"}} when {@code upstream}). Any other Throwable goes to the front door, which answers
   * it (400 for a stack overflow, 503 short of memory, 500 without internals) or aborts a started answer.
   */
  private HttpHandler guarded(Handler h, boolean upstream) {
    return ex -> {
      try {
        if (closed) {
          throw new HttpError(503, "the Metadata Service is closed");
        }
        h.handle(ex);
      } catch (HttpError e) {
        RequestBodies.discard(ex);
        if (upstream) {
          Http.detail(ex, e.status, e.getMessage());
        } else {
          Http.error(ex, e.status, e.getMessage());
        }
      }
    };
  }

  // ======================================================================= /subgraph

  private void subgraph(HttpExchange ex) throws IOException, HttpError {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.equals("/subgraph") || path.equals("/subgraph/")) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        throw new HttpError(405, method + " is not allowed on /subgraph (GET lists subgraphs; use /subgraph/{id})");
      }
      List<String> ids = list();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", ids.size());
      m.put("subgraphs", ids);
      Http.json(ex, 200, m);
      return;
    }
    if (!path.startsWith("/subgraph/")) {
      throw new HttpError(404, "no such path: " + path);
    }
    String raw = path.substring("/subgraph/".length());
    String problem = SubgraphId.problem(raw);
    if (problem != null) {
      throw new HttpError(400, problem);
    }
    SubgraphId id = new SubgraphId(raw);
    switch (method) {
      case "GET", "HEAD" -> {
        String mt = Http.negotiate(ex, RdfIo.MEDIA_TYPES);
        if (mt == null) {
          throw new HttpError(406, "none of the accepted media types is served; offered: " + RdfIo.MEDIA_TYPES);
        }
        Optional<Graph> g = get(id);
        if (g.isEmpty()) {
          throw new HttpError(404, "unknown subgraph '" + id + "'");
        }
        Lang lang = RdfIo.langOf(mt);
        Http.send(ex, 200, RdfIo.mediaTypeOf(lang), RdfIo.write(g.get(), lang));
      }
      case "POST", "PUT" -> {
        Graph g = parseBody(ex);
        boolean created;
        if (method.equals("POST")) {
          if (!create(id, g)) {
            throw new HttpError(409, "subgraph '" + id + "' exists; PUT replaces it");
          }
          created = true;
        } else {
          created = put(id, g);
        }
        ex.getResponseHeaders().set("Location", "/subgraph/" + id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.value());
        m.put("graph", id.graphIri());
        m.put("triples", g.size());
        Http.json(ex, created ? 201 : 200, m);
      }
      case "DELETE" -> {
        if (!delete(id)) {
          throw new HttpError(404, "unknown subgraph '" + id + "'");
        }
        Http.send(ex, 204, null, new byte[0]);
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "GET, HEAD, POST, PUT, DELETE");
        throw new HttpError(405, method + " is not allowed on /subgraph/{id}");
      }
    }
  }

  private Graph parseBody(HttpExchange ex) throws IOException, HttpError {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    Lang lang = RdfIo.langOf(ct);
    if (lang == null) {
      throw new HttpError(415, (ct == null ? "missing Content-Type" : "unsupported Content-Type '" + ct + "'")
          + "; send one of " + RdfIo.MEDIA_TYPES);
    }
    byte[] body = Http.body(ex, opts.maxBodyBytes());
    if (body.length == 0) {
      throw new HttpError(400, "empty request body");
    }
    String deep = nestingProblem(body, lang);
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    Graph g;
    try {
      g = RdfIo.parse(body, lang);
    } catch (RdfIo.ParseException e) {
      throw new HttpError(400, e.getMessage());
    }
    if (g.isEmpty()) {
      throw new HttpError(400, "No triples could be extracted from the " + lang.getLabel() + " body.");
    }
    return g;
  }

  /** Too deep for the recursive parsers? Turtle-like texts by their brackets, JSON-LD by its JSON nesting. */
  static String nestingProblem(byte[] body, Lang lang) {
    if (lang == Lang.JSONLD) {
      return Nesting.jsonProblem(body, "the JSON-LD body");
    }
    if (lang == Lang.TURTLE || lang == Lang.TRIG || lang == Lang.N3) {
      return Nesting.textProblem(new String(body, StandardCharsets.UTF_8), "the " + lang.getLabel() + " body");
    }
    return null;
  }
}
