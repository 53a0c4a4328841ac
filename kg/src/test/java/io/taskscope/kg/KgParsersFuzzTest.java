package io.taskscope.kg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.apache.jena.riot.Lang;

/**
 * Jazzer over the Metadata Service's request parsers: Turtle and JSON-LD bodies (nesting check, then Jena), SPARQL
 * queries and updates (nesting and length checks, Jena's parser, the sandbox). In a normal build each method runs in
 * regression mode over its seeds ({@code src/test/resources/io/taskscope/kg/KgParsersFuzzTestInputs/<method>/}: valid
 * texts and every kind of refused one); coverage-guided fuzzing needs a JDK whose class files Jazzer 0.24 instruments
 * (≤ 21), {@link KgParsersMutationTest} runs on this one. Whatever the input: an answer or the documented 4xx, never
 * another exception.
 */
class KgParsersFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void turtle(byte[] body) {
    KgParsersMutationTest.rdf(body, Lang.TURTLE);
  }

  @FuzzTest(maxDuration = "20s")
  void jsonLd(byte[] body) {
    KgParsersMutationTest.rdf(body, Lang.JSONLD);
  }

  @FuzzTest(maxDuration = "20s")
  void sparqlQuery(byte[] text) {
    KgParsersMutationTest.query(new String(text, StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "20s")
  void sparqlUpdate(byte[] text) {
    KgParsersMutationTest.update(new String(text, StandardCharsets.UTF_8));
  }
}
