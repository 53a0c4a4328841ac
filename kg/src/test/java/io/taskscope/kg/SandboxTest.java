package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.jena.riot.Lang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Metadata Service as a stranger meets it: SPARQL that would read files or call URLs, bodies nested to overflow
 * the stack, queries whose answers would not end. Each refusal names its rule, changes nothing stored, and neither
 * the local listener nor the marker file is ever reached.
 */
class SandboxTest {
  @TempDir Path dir;
  MetadataService ms;
  TestHttp http;
  static ServerSocket listener;
  static final AtomicInteger CONTACTS = new AtomicInteger();
  static Path marker;
  static final String SECRET = "marker-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  @BeforeEach
  void start() throws Exception {
    if (listener == null) {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        while (true) {
          try (Socket s = listener.accept()) {
            CONTACTS.incrementAndGet();
          } catch (Exception e) {
            return;
          }
        }
      });
      marker = Files.createTempFile("kg-marker", ".ttl");
      Files.writeString(marker, "<urn:x> <urn:says> \"" + SECRET + "\" .\n");
    }
    ms = MetadataService.open(dir.resolve("tdb"), new MetadataServiceOptions(1 << 20, Duration.ofSeconds(2), 50_000,
        4L << 20));
    http = new TestHttp(ms, true);
    var put = http.send("PUT", "/subgraph/test/ml/Deployment/web", "text/turtle",
        "<urn:w> <urn:p> \"v\" . <urn:w> <urn:q> 1 .".getBytes(StandardCharsets.UTF_8), null);
    assertThat(put.statusCode()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    http.close();
    ms.close();
  }

  String listenerUrl() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/x";
  }

  /** Everything stored, as sorted canonical text per graph. */
  Map<String, String> state() throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (String id : ms.list()) {
      m.put(id, RdfIo.canonical(ms.get(new SubgraphId(id)).orElseThrow()));
    }
    m.put("*", ms.selectJson("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"));
    return m;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Stream<Arguments> hostileQueries() {
    return Stream.of(
        Arguments.of("SERVICE", "SELECT * WHERE { SERVICE <%L> { ?s ?p ?o } }"),
        Arguments.of("SERVICE", "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <%L> { ?s ?p ?o } } }"),
        Arguments.of("SERVICE", "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <%L> { ?s ?p ?o } } } }"),
        Arguments.of("SERVICE", "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <%L> { ?s ?p ?x } } }"),
        Arguments.of("SERVICE", "ASK { ?s ?p ?o MINUS { SERVICE <%L> { ?s ?p ?o } } }"),
        Arguments.of("SERVICE", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <%L> { ?s ?p ?o } } }"),
        Arguments.of("SERVICE", "SELECT * WHERE { BIND(<%L> AS ?u) SERVICE ?u { ?s ?p ?o } }"),
        Arguments.of("FROM", "SELECT * FROM <%L> WHERE { ?s ?p ?o }"),
        Arguments.of("FROM", "SELECT * FROM <file://%M> WHERE { ?s ?p ?o }"),
        Arguments.of("FROM NAMED", "SELECT * FROM NAMED <%L> WHERE { GRAPH ?g { ?s ?p ?o } }"),
        Arguments.of("file:", "SELECT * WHERE { <file://%M> ?p ?o }"),
        Arguments.of("file:", "SELECT * WHERE { GRAPH <file://%M> { ?s ?p ?o } }"),
        Arguments.of("file:", "PREFIX f: <file:///etc/> SELECT * WHERE { f:passwd ?p ?o }"),
        Arguments.of("file:", "BASE <file:///etc/> SELECT * WHERE { <passwd> ?p ?o }"),
        Arguments.of("file:", "SELECT * WHERE { <\\u0066ile:///etc/passwd> ?p ?o }"),
        Arguments.of("file:", "SELECT * WHERE { ?s ?p ?o FILTER(?o = <file:///etc/passwd>) }"),
        Arguments.of("file:", "SELECT * WHERE { VALUES ?x { <file:///etc/passwd> } ?x ?p ?o }"),
        Arguments.of("file:", "DESCRIBE <file:///etc/passwd>"),
        Arguments.of("file:", "SELECT * WHERE { ?s <urn:a>/(<urn:b>|^<file:///etc/passwd>)* ?o }"),
        Arguments.of("file:", "SELECT * WHERE { ?s !(<urn:a>|<file:///etc/passwd>) ?o }"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("hostileQueries")
  void queriesThatReachOutsideTheStoreAreRefused(String construct, String template) throws Exception {
    String text = template.replace("%L", listenerUrl()).replace("%M", marker.toString());
    Map<String, String> before = state();
    var get = http.send("GET", "/sparql?query=" + q(text), null, null, null);
    var post = http.send("POST", "/sparql", "application/sparql-query", text.getBytes(StandardCharsets.UTF_8), null);
    var glc = http.send("GET", "/api/v0/graph?query=" + q(text), null, null, null);
    for (var r : List.of(get, post)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains(construct).doesNotContain(SECRET);
    }
    assertThat(glc.statusCode()).as(glc.body()).isEqualTo(400);
    assertThat(glc.body()).doesNotContain(SECRET);
    assertThat(state()).isEqualTo(before);
    assertThat(CONTACTS.get()).isZero();
  }

  static Stream<Arguments> hostileUpdates() {
    return Stream.of(
        Arguments.of("LOAD", "LOAD <file://%M> INTO GRAPH <urn:g>"),
        Arguments.of("LOAD", "LOAD <%L>"),
        Arguments.of("LOAD", "LOAD SILENT <%L> INTO GRAPH <urn:g>"),
        Arguments.of("LOAD", "INSERT DATA { <urn:a> <urn:b> 1 } ; LOAD <file://%M>"),
        Arguments.of("SERVICE", "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { SERVICE <%L> { ?s ?p ?o } }"),
        Arguments.of("USING", "INSERT { GRAPH <urn:g> { ?s ?p ?o } } USING <%L> WHERE { ?s ?p ?o }"),
        Arguments.of("USING NAMED", "INSERT { GRAPH <urn:g> { ?s ?p ?o } } USING NAMED <file://%M> WHERE "
            + "{ GRAPH ?g { ?s ?p ?o } }"),
        Arguments.of("file:", "INSERT DATA { GRAPH <file://%M> { <urn:a> <urn:b> 1 } }"),
        Arguments.of("file:", "WITH <file:///tmp/x> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
        Arguments.of("file:", "CREATE GRAPH <file:///tmp/x>"),
        Arguments.of("file:", "COPY <urn:g> TO <file:///tmp/x>"),
        Arguments.of("DROP ALL", "DROP ALL"),
        Arguments.of("CLEAR ALL", "CLEAR ALL"),
        Arguments.of("DROP NAMED", "DROP NAMED"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("hostileUpdates")
  void updatesThatReachOutsideTheStoreAreRefusedAndChangeNothing(String construct, String template)
      throws Exception {
    String text = template.replace("%L", listenerUrl()).replace("%M", marker.toString());
    Map<String, String> before = state();
    var post = http.send("POST", "/api/v0/graph/update", "application/json",
        Http.JSON.writeValueAsBytes(Map.of("query", text)), null);
    var get = http.send("GET", "/api/v0/graph/update?query=" + q(text), null, null, null);
    for (var r : List.of(post, get)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains(construct).doesNotContain(SECRET);
    }
    assertThat(state()).isEqualTo(before);
    assertThat(CONTACTS.get()).isZero();
  }

  @Test
  void anAllowedUpdateStillWorks() throws Exception {
    var r = http.send("POST", "/api/v0/graph/update", "application/json", Http.JSON.writeValueAsBytes(Map.of(
        "query", "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }")), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(ms.selectJson("SELECT * WHERE { GRAPH <urn:g> { ?s ?p ?o } }")).contains("urn:a");
    var drop = http.send("POST", "/api/v0/graph/update", "application/json", Http.JSON.writeValueAsBytes(Map.of(
        "query", "DROP GRAPH <urn:g>")), null);
    assertThat(drop.statusCode()).as(drop.body()).isEqualTo(200);
  }

  @Test
  void updatesByGetAreOffUnlessSwitchedOn() throws Exception {
    try (TestHttp strict = new TestHttp(ms, false)) {
      Map<String, String> before = state();
      var r = strict.send("GET", "/api/v0/graph/update?query=" + q("INSERT DATA { <urn:a> <urn:b> 1 }"), null,
          null, null);
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(state()).isEqualTo(before);
    }
  }

  @Test
  void remoteJsonLdContextsAreNeverFetched() throws Exception {
    Map<String, String> before = state();
    String doc = "{\"@context\": \"" + listenerUrl() + "\", \"@id\": \"urn:x\", \"name\": \"y\"}";
    var put = http.send("PUT", "/subgraph/test/ml/Deployment/ctx", "application/ld+json",
        doc.getBytes(StandardCharsets.UTF_8), null);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
    String fileCtx = "{\"@context\": \"file://" + marker + "\", \"@id\": \"urn:x\", \"name\": \"y\"}";
    var patch = http.send("PATCH", "/api/v0/graph", "application/json", fileCtx.getBytes(StandardCharsets.UTF_8),
        null);
    assertThat(patch.statusCode()).as(patch.body()).isEqualTo(400);
    assertThat(patch.body()).doesNotContain(SECRET);
    assertThat(state()).isEqualTo(before);
    assertThat(CONTACTS.get()).isZero();
  }

  static Stream<Arguments> deepBodies() {
    return Stream.of(
        Arguments.of("text/turtle", "<urn:s> <urn:p> " + "[ <urn:p> ".repeat(50_000) + "1" + " ]".repeat(50_000)
            + " ."),
        Arguments.of("text/turtle", "<urn:s> <urn:p> " + "( ".repeat(50_000) + "1" + " )".repeat(50_000) + " ."),
        Arguments.of("application/ld+json", "{\"@id\": \"urn:s\", \"urn:p\": " + "{\"urn:p\": ".repeat(5_000)
            + "1" + "}".repeat(5_000) + "}"),
        Arguments.of("application/ld+json", "{\"@id\": \"urn:s\", \"urn:p\": " + "[".repeat(20_000) + "1"
            + "]".repeat(20_000) + "}"));
  }

  @ParameterizedTest
  @MethodSource("deepBodies")
  void deeplyNestedBodiesAreRefusedBeforeParsing(String contentType, String body) throws Exception {
    Map<String, String> before = state();
    var r = http.send("PUT", "/subgraph/test/ml/Deployment/deep", contentType, body.getBytes(StandardCharsets.UTF_8),
        null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("nested deeper than 100 levels");
    if (contentType.contains("json")) {
      var p = http.send("PATCH", "/api/v0/graph", "application/json", body.getBytes(StandardCharsets.UTF_8), null);
      assertThat(p.statusCode()).as(p.body()).isEqualTo(400);
      assertThat(p.body()).contains("nested deeper than 100 levels");
    }
    assertThat(state()).isEqualTo(before);
    assertThat(http.send("GET", "/subgraph", null, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void deeplyNestedQueriesAndUpdatesAreRefused() throws Exception {
    List<String> texts = new ArrayList<>(List.of(
        "SELECT * WHERE " + "{ ".repeat(50_000) + "?s ?p ?o" + " }".repeat(50_000),
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(".repeat(50_000) + "?o" + ")".repeat(50_000) + ") }"));
    for (String t : texts) {
      var r = http.send("POST", "/sparql", "application/sparql-query", t.getBytes(StandardCharsets.UTF_8), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("nested deeper than 100 levels");
    }
    var u = http.send("POST", "/api/v0/graph/update", "application/json", Http.JSON.writeValueAsBytes(Map.of(
        "query", "INSERT { ?s ?p ?o } WHERE " + "{ ".repeat(50_000) + "?s ?p ?o" + " }".repeat(50_000))), null);
    assertThat(u.statusCode()).as(u.body()).isEqualTo(400);
    assertThat(u.body()).contains("nested deeper than 100 levels");
    // brackets inside strings, IRIs and comments are not nesting
    String ok = "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"" + "(".repeat(500) + "\") } # " + "{".repeat(500);
    assertThat(http.send("POST", "/sparql", "application/sparql-query", ok.getBytes(StandardCharsets.UTF_8), null)
        .statusCode()).isEqualTo(200);
  }

  /** 400 subjects × 400 subjects: a cross join far larger than any cap. */
  void storeCrossJoinData(int n) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("<urn:s").append(i).append("> <urn:p> \"").append("value-".repeat(3)).append(i).append("\" .\n");
    }
    var r = http.send("PUT", "/subgraph/test/ml/Deployment/big", "application/n-triples",
        sb.toString().getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).isEqualTo(201);
  }

  @Test
  void anAnswerOverTheRowCapIsRefusedBeforeItStarts() throws Exception {
    ms.close();
    http.close();
    ms = MetadataService.open(dir.resolve("tdb2"), new MetadataServiceOptions(1 << 20, Duration.ofSeconds(5), 1000,
        4L << 20));
    http = new TestHttp(ms, true);
    storeCrossJoinData(400);
    var r = http.send("GET", "/sparql?query=" + q("SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }"), null, null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("more than 1000 rows", "LIMIT");
    var c = http.send("GET", "/sparql?query=" + q("CONSTRUCT { ?a ?p ?y } WHERE { ?a ?p ?x . ?b ?q ?y }"), null,
        null, null);
    assertThat(c.statusCode()).as(c.body()).isEqualTo(413);
    assertThat(c.body()).contains("more than 1000 triples");
    var glc = http.send("GET", "/api/v0/graph?query=" + q("SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }"), null, null,
        null);
    assertThat(glc.statusCode()).as(glc.body()).isEqualTo(413);
    assertThat(http.send("GET", "/sparql?query=" + q("SELECT * WHERE { ?a ?p ?x } LIMIT 10"), null, null, null)
        .statusCode()).isEqualTo(200);
    // the service keeps serving
    assertThat(http.send("GET", "/sparql?query=" + q("ASK { ?s ?p ?o }"), null, null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anAnswerThatBreaksALimitAfterItStartedIsCutOffNotCompleted() throws Exception {
    // rows under the cap but bytes over 4 MiB: the first MiB goes out with a 200, then the connection is cut
    storeCrossJoinData(220);
    String raw = rawGet("/sparql?query=" + q("SELECT * WHERE { ?a ?p ?x . ?b ?q ?y }"));
    assertThat(raw).startsWith("HTTP/1.1 200");
    assertThat(raw.toLowerCase()).contains("transfer-encoding: chunked");
    assertThat(raw).doesNotEndWith("\r\n0\r\n\r\n");
    assertThat(raw.length()).isLessThan(5 << 20);
    assertThat(http.send("GET", "/sparql?query=" + q("ASK { ?s ?p ?o }"), null, null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theTimeoutCoversWritingTheAnswer() throws Exception {
    ms.close();
    http.close();
    ms = MetadataService.open(dir.resolve("tdb2"), new MetadataServiceOptions(1 << 20, Duration.ofSeconds(1),
        Long.MAX_VALUE, Long.MAX_VALUE));
    http = new TestHttp(ms, true);
    storeCrossJoinData(1500);
    long t0 = System.nanoTime();
    String raw = rawGet("/sparql?query=" + q("SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"));
    long ms0 = (System.nanoTime() - t0) / 1_000_000;
    boolean refused = raw.startsWith("HTTP/1.1 503");
    boolean cut = raw.startsWith("HTTP/1.1 200") && !raw.endsWith("\r\n0\r\n\r\n");
    assertThat(refused || cut).as(raw.substring(0, Math.min(200, raw.length()))).isTrue();
    assertThat(ms0).as("the answer stopped near its 1 s limit").isLessThan(15_000);
  }

  @Test
  void anUpdateOverItsTimeLimitIsCancelledAndChangesNothing() throws Exception {
    ms.close();
    http.close();
    ms = MetadataService.open(dir.resolve("tdb3"), new MetadataServiceOptions(1 << 20, Duration.ofSeconds(1)));
    http = new TestHttp(ms, true);
    storeCrossJoinData(400);
    Map<String, String> before = state();
    var r = http.send("POST", "/api/v0/graph/update", "application/json", Http.JSON.writeValueAsBytes(Map.of(
        "query", "INSERT { GRAPH <urn:g> { ?a <urn:x> ?z } } WHERE { GRAPH ?g { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }")),
        null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.body()).contains("time limit", "nothing was changed");
    assertThat(state()).isEqualTo(before);
  }

  /** A GET on a raw socket, everything the server sends until it closes (or 20 s pass). */
  String rawGet(String path) throws Exception {
    return io.taskscope.testkit.RawHttp.exchange(http.server.getAddress().getPort(),
        "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  @Test
  void aGroupTooLongForJenasParserIsRefusedWithAReason() throws Exception {
    // short patterns, so that 11,000 of them stay under the SPARQL text limit
    StringBuilder sb = new StringBuilder("PREFIX : <urn:> SELECT * WHERE {\n");
    for (int i = 0; i < 11_000; i++) {
      sb.append("?s :p ?o.\n");
    }
    var r = http.send("POST", "/sparql", "application/sparql-query",
        sb.append('}').toString().getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("too complex for the SPARQL parser").doesNotContain("null");
  }

  @Test
  void aPropertyPathOfThousandsOfStepsIsRefusedNotWalkedByRecursion() throws Exception {
    String text = "PREFIX : <urn:> SELECT * WHERE { ?s " + ":a/".repeat(30_000) + ":b ?o }";
    var r = http.send("POST", "/sparql", "application/sparql-query", text.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("more than 1000 steps");
    String ok = "SELECT * WHERE { ?s " + "<urn:p>/".repeat(500) + "<urn:q> ?o }";
    assertThat(http.send("POST", "/sparql", "application/sparql-query", ok.getBytes(StandardCharsets.UTF_8), null)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void sparqlTextOverItsLimitIsRefusedBeforeParsing() throws Exception {
    String big = "SELECT * WHERE { ?s ?p \"" + "x".repeat(SparqlEndpoint.MAX_SPARQL_CHARS) + "\" }";
    var r = http.send("POST", "/sparql", "application/sparql-query", big.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("over the limit of " + SparqlEndpoint.MAX_SPARQL_CHARS);
    Map<String, String> before = state();
    var u = http.send("POST", "/api/v0/graph/update", "application/json", Http.JSON.writeValueAsBytes(Map.of("query",
        "INSERT DATA { <urn:a> <urn:b> \"" + "x".repeat(SparqlEndpoint.MAX_SPARQL_CHARS) + "\" }")), null);
    assertThat(u.statusCode()).as(u.body()).isEqualTo(413);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void longQueryStringsAreRefused() throws Exception {
    String text = "SELECT * WHERE { ?s ?p \"" + "x".repeat(70_000) + "\" }";
    var r = http.send("GET", "/sparql?query=" + q(text), null, null, null);
    assertThat(r.statusCode()).isIn(400, 413, 414, 431);
  }

  @Test
  void depthScannerIsLinearAndSkipsStringsIrisAndComments() {
    assertThat(Nesting.textProblem("<urn:a> <urn:b> \"\"\"[[[(((\"\"\" . # {{{{", "x")).isNull();
    assertThat(Nesting.textProblem("<urn:a(((((> <urn:b> '''" + "[".repeat(200) + "''' .", "x")).isNull();
    assertThat(Nesting.textProblem("[".repeat(101), "the body")).contains("the body is nested deeper than 100");
    assertThat(Nesting.textProblem("[".repeat(100) + "]".repeat(100), "x")).isNull();
    // a million brackets are scanned, not recursed into
    assertThat(Nesting.textProblem("(".repeat(1_000_000), "x")).isNotNull();
    assertThat(Nesting.jsonProblem("[".repeat(1_000_000).getBytes(StandardCharsets.UTF_8), "x")).isNotNull();
    assertThat(Nesting.jsonProblem("{\"a\": [1, {\"b\": 2}]}".getBytes(StandardCharsets.UTF_8), "x")).isNull();
  }

  @Test
  void parsedGraphsStillRoundTrip() throws Exception {
    var r = http.send("PUT", "/subgraph/test/ml/Deployment/web", "text/turtle",
        "<urn:w> <urn:p> [ <urn:q> ( 1 2 [ <urn:r> 3 ] ) ] .".getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(RdfIo.write(ms.get(new SubgraphId("test/ml/Deployment/web")).orElseThrow(), Lang.NTRIPLES))
        .isNotEmpty();
  }
}
