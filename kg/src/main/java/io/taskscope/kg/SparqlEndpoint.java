package io.taskscope.kg;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
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
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

/**
 * SPARQL on the Metadata Service's store: {@code /sparql}, and the parsing, sandboxing and bounded execution that
 * the GLACIATION API shares. A query runs over the union of the named graphs; its answer streams through a
 * {@link BoundedAnswer} (rows, bytes and time bounded).
 */
final class SparqlEndpoint {
  static final List<String> SELECT_TYPES = List.of("application/sparql-results+json",
      "application/sparql-results+xml", "text/csv", "text/tab-separated-values", "application/json");

  private final DatasetGraph dsg;
  private final MetadataServiceOptions opts;

  SparqlEndpoint(DatasetGraph dsg, MetadataServiceOptions opts) {
    this.dsg = dsg;
    this.opts = opts;
  }

  /** Runs a SELECT query and returns SPARQL JSON results (in-process callers). */
  String selectJson(String sparql) throws HttpError {
    Query q = parseQuery(sparql, "");
    BoundedAnswer answer = new BoundedAnswer(null, "application/sparql-results+json", opts.maxResultBytes(),
        opts.queryTimeout().toMillis());
    runQuery(q, "application/sparql-results+json", answer);
    return new String(answer.heldBytes(), StandardCharsets.UTF_8);
  }

  /** {@code GET|HEAD|POST /sparql}. */
  void handle(HttpExchange ex) throws IOException, HttpError {
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
  void answerQuery(HttpExchange ex, Query q, String mediaType, String contentType)
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
   * Longest SPARQL text parsed. Jena's parser takes about 0.25 ms per KiB, and a fault it finds at the end (SERVICE,
   * LOAD, a syntax error) costs the whole parse: this bound keeps any rejection near the 50 ms budget. Queries are
   * short; bulk data goes in as a graph (PUT /subgraph/{id}, PATCH /api/v0/graph), not as INSERT DATA.
   */
  static final int MAX_SPARQL_CHARS = 128 * 1024;

  private static void checkLength(String text, String what) throws HttpError {
    if (text.length() > MAX_SPARQL_CHARS) {
      throw new HttpError(413, "SPARQL " + what + " of " + text.length() + " characters is over the limit of "
          + MAX_SPARQL_CHARS + "; send bulk data as a graph (PUT /subgraph/{id} or PATCH /api/v0/graph)");
    }
  }

  /**
   * Jena's message, or what went wrong when it has none: its grammar recurses once per triple pattern of a group, and
   * it reports the stack overflow of a very long group as a parse error without a message.
   */
  private static String parseMessage(QueryParseException e) {
    if (e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getCause() instanceof StackOverflowError
        ? "too complex for the SPARQL parser (thousands of patterns in one group, or deep nesting); split it or use "
            + "VALUES"
        : String.valueOf(e.getCause());
  }

  /**
   * Parses a query that may run here: nested no deeper than {@link Nesting#MAX_DEPTH}, inside the
   * {@link SparqlSandbox} (no SERVICE, FROM, file: IRIs).
   */
  static Query parseQuery(String text, String prefix) throws HttpError {
    String deep = Nesting.textProblem(text, "the SPARQL query");
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    checkLength(text, "query");
    Query q;
    try {
      q = QueryFactory.create(text);
    } catch (QueryParseException e) {
      throw new HttpError(400, prefix + parseMessage(e));
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
  static UpdateRequest parseUpdate(String text) throws HttpError {
    String deep = Nesting.textProblem(text, "the SPARQL update");
    if (deep != null) {
      throw new HttpError(400, deep);
    }
    checkLength(text, "update");
    UpdateRequest req;
    try {
      req = UpdateFactory.create(text);
    } catch (QueryParseException e) {
      throw new HttpError(400, "Syntax error in query: " + parseMessage(e));
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
  void runQuery(Query q, String mediaType, BoundedAnswer answer) throws HttpError {
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
}
