package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataServiceTest {
  @TempDir Path dir;
  MetadataService ms;
  TestHttp http;
  final KgRenderer renderer = new KgRenderer(RenderOptions.defaults("test"));

  @BeforeEach
  void start() throws Exception {
    ms = MetadataService.open(dir.resolve("tdb"), new MetadataServiceOptions(64 * 1024, Duration.ofMillis(300)));
    http = new TestHttp(ms);
  }

  @AfterEach
  void stop() {
    http.close();
    ms.close();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  Graph sample() {
    return renderer.workload(RendererTest.deployment("ml", "trainer", 2), List.of(), null);
  }

  @Test
  void replaceAndDeleteLeaveNoNumberBehindWhateverItsLexicalForm() {
    // TDB2 keeps numbers as values: "1800"^^xsd:decimal reads back as 1800.0 and, stored as written, was never
    // matched again, so a forecast's step survived every replace and its subgraph every delete.
    var a = org.apache.jena.graph.NodeFactory.createURI("urn:a");
    Graph g = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
    for (String lexical : List.of("1800", "0.50", "12")) {
      g.add(a, org.apache.jena.graph.NodeFactory.createURI("urn:d" + lexical), org.apache.jena.graph.NodeFactory
          .createLiteralDT(lexical, org.apache.jena.datatypes.xsd.XSDDatatype.XSDdecimal));
    }
    SubgraphId id = new SubgraphId("numbers/x");
    ms.put(id, g);
    assertThat(ms.get(id).orElseThrow().size()).isEqualTo(3);
    Graph other = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
    other.add(a, org.apache.jena.graph.NodeFactory.createURI("urn:p"), a);
    ms.put(id, other);
    assertThat(ms.get(id).orElseThrow().size()).isEqualTo(1);
    ms.put(id, g);
    assertThat(ms.delete(id)).isTrue();
    assertThat(ms.exists(id)).isFalse();
    assertThat(ms.list()).doesNotContain("numbers/x");
  }

  @Test
  void subgraphCrudWithContentNegotiation() throws Exception {
    Graph g = sample();
    byte[] jsonld = RdfIo.write(g, Lang.JSONLD);
    String id = "/subgraph/test/ml/Deployment/trainer";
    var r = http.send("POST", id, "application/ld+json", jsonld, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains(id);
    assertThat(http.send("POST", id, "application/ld+json", jsonld, null).statusCode()).isEqualTo(409);

    for (String mt : RdfIo.MEDIA_TYPES) {
      var got = http.sendBytes("GET", id, mt);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.headers().firstValue("Content-Type").orElse("")).startsWith(mt);
      assertThat(RdfIo.sameFacts(RdfIo.parse(got.body(), RdfIo.langOf(mt)), g)).as(mt).isTrue();
    }
    assertThat(http.sendBytes("GET", id, "image/png").statusCode()).isEqualTo(406);

    Graph scaled = renderer.workload(RendererTest.deployment("ml", "trainer", 5), List.of(), null);
    var put = http.send("PUT", id, "application/n-triples", RdfIo.write(scaled, Lang.NTRIPLES), null);
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(RdfIo.sameFacts(ms.get(new SubgraphId("test/ml/Deployment/trainer")).orElseThrow(), scaled)).isTrue();
    var thrift = http.send("PUT", "/subgraph/test/Node/n1", "application/rdf+thrift",
        RdfIo.write(scaled, Lang.RDFTHRIFT), null);
    assertThat(thrift.statusCode()).isEqualTo(201);

    var list = http.send("GET", "/subgraph", null, null, null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"test/ml/Deployment/trainer\"", "\"test/Node/n1\"", "\"count\":2");

    assertThat(http.send("DELETE", id, null, null, null).statusCode()).isEqualTo(204);
    var gone = http.send("GET", id, null, null, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("unknown subgraph 'test/ml/Deployment/trainer'");
    assertThat(http.send("DELETE", id, null, null, null).statusCode()).isEqualTo(404);
    assertThat(http.send("PATCH", id, null, null, null).statusCode()).isEqualTo(405);
  }

  @Test
  void badInputIsRejectedWithTheParserPositionAndNothingIsStored() throws Exception {
    var badJson = http.send("PUT", "/subgraph/a/b", "application/ld+json",
        "{\"@context\": {\"x\": \"http://x/\"}, \"x:p\": [1, }".getBytes(), null);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.body()).contains("JSON-LD parse error").containsPattern("(?i)line|column|offset");

    var badTurtle = http.send("PUT", "/subgraph/a/b", "text/turtle", "<http://a> <http://b> .\n".getBytes(), null);
    assertThat(badTurtle.statusCode()).isEqualTo(400);
    assertThat(badTurtle.body()).contains("Turtle parse error", "line 1, column");

    var badNt = http.send("PUT", "/subgraph/a/b", "application/n-triples", "<http://a> <http://b> \"x .".getBytes(),
        null);
    assertThat(badNt.statusCode()).isEqualTo(400);
    assertThat(badNt.body()).contains("line 1");

    var badThrift = http.send("PUT", "/subgraph/a/b", "application/rdf+thrift", new byte[] {1, 2, 3, 4, 5}, null);
    assertThat(badThrift.statusCode()).isEqualTo(400);

    var remote = http.send("PUT", "/subgraph/a/b", "application/ld+json",
        "{\"@context\": \"https://example.org/ctx.jsonld\", \"@id\": \"http://a\", \"p\": 1}".getBytes(), null);
    assertThat(remote.statusCode()).isEqualTo(400);
    assertThat(remote.body()).contains("remote documents are not loaded");

    var empty = http.send("PUT", "/subgraph/a/b", "application/ld+json", "{\"incorrect\": \"JSON-LD\"}".getBytes(),
        null);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("No triples");

    assertThat(http.send("PUT", "/subgraph/a/b", "application/xml", "<x/>".getBytes(), null).statusCode())
        .isEqualTo(415);
    var badId = http.send("GET", "/subgraph/a/..%2Fetc", null, null, null);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("invalid segment");

    byte[] big = new byte[70 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    var tooBig = http.send("PUT", "/subgraph/a/b", "application/n-triples", big, null);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("over the limit of 65536 bytes");

    assertThat(ms.list()).isEmpty();

    var badSparql = http.send("GET", "/sparql?query=" + q("SELECT ?s WHERE { ?s ?p }"), null, null, null);
    assertThat(badSparql.statusCode()).isEqualTo(400);
    assertThat(badSparql.body()).contains("SPARQL syntax error", "line 1, column");
    assertThat(http.send("GET", "/sparql", null, null, null).statusCode()).isEqualTo(400);
    assertThat(http.send("POST", "/sparql", "application/sparql-update", "DROP ALL".getBytes(), null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void sparqlOverAllSubgraphsFindsAWorkloadsDatasource() throws Exception {
    ms.put(new SubgraphId("test/ml/Deployment/trainer"), sample());
    ms.put(new SubgraphId("test/Node/n1"), renderer.node(new io.fabric8.kubernetes.api.model.NodeBuilder()
        .withNewMetadata().withName("n1").endMetadata().build(), null));
    String query = """
        PREFIX glc: <https://glaciation-project.eu/MetadataReferenceModel#>
        PREFIX k8s: <http://glaciation-project.eu/model/k8s/>
        PREFIX ts: <https://taskscope.io/ontology/kg#>
        SELECT ?g ?url ?metric WHERE {
          GRAPH ?g {
            ?w a glc:AssignedTask ; k8s:hasName "trainer" ; ts:hasTelemetry/ts:hasData ?d .
            ?d a ts:MetricsData ; ts:hasDatasource/ts:url ?url ; ts:hasMetric/ts:metricName ?metric .
          }
        } ORDER BY ?metric""";
    var r = http.send("POST", "/sparql", "application/sparql-query", query.getBytes(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/sparql-results+json");
    assertThat(r.body()).contains("urn:taskscope:subgraph:test/ml/Deployment/trainer",
        "http://prometheus.monitoring:9090", "cpu_usage", "gpu_usage");
    // The default graph is the union of all subgraphs.
    var count = http.send("GET", "/sparql?query=" + q("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"), null,
        null, "text/csv");
    assertThat(count.statusCode()).isEqualTo(200);
    assertThat(count.headers().firstValue("Content-Type")).contains("text/csv");
    var construct = http.send("GET", "/sparql?query=" + q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"),
        null, null, "application/n-triples");
    assertThat(construct.statusCode()).isEqualTo(200);
    assertThat(construct.body().lines().count()).isEqualTo(3);
  }

  @Test
  void aQueryOverItsTimeLimitIsCancelledWith503() throws Exception {
    Graph big = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
    for (int i = 0; i < 3000; i++) {
      big.add(org.apache.jena.graph.NodeFactory.createURI("http://x/s" + i),
          org.apache.jena.graph.NodeFactory.createURI("http://x/p"),
          org.apache.jena.graph.NodeFactory.createLiteralString("v" + i));
    }
    ms.put(new SubgraphId("big"), big);
    long t0 = System.nanoTime();
    var r = http.send("GET", "/sparql?query=" + q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
        null, null, null);
    long ms_ = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("time limit of 300 ms", "cancelled");
    assertThat(ms_).isLessThan(10_000);
    // The server still answers.
    assertThat(http.send("GET", "/subgraph", null, null, null).statusCode()).isEqualTo(200);
    var up = http.send("GET", "/api/v0/graph?query=" + q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
        null, null, null);
    assertThat(up.statusCode()).isEqualTo(503);
    assertThat(up.body()).startsWith("{\"detail\":");
  }

  @Test
  void glaciationEndpointsBehaveLikeUpstream() throws Exception {
    var r = http.send("PATCH", "/api/v0/graph", "application/json",
        Fixtures.glaciation("kg_exporter.transform.deployment.jsonld"), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).matches("\"Success - Inserted \\d+ triple\\(s\\) into graph <timestamp:\\d+>\\.\"");

    var none = http.send("PATCH", "/api/v0/graph", "application/json", "{\"incorrect\":\"JSON-LD\"}".getBytes(),
        null);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).isEqualTo("{\"detail\":\"No triples could be extracted from JSON-LD.\"}");
    assertThat(http.send("PATCH", "/api/v0/graph", "application/json", "[1,2]".getBytes(), null).statusCode())
        .isEqualTo(422);
    var notJson = http.send("PATCH", "/api/v0/graph", "application/json", "{\"a\": ".getBytes(), null);
    assertThat(notJson.statusCode()).isEqualTo(422);
    assertThat(notJson.body()).contains("json_invalid", "line 1");

    // kg_exporter's own style of query: its glc terms are IRIs of the scheme "glc".
    String query = "SELECT ?s ?d WHERE { ?s <glc:hasDescription> ?d . ?s a <glc:AssignedTask> }";
    var sel = http.send("GET", "/api/v0/graph?query=" + q(query), null, null, null);
    assertThat(sel.statusCode()).as(sel.body()).isEqualTo(200);
    assertThat(sel.body()).contains("\"head\"", "\"bindings\"", "https://127.0.0.1:6443/coredns", "Deployment");
    var syntax = http.send("GET", "/api/v0/graph?query=" + q("SELEC ?s"), null, null, null);
    assertThat(syntax.statusCode()).isEqualTo(400);
    assertThat(syntax.body()).startsWith("{\"detail\":\"Syntax error in query:");
    assertThat(http.send("GET", "/api/v0/graph", null, null, null).statusCode()).isEqualTo(422);

    var graphs = ms.selectJson("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }");
    String graphName = graphs.replaceAll("(?s).*\"(timestamp:\\d+)\".*", "$1");
    var drop = http.send("POST", "/api/v0/graph/update", "application/json",
        ("{\"query\": \"DROP GRAPH <" + graphName + ">\"}").getBytes(), null);
    assertThat(drop.statusCode()).as(drop.body()).isEqualTo(200);
    assertThat(drop.body()).isEqualTo("\"Success\"");
    assertThat(ms.selectJson("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")).doesNotContain("timestamp:");
    var extra = http.send("POST", "/api/v0/graph/update", "application/json",
        "{\"query\": \"DROP ALL\", \"x\": 1}".getBytes(), null);
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(extra.body()).isEqualTo("{\"detail\":\"Request must contain only {'query': str}\"}");
    var badUpdate = http.send("GET", "/api/v0/graph/update?query=" + q("DROP GRAPHS"), null, null, null);
    assertThat(badUpdate.statusCode()).isEqualTo(400);
    assertThat(badUpdate.body()).contains("Syntax error in query");
    assertThat(http.send("POST", "/api/v0/graph/compact", null, null, null).statusCode()).isEqualTo(200);
    assertThat(http.send("GET", "/api/v0/graph/nothing", null, null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    Graph g = sample();
    ms.put(new SubgraphId("test/ml/Deployment/trainer"), g);
    http.close();
    ms.close();
    ms = MetadataService.open(dir.resolve("tdb"), MetadataServiceOptions.defaults());
    http = new TestHttp(ms);
    assertThat(ms.list()).containsExactly("test/ml/Deployment/trainer");
    assertThat(RdfIo.sameFacts(ms.get(new SubgraphId("test/ml/Deployment/trainer")).orElseThrow(), g)).isTrue();
  }
}
