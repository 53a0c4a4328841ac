package io.taskscope.kg;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.taskscope.core.RequestBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.update.UpdateExecution;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
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
 * Every handler answers its own errors (4xx with a message naming the problem); no exception leaves a handler.
 */
public final class MetadataService implements AutoCloseable {
  static {
    org.apache.jena.sys.JenaSystem.init();
  }

  private static final Logger log = LoggerFactory.getLogger(MetadataService.class);
  private static final List<String> SELECT_TYPES = List.of("application/sparql-results+json",
      "application/sparql-results+xml", "text/csv", "text/tab-separated-values", "application/json");

  private final Path dataDir;
  private final MetadataServiceOptions opts;
  private final DatasetGraph dsg;
  private final AtomicLong lastTimestamp = new AtomicLong();
  private volatile boolean closed;

  private MetadataService(Path dataDir, MetadataServiceOptions opts, DatasetGraph dsg) {
    this.dataDir = dataDir;
    this.opts = opts;
    this.dsg = dsg;
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
        guarded(this::sparql, false));
    HttpHandler glaciation = guarded(this::glaciation, true);
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
      g.find().forEachRemaining(t -> dsg.add(Quad.create(gn, t)));
      return !existed;
    });
  }

  /** Replaces several subgraphs, in order, in one transaction. */
  public void putAll(List<Map.Entry<SubgraphId, Graph>> updates) {
    Txn.executeWrite(dsg, () -> {
      for (var u : updates) {
        Node gn = graphNode(u.getKey());
        dsg.deleteAny(gn, Node.ANY, Node.ANY, Node.ANY);
        u.getValue().find().forEachRemaining(t -> dsg.add(Quad.create(gn, t)));
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
      g.find().forEachRemaining(t -> dsg.add(Quad.create(gn, t)));
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
    Query q = parseQuery(sparql, "");
    BoundedAnswer answer = new BoundedAnswer(null, "application/sparql-results+json", opts.maxResultBytes(),
        opts.queryTimeout().toMillis());
    runQuery(q, "application/sparql-results+json", answer);
    return new String(answer.heldBytes(), StandardCharsets.UTF_8);
  }

  // ======================================================================= plumbing

  private interface Handler {
    void handle(HttpExchange ex) throws IOException, HttpError;
  }

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
      } catch (io.taskscope.core.http.AbortedResponse e) {
        throw e; // the answer had started: the front door closes the connection
      } catch (StackOverflowError e) {
        RequestBodies.discard(ex);
        answer(ex, upstream, 400, "input is nested too deeply or too complex");
      } catch (OutOfMemoryError e) {
        log.warn("event=metadata_service_error path={} error=out_of_memory", ex.getRequestURI().getPath());
        ex.getResponseHeaders().set("Retry-After", "5");
        answer(ex, upstream, 503, "server is short of memory; retry later");
      } catch (Throwable t) {
        // the message stays in the log: it can quote internals (paths, file contents) a caller must not see
        log.warn("event=metadata_service_error path={} error=\"{}\"", ex.getRequestURI().getPath(), t.toString());
        RequestBodies.discard(ex);
        answer(ex, upstream, 500, "internal error");
      }
    };
  }

  private static void answer(HttpExchange ex, boolean upstream, int status, String message) {
    if (upstream) {
      Http.detail(ex, status, message);
    } else {
      Http.error(ex, status, message);
    }
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

  // ======================================================================= /sparql

  private void sparql(HttpExchange ex) throws IOException, HttpError {
    String path = ex.getRequestURI().getPath();
    if (!path.equals("/sparql") && !path.equals("/sparql/")) {
      throw new HttpError(404, "no such path: " + path);
    }
    String text;
    switch (ex.getRequestMethod()) {
      case "GET", "HEAD" -> text = Http.queryParams(ex).get("query");
      case "POST" -> {
        String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("")
            .split(";")[0].trim().toLowerCase(Locale.ROOT);
        byte[] body = Http.body(ex, opts.maxBodyBytes());
        if (ct.equals("application/sparql-query")) {
          text = new String(body, StandardCharsets.UTF_8);
        } else if (ct.equals("application/x-www-form-urlencoded")) {
          Map<String, String> form = Http.formParams(new String(body, StandardCharsets.UTF_8));
          if (form.containsKey("update")) {
            throw new HttpError(400, "SPARQL Update is not accepted on /sparql; use /api/v0/graph/update");
          }
          text = form.get("query");
        } else if (ct.equals("application/sparql-update")) {
          throw new HttpError(400, "SPARQL Update is not accepted on /sparql; use /api/v0/graph/update");
        } else {
          throw new HttpError(415, "unsupported Content-Type '" + ct
              + "'; send application/sparql-query or application/x-www-form-urlencoded");
        }
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        throw new HttpError(405, ex.getRequestMethod() + " is not allowed on /sparql");
      }
    }
    if (text == null || text.isBlank()) {
      throw new HttpError(400, "missing SPARQL query (parameter 'query' or an application/sparql-query body)");
    }
    Query q = parseQuery(text, "SPARQL syntax error: ");
    String mt;
    if (q.isSelectType() || q.isAskType()) {
      mt = Http.negotiate(ex, SELECT_TYPES);
      if (mt == null) {
        throw new HttpError(406, "none of the accepted media types is served; offered: " + SELECT_TYPES);
      }
    } else {
      mt = Http.negotiate(ex, List.of("text/turtle", "application/n-triples", "application/ld+json",
          "application/rdf+thrift"));
      if (mt == null) {
        throw new HttpError(406, "none of the accepted media types is served for graph results");
      }
    }
    String contentType = q.isSelectType() || q.isAskType() ? resultType(mt) : RdfIo.mediaTypeOf(RdfIo.langOf(mt));
    answerQuery(ex, q, mt, contentType);
  }

  /** Runs {@code q} into the exchange: a status for a limit broken before the answer started, an abort after. */
  private void answerQuery(HttpExchange ex, Query q, String mediaType, String contentType)
      throws IOException, HttpError {
    BoundedAnswer answer = new BoundedAnswer(ex, contentType, opts.maxResultBytes(), opts.queryTimeout().toMillis());
    try {
      runQuery(q, mediaType, answer);
      answer.finish();
    } catch (HttpError e) {
      if (answer.started()) {
        throw new io.taskscope.core.http.AbortedResponse(e.getMessage());
      }
      throw e;
    } catch (BoundedAnswer.Over e) {
      if (answer.started()) {
        throw new io.taskscope.core.http.AbortedResponse(e.getMessage());
      }
      throw new HttpError(e.status, e.getMessage());
    }
  }

  /**
   * Parses a query that may run here: nested no deeper than {@link Nesting#MAX_DEPTH}, inside the
   * {@link SparqlSandbox} (no SERVICE, FROM, file: IRIs).
   */
  private static Query parseQuery(String text, String prefix) throws HttpError {
    String deep = Nesting.textProblem(text, "the SPARQL query");
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    Query q;
    try {
      q = QueryFactory.create(text);
    } catch (QueryParseException e) {
      throw new HttpError(400, prefix + e.getMessage());
    } catch (StackOverflowError e) {
      throw new HttpError(400, prefix + "the query is nested too deeply or too complex");
    } catch (RuntimeException e) {
      throw new HttpError(400, prefix + e.getMessage());
    }
    String refused = SparqlSandbox.problem(q);
    if (refused != null) {
      throw new HttpError(400, refused);
    }
    return q;
  }

  /** Parses an update that may run here, as {@link #parseQuery} does for queries. */
  private static UpdateRequest parseUpdate(String text) throws HttpError {
    String deep = Nesting.textProblem(text, "the SPARQL update");
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    UpdateRequest req;
    try {
      req = UpdateFactory.create(text);
    } catch (QueryParseException e) {
      throw new HttpError(400, "Syntax error in query: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw new HttpError(400, "Syntax error in query: the update is nested too deeply or too complex");
    } catch (RuntimeException e) {
      throw new HttpError(400, "Syntax error in query: " + e.getMessage());
    }
    String refused = SparqlSandbox.problem(req);
    if (refused != null) {
      throw new HttpError(400, refused);
    }
    return req;
  }

  /**
   * Executes {@code q} and writes its answer into {@code answer} as it comes: rows and triples are counted against
   * {@code maxResultRows}, bytes and time by the answer itself. Calls to other endpoints are switched off in the
   * execution context as well (the sandbox already refused SERVICE; this is the second lock).
   */
  private void runQuery(Query q, String mediaType, BoundedAnswer answer) throws HttpError {
    long timeoutMs = opts.queryTimeout().toMillis();
    long maxRows = opts.maxResultRows();
    try {
      Txn.executeRead(dsg, () -> {
        try (QueryExecution qe = QueryExecution.dataset(org.apache.jena.query.DatasetFactory.wrap(dsg)).query(q)
            .timeout(timeoutMs, TimeUnit.MILLISECONDS).set(TDB2.symUnionDefaultGraph, true)
            .set(org.apache.jena.sparql.exec.http.Service.httpServiceAllowed, false)
            .set(org.apache.jena.sparql.exec.http.Service.serviceAllowed, false).build()) {
          if (q.isSelectType()) {
            var rows = org.apache.jena.sparql.exec.RowSet.adapt(qe.execSelect());
            long[] n = {0};
            var counted = org.apache.jena.sparql.exec.RowSetStream.create(rows.getResultVars(),
                new java.util.Iterator<org.apache.jena.sparql.engine.binding.Binding>() {
                  @Override
                  public boolean hasNext() {
                    answer.checkTime();
                    return rows.hasNext();
                  }

                  @Override
                  public org.apache.jena.sparql.engine.binding.Binding next() {
                    if (++n[0] > maxRows) {
                      throw new BoundedAnswer.Over(413, "the answer has more than " + maxRows + " rows; add LIMIT "
                          + "or narrow the query");
                    }
                    return rows.next();
                  }
                });
            ResultSetMgr.write(answer, ResultSet.adapt(counted), resultLang(mediaType));
          } else if (q.isAskType()) {
            ResultSetMgr.write(answer, qe.execAsk(), resultLang(mediaType));
          } else {
            var triples = q.isConstructType() ? qe.execConstructTriples() : qe.execDescribeTriples();
            Graph g = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
            long n = 0;
            while (triples.hasNext()) {
              answer.checkTime();
              if (++n > maxRows) {
                throw new BoundedAnswer.Over(413, "the answer has more than " + maxRows + " triples; add LIMIT or "
                    + "narrow the query");
              }
              g.add(triples.next());
            }
            RdfIo.write(answer, g, RdfIo.langOf(mediaType));
          }
        }
      });
    } catch (QueryCancelledException e) {
      throw new HttpError(503, "query exceeded its time limit of " + timeoutMs + " ms and was cancelled");
    } catch (java.io.UncheckedIOException | org.apache.jena.atlas.RuntimeIOException e) {
      // writing to the client failed: it went away, or the connection was closed under the answer
      throw new io.taskscope.core.http.AbortedResponse("answer not delivered: " + e.getMessage());
    }
  }

  private static Lang resultLang(String mt) {
    return switch (mt) {
      case "application/sparql-results+xml" -> ResultSetLang.RS_XML;
      case "text/csv" -> ResultSetLang.RS_CSV;
      case "text/tab-separated-values" -> ResultSetLang.RS_TSV;
      default -> ResultSetLang.RS_JSON;
    };
  }

  private static String resultType(String mt) {
    return mt.equals("application/json") ? "application/sparql-results+json" : mt;
  }

  // ======================================================================= GLACIATION /api/v0/graph

  private void glaciation(HttpExchange ex) throws IOException, HttpError {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    switch (path) {
      case "/api/v0/graph" -> {
        switch (method) {
          case "PATCH" -> glaciationInsert(ex);
          case "GET" -> glaciationSearch(ex);
          default -> throw new HttpError(405, "Method Not Allowed");
        }
      }
      case "/api/v0/graph/update" -> {
        String update;
        if (method.equals("GET")) {
          update = Http.queryParams(ex).get("query");
          if (update == null) {
            missingQuery(ex);
            return;
          }
        } else if (method.equals("POST")) {
          JsonNode body = jsonBody(ex);
          if (body == null) {
            return;
          }
          if (body.size() != 1 || !body.has("query") || !body.get("query").isTextual()) {
            throw new HttpError(400, "Request must contain only {'query': str}");
          }
          update = body.get("query").asText();
        } else {
          throw new HttpError(405, "Method Not Allowed");
        }
        UpdateRequest req = parseUpdate(update);
        Txn.executeWrite(dsg, () -> UpdateExecution.dataset(org.apache.jena.query.DatasetFactory.wrap(dsg)).update(req).execute());
        Http.json(ex, 200, "Success");
      }
      case "/api/v0/graph/compact" -> {
        if (!method.equals("POST")) {
          throw new HttpError(405, "Method Not Allowed");
        }
        DatabaseMgr.compact(dsg, true);
        Http.json(ex, 200, "Success");
      }
      default -> throw new HttpError(404, "Not Found");
    }
  }

  /** FastAPI's 422 for a missing required query parameter {@code query}. */
  private static void missingQuery(HttpExchange ex) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", "missing");
    d.put("loc", List.of("query", "query"));
    d.put("msg", "Field required");
    d.put("input", null);
    Http.detail(ex, 422, List.of(d));
  }

  /** The body as a JSON object, or null after answering 422 as FastAPI does (not JSON, or not an object). */
  private JsonNode jsonBody(HttpExchange ex) throws IOException, HttpError {
    byte[] body = Http.body(ex, opts.maxBodyBytes());
    String deep = Nesting.jsonProblem(body, "the JSON body");
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    JsonNode node;
    try {
      node = Http.JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "json_invalid");
      d.put("loc", List.of("body", e.getLocation() == null ? 0 : e.getLocation().getCharOffset()));
      d.put("msg", "JSON decode error");
      d.put("ctx", Map.of("error", e.getOriginalMessage() + (e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())));
      Http.detail(ex, 422, List.of(d));
      return null;
    }
    if (node == null || !node.isObject()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "dict_type");
      d.put("loc", List.of("body"));
      d.put("msg", "Input should be a valid dictionary");
      Http.detail(ex, 422, List.of(d));
      return null;
    }
    return node;
  }

  private void glaciationInsert(HttpExchange ex) throws IOException, HttpError {
    JsonNode body = jsonBody(ex);
    if (body == null) {
      return;
    }
    long ts = lastTimestamp.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis()));
    String name = "timestamp:" + ts;
    if (body.has("@id") && body.get("@id").isTextual()) {
      String id = body.get("@id").asText();
      name = (id.endsWith("/") ? id : id + "/") + name;
    }
    Graph g;
    try {
      g = RdfIo.parse(Http.JSON.writeValueAsBytes(body), Lang.JSONLD);
    } catch (RdfIo.ParseException e) {
      throw new HttpError(400, e.getMessage());
    }
    if (g.isEmpty()) {
      throw new HttpError(400, "No triples could be extracted from JSON-LD.");
    }
    Node gn;
    try {
      gn = NodeFactory.createURI(URI.create(name).toString());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid graph name <" + name + "> from @id: " + e.getMessage());
    }
    Txn.executeWrite(dsg, () -> g.find().forEachRemaining(t -> dsg.add(Quad.create(gn, t))));
    Http.json(ex, 200, "Success - Inserted " + g.size() + " triple(s) into graph <" + name + ">.");
  }

  private void glaciationSearch(HttpExchange ex) throws IOException, HttpError {
    String text = Http.queryParams(ex).get("query");
    if (text == null) {
      missingQuery(ex);
      return;
    }
    Query q = parseQuery(text, "Syntax error in query: ");
    if (!q.isSelectType()) {
      throw new HttpError(400, "Only SELECT queries are supported on /api/v0/graph; got " + q.queryType());
    }
    answerQuery(ex, q, "application/sparql-results+json", "application/json");
  }
}
