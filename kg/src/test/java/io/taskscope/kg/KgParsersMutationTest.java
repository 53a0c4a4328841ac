package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.testkit.Mutator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.jena.query.Query;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.update.Update;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.update.UpdateRequest;
import org.junit.jupiter.api.Test;

/**
 * The Metadata Service's parsers under {@link Mutator} (2 s each, fixed seed) over {@link KgParsersFuzzTest}'s seeds.
 * Each input gets what the handlers do with it: accepted, or an {@link HttpError} with a 4xx naming the problem —
 * never another exception or a stack overflow. An accepted query is walked again here, by Jena's own walker rather
 * than the sandbox's, to hold the sandbox to its promise: no SERVICE, no dataset of documents, no LOAD.
 */
class KgParsersMutationTest {
  static final Path SEEDS = Path.of("src/test/resources/io/taskscope/kg/KgParsersFuzzTestInputs");
  static final Duration BUDGET = Duration.ofSeconds(2);
  static final byte[][] TOKENS = Mutator.utf8("{", "}", "[", "]", "(", ")", "<", ">", "\"", "\\u0066", ";", ",", ".",
      "SERVICE", "LOAD", "FROM", "FROM NAMED", "USING", "GRAPH", "file:", "http://127.0.0.1:9/", "java:", "BASE",
      "PREFIX", "@base", "@prefix", "@context", "@id", "@graph", "\"@vocab\"", "*", "/", "^", "!", "|", "DROP ALL",
      "CLEAR", "WITH", "SELECT", "WHERE", "FILTER", "OPTIONAL", "VALUES", "_:b", "'''", "^^", "@en", "1e309");

  /** What PUT /subgraph does with a body; throws only the documented HttpError. */
  static void rdf(byte[] body, Lang lang) {
    String deep = MetadataService.nestingProblem(body, lang);
    if (deep != null) {
      return;
    }
    try {
      RdfIo.parse(body, lang);
    } catch (RdfIo.ParseException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  /** What /sparql does with a text before running it. */
  static void query(String text) {
    Query q;
    try {
      q = SparqlEndpoint.parseQuery(text, "");
    } catch (HttpError refused) {
      assertRefusal(refused);
      return;
    }
    assertThat(q.getGraphURIs()).as("FROM accepted in %s", text).isEmpty();
    assertThat(q.getNamedGraphURIs()).as("FROM NAMED accepted in %s", text).isEmpty();
    if (q.getQueryPattern() != null) {
      ElementWalker.walk(q.getQueryPattern(), new ElementVisitorBase() {
        @Override
        public void visit(ElementService el) {
          throw new AssertionError("SERVICE accepted in " + text);
        }
      });
    }
  }

  /** What /api/v0/graph/update does with a text before running it. */
  static void update(String text) {
    UpdateRequest req;
    try {
      req = SparqlEndpoint.parseUpdate(text);
    } catch (HttpError refused) {
      assertRefusal(refused);
      return;
    }
    for (Update u : req.getOperations()) {
      assertThat(u).as("LOAD accepted in %s", text).isNotInstanceOf(UpdateLoad.class);
    }
  }

  private static void assertRefusal(HttpError e) {
    assertThat(e.status() / 100).as(e.getMessage()).isEqualTo(4);
    assertThat(e.getMessage()).isNotBlank().doesNotEndWith("null");
  }

  static long fuzz(String corpus, Mutator.Target t) throws Exception {
    return Mutator.over(SEEDS.resolve(corpus), TOKENS).run(BUDGET, t, AssertionErrorNever.class);
  }

  /** No exception is documented: the helpers above turn every refusal into a return. */
  static final class AssertionErrorNever extends Exception {}

  @Test
  void turtle() throws Exception {
    assertThat(fuzz("turtle", in -> rdf(in, Lang.TURTLE))).isPositive();
  }

  @Test
  void jsonLd() throws Exception {
    assertThat(fuzz("jsonLd", in -> rdf(in, Lang.JSONLD))).isPositive();
  }

  @Test
  void sparqlQuery() throws Exception {
    assertThat(fuzz("sparqlQuery", in -> query(new String(in, StandardCharsets.UTF_8)))).isPositive();
  }

  @Test
  void sparqlUpdate() throws Exception {
    assertThat(fuzz("sparqlUpdate", in -> update(new String(in, StandardCharsets.UTF_8)))).isPositive();
  }
}
