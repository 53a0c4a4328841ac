package io.taskscope.kg;

import org.apache.jena.riot.Lang;

/**
 * The Metadata Service's request checks for {@code io.taskscope.bench.HostileInputBench}: the same calls its handlers
 * make, reached from the benchmark without widening the service's public API (this class sits in the bench module).
 */
public final class KgRequestChecks {
  private KgRequestChecks() {}

  /** What a PUT /subgraph/{id} does with a body: depth check, then Jena's parser. Null when accepted. */
  public static String rdf(byte[] body, String mediaType) {
    Lang lang = RdfIo.langOf(mediaType);
    String deep = MetadataService.nestingProblem(body, lang);
    if (deep != null) {
      return deep;
    }
    try {
      RdfIo.parse(body, lang);
      return null;
    } catch (RdfIo.ParseException e) {
      return e.getMessage();
    }
  }

  /** What /sparql does with a query text before running it. Null when it may run. */
  public static String query(String text) {
    try {
      SparqlEndpoint.parseQuery(text, "");
      return null;
    } catch (HttpError e) {
      return e.getMessage();
    }
  }

  /** What /api/v0/graph/update does with an update text before running it. Null when it may run. */
  public static String update(String text) {
    try {
      SparqlEndpoint.parseUpdate(text);
      return null;
    } catch (HttpError e) {
      return e.getMessage();
    }
  }
}
