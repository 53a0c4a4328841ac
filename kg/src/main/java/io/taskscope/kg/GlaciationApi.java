package io.taskscope.kg;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.update.UpdateExecution;
import org.apache.jena.update.UpdateRequest;

/**
 * GLACIATION's metadata-service API on the same store, with upstream's status codes and bodies: {@code PATCH
 * /api/v0/graph} (JSON-LD into a timestamped graph), {@code GET /api/v0/graph?query=} (SELECT), {@code POST
 * /api/v0/graph/update} (its GET form only behind the front door's switch) and {@code POST /api/v0/graph/compact}.
 */
final class GlaciationApi {
  private final DatasetGraph dsg;
  private final MetadataServiceOptions opts;
  private final SparqlEndpoint sparql;
  private final AtomicLong lastTimestamp = new AtomicLong();

  GlaciationApi(DatasetGraph dsg, MetadataServiceOptions opts, SparqlEndpoint sparql) {
    this.dsg = dsg;
    this.opts = opts;
    this.sparql = sparql;
  }

  /** {@code /api/v0/graph}, {@code /api/v0/graph/update}, {@code /api/v0/graph/compact}. */
  void handle(HttpExchange ex) throws IOException, HttpError {
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
        UpdateRequest req = SparqlEndpoint.parseUpdate(update);
        // the same bounds as queries: a WHERE clause can join as widely as a SELECT
        try {
          Txn.executeWrite(dsg, () -> UpdateExecution.dataset(org.apache.jena.query.DatasetFactory.wrap(dsg))
              .update(req).timeout(opts.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .set(org.apache.jena.sparql.exec.http.Service.httpServiceAllowed, false)
              .set(org.apache.jena.sparql.exec.http.Service.serviceAllowed, false).execute());
        } catch (org.apache.jena.query.QueryCancelledException e) {
          throw new HttpError(503, "update exceeded its time limit of " + opts.queryTimeout().toMillis()
              + " ms and was cancelled; nothing was changed");
        }
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
    Txn.executeWrite(dsg, () -> g.find().forEachRemaining(t -> dsg.add(MetadataService.quad(gn, t))));
    Http.json(ex, 200, "Success - Inserted " + g.size() + " triple(s) into graph <" + name + ">.");
  }

  private void glaciationSearch(HttpExchange ex) throws IOException, HttpError {
    String text = Http.queryParams(ex).get("query");
    if (text == null) {
      missingQuery(ex);
      return;
    }
    Query q = SparqlEndpoint.parseQuery(text, "Syntax error in query: ");
    if (!q.isSelectType()) {
      throw new HttpError(400, "Only SELECT queries are supported on /api/v0/graph; got " + q.queryType());
    }
    sparql.answerQuery(ex, q, "application/sparql-results+json", "application/json");
  }
}
