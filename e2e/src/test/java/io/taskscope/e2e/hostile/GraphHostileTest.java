package io.taskscope.e2e.hostile;

import static io.taskscope.e2e.hostile.Hostile.Expect.status;

import io.taskscope.e2e.hostile.Hostile.Case;
import io.taskscope.e2e.hostile.Hostile.Expect;
import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.testkit.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Metadata Service under attack: the SPARQL sandbox (SERVICE, LOAD, FROM, USING, WITH, file: IRIs, DROP/CLEAR
 * ALL) for every role and on the server without tokens, with the trap listener and the marker file as targets;
 * JSON-LD remote contexts; Turtle, JSON-LD, RDF/XML and SPARQL nesting and parser tricks; subgraph ids; the
 * GLACIATION routes' odd bodies.
 */
@ExtendWith(HostileStack.Ext.class)
class GraphHostileTest {
  static final Duration FAST = Duration.ofSeconds(5);
  static final String[] DEEP = {"nested", "deep", "depth", "100", "complex"};

  record Q(String name, String text, String... words) {}

  static String fileIri() {
    return "file://" + Hostile.stack().markerFile.toAbsolutePath();
  }

  static String trap() {
    return Hostile.stack().trap.url();
  }

  static List<Q> readQueries() {
    String f = "<" + fileIri() + ">";
    String l = "<" + trap() + ">";
    return List.of(
        new Q("SERVICE at the listener", "SELECT * WHERE { SERVICE " + l + " { ?s ?p ?o } }", "SERVICE"),
        new Q("SERVICE SILENT at the listener", "SELECT * WHERE { SERVICE SILENT " + l + " { ?s ?p ?o } }",
            "SERVICE"),
        new Q("SERVICE through a variable", "SELECT * WHERE { BIND(" + l + " AS ?u) SERVICE ?u { ?s ?p ?o } }",
            "SERVICE"),
        new Q("SERVICE at the marker file", "SELECT * WHERE { SERVICE " + f + " { ?s ?p ?o } }", "SERVICE",
            "file"),
        new Q("nested SERVICE in OPTIONAL", "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE " + l + " { ?s ?q ?r } } }"
            + " LIMIT 1", "SERVICE"),
        new Q("FROM the marker file", "SELECT * FROM " + f + " WHERE { ?s ?p ?o }", "FROM", "file"),
        new Q("FROM the listener", "SELECT * FROM " + l + " WHERE { ?s ?p ?o }", "FROM"),
        new Q("FROM NAMED the marker file", "SELECT * FROM NAMED " + f + " WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM", "file"),
        new Q("FROM NAMED the listener", "SELECT * FROM NAMED " + l + " WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        new Q("file: IRI in BIND", "SELECT * WHERE { BIND(" + f + " AS ?x) }", "file"),
        new Q("file: IRI in GRAPH", "SELECT * WHERE { GRAPH " + f + " { ?s ?p ?o } }", "file"),
        new Q("file: IRI as subject (ASK)", "ASK { " + f + " ?p ?o }", "file", "select"),
        new Q("DESCRIBE the marker file", "DESCRIBE " + f, "file", "describe", "select"),
        new Q("CONSTRUCT FROM the marker file", "CONSTRUCT { ?s ?p ?o } FROM " + f + " WHERE { ?s ?p ?o }", "FROM",
            "file", "select"),
        new Q("file: through a PREFIX", "PREFIX f: <file:///etc/> SELECT * WHERE { f:passwd ?p ?o }", "file"),
        new Q("FILE: upper-case scheme", "SELECT * FROM <FILE://" + Hostile.stack().markerFile.toAbsolutePath()
            + "> WHERE { ?s ?p ?o }", "FROM", "file"),
        new Q("file: through BASE", "BASE <file:///> SELECT * WHERE { <etc/passwd> ?p ?o }", "file"),
        new Q("FROM a stored-looking graph name at the listener", "SELECT * FROM <" + trap()
            + "urn:taskscope:subgraph:hostile/seed/small> WHERE { ?s ?p ?o }", "FROM"));
  }

  static List<Q> updates() {
    String f = "<" + fileIri() + ">";
    String l = "<" + trap() + ">";
    String[] dropAll = {"compact", "wipe", "ALL"};
    return List.of(
        new Q("LOAD the marker file", "LOAD " + f, "LOAD"),
        new Q("LOAD the marker file INTO GRAPH", "LOAD " + f + " INTO GRAPH <urn:hostile:loaded>", "LOAD"),
        new Q("LOAD SILENT the marker file", "LOAD SILENT " + f + " INTO GRAPH <urn:hostile:loaded>", "LOAD"),
        new Q("LOAD the listener", "LOAD " + l, "LOAD"),
        new Q("LOAD SILENT the listener", "LOAD SILENT " + l + " INTO GRAPH <urn:hostile:loaded>", "LOAD"),
        new Q("USING the marker file", "INSERT { GRAPH <urn:hostile:ins> { ?s ?p ?o } } USING " + f
            + " WHERE { ?s ?p ?o }", "USING", "file"),
        new Q("USING NAMED the listener", "INSERT { GRAPH <urn:hostile:ins> { ?s ?p ?o } } USING NAMED " + l
            + " WHERE { GRAPH ?g { ?s ?p ?o } }", "USING"),
        new Q("WITH the marker file", "WITH " + f + " INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", "file"),
        new Q("SERVICE in an update", "INSERT { GRAPH <urn:hostile:svc> { ?s ?p ?o } } WHERE { SERVICE " + l
            + " { ?s ?p ?o } }", "SERVICE"),
        new Q("INSERT DATA into a file: graph", "INSERT DATA { GRAPH " + f + " { <urn:a> <urn:b> <urn:c> } }",
            "file"),
        new Q("ADD the marker file", "ADD " + f + " TO <urn:hostile:added>", "file"),
        new Q("COPY the marker file", "COPY " + f + " TO <urn:hostile:copied>", "file"),
        new Q("DROP ALL", "DROP ALL", dropAll),
        new Q("DROP SILENT ALL", "DROP SILENT ALL", dropAll),
        new Q("CLEAR ALL", "CLEAR ALL", dropAll),
        new Q("LOAD then DROP ALL in one request", "LOAD " + f + " ; DROP ALL", "LOAD", "compact", "ALL"));
  }

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The principals the sandbox must hold for: each graph role, and anyone on the server without tokens. */
  static final List<String> SANDBOXED = List.of("reader", "writer", "admin", "open");

  /**
   * Each read query on each of the four query routes, its principal rotating with the query (a Latin square): every
   * route meets every principal across the table, at a quarter of the cases of the full product. The refusal does
   * not depend on the role (the access matrix proves who reaches which route).
   */
  static List<Case> sandbox() {
    List<Case> c = new ArrayList<>();
    List<Q> reads = readQueries();
    for (int i = 0; i < reads.size(); i++) {
      Q q = reads.get(i);
      String enc = Target.enc(q.text());
      String[] v0 = java.util.stream.Stream.concat(Stream.of(q.words()), Stream.of("select", "syntax"))
          .toArray(String[]::new);
      for (int route = 0; route < 4; route++) {
        String who = SANDBOXED.get((i + route) % SANDBOXED.size());
        boolean open = who.equals("open");
        String as = open ? "open (no tokens)" : who;
        c.add(switch (route) {
          case 0 -> new Case("GET /sparql " + q.name() + " as " + as, open,
              t -> t.send("GET", "/sparql?query=" + enc, t.token(who), Map.of(), null), status(400).words(q.words()));
          case 1 -> new Case("POST /sparql " + q.name() + " as " + as, open,
              t -> t.send("POST", "/sparql", t.token(who), "application/sparql-query", q.text()),
              status(400).words(q.words()));
          case 2 -> new Case("POST /sparql (form) " + q.name() + " as " + as, open,
              t -> t.send("POST", "/sparql", t.token(who), "application/x-www-form-urlencoded", "query=" + enc),
              status(400).words(q.words()));
          default -> new Case("GET /api/v0/graph " + q.name() + " as " + as, open,
              t -> t.send("GET", "/api/v0/graph?query=" + enc, t.token(who), Map.of(), null), status(400).words(v0));
        });
      }
    }
    boolean first = true;
    for (Q q : updates()) {
      String body = "{\"query\": " + json(q.text()) + "}";
      for (String who : List.of("writer", "admin", "open")) {
        boolean open = who.equals("open");
        String as = open ? "open (no tokens)" : who;
        c.add(new Case("POST /api/v0/graph/update " + q.name() + " as " + as, open,
            t -> t.send("POST", "/api/v0/graph/update", t.token(who), "application/json", body),
            status(400).words(q.words())));
      }
      c.add(Hostile.sec("POST /api/v0/graph/update " + q.name() + " as reader",
          t -> t.send("POST", "/api/v0/graph/update", t.token("reader"), "application/json", body),
          status(403).words("needs role")));
      if (first) { // the method is refused before the text is looked at: once is enough
        String enc = Target.enc(q.text());
        for (String who : List.of("writer", "open")) {
          boolean open = who.equals("open");
          c.add(new Case("GET /api/v0/graph/update " + q.name() + " as " + (open ? "open (no tokens)" : who), open,
              t -> t.send("GET", "/api/v0/graph/update?query=" + enc, t.token(who), Map.of(), null), status(405)));
        }
        first = false;
      }
      c.add(Hostile.sec("POST /sparql (update) " + q.name() + " as writer",
          t -> t.send("POST", "/sparql", t.token("writer"), "application/sparql-update", q.text()),
          status(400, 415)));
    }
    return c;
  }

  // ------------------------------------------------------------------ RDF bodies

  record Body(String name, String contentType, String body, Expect e) {}

  static String deepJsonLdObject(int n) {
    return "{\"@context\":{\"ex\":\"urn:hostile:\"},\"@id\":\"ex:root\",\"ex:p\":"
        + "{\"ex:p\":".repeat(n) + "\"v\"" + "}".repeat(n) + "}";
  }

  static String deepJsonLdArray(int n) {
    return "{\"@context\":{\"ex\":\"urn:hostile:\"},\"@id\":\"ex:root\",\"ex:p\":" + "[".repeat(n) + "\"v\""
        + "]".repeat(n) + "}";
  }

  static List<Body> jsonLd() {
    String l = trap();
    String f = fileIri();
    String[] ctx = {"context", "remote", "load", "@import"};
    return List.of(
        new Body("remote @context at the listener", "application/ld+json", "{\"@context\":\"" + l
            + "\",\"@id\":\"urn:a\",\"urn:p\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("remote @context list at the listener", "application/ld+json", "{\"@context\":[\"" + l
            + "ctx.jsonld\"],\"@id\":\"urn:a\",\"urn:p\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("@context from the marker file", "application/ld+json", "{\"@context\":\"" + f
            + "\",\"@id\":\"urn:a\",\"urn:p\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("@import of the listener", "application/ld+json", "{\"@context\":{\"@version\":1.1,\"@import\":\""
            + l + "\"},\"@id\":\"urn:a\",\"urn:p\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("@import of the marker file", "application/ld+json", "{\"@context\":{\"@version\":1.1,"
            + "\"@import\":\"" + f + "\"},\"@id\":\"urn:a\",\"urn:p\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("scoped remote context at the listener", "application/ld+json", "{\"@context\":{\"@version\":1.1,"
            + "\"p\":{\"@id\":\"urn:p\",\"@context\":\"" + l + "\"}},\"@id\":\"urn:a\",\"p\":{\"urn:q\":\"v\"}}",
            status(400).words(ctx).within(FAST)),
        new Body("remote @context on the internet", "application/ld+json", "{\"@context\":\"http://schema.org/\","
            + "\"@id\":\"urn:a\",\"name\":\"v\"}", status(400).words(ctx).within(FAST)),
        new Body("objects nested 5,000 deep", "application/ld+json", deepJsonLdObject(5000),
            status(400).words(DEEP).within(FAST)),
        new Body("objects nested 20,000 deep", "application/ld+json", deepJsonLdObject(20_000),
            status(400).words(DEEP).within(FAST)),
        new Body("arrays nested 20,000 deep", "application/ld+json", deepJsonLdArray(20_000),
            status(400).words(DEEP).within(FAST)),
        new Body("@list nested 5,000 deep", "application/ld+json", "{\"@context\":{\"ex\":\"urn:hostile:\"},"
            + "\"@id\":\"ex:root\",\"ex:p\":" + "{\"@list\":[".repeat(5000) + "\"v\"" + "]}".repeat(5000) + "}",
            status(400).words(DEEP).within(FAST)),
        new Body("@graph nested 5,000 deep", "application/ld+json", "{\"@graph\":[".repeat(5000)
            + "{\"@id\":\"urn:a\",\"urn:p\":\"v\"}" + "]}".repeat(5000), status(400).words(DEEP).within(FAST)));
  }

  static List<Body> otherRdf() {
    String f = fileIri();
    String l = trap();
    int n = 50_000;
    String[] parse = {"parse", "syntax", "line", "error", "invalid", "expected"};
    return List.of(
        new Body("Turtle blank nodes nested 50,000 deep", "text/turtle", "<urn:s> <urn:p> " + "[ <urn:p> ".repeat(n)
            + "<urn:o>" + " ]".repeat(n) + " .\n", status(400).words(DEEP).within(FAST)),
        new Body("Turtle collections nested 50,000 deep", "text/turtle", "<urn:s> <urn:p> " + "( ".repeat(n)
            + "<urn:o>" + " )".repeat(n) + " .\n", status(400).words(DEEP).within(FAST)),
        new Body("Turtle blank nodes nested 150 deep", "text/turtle", "<urn:s> <urn:p> " + "[ <urn:p> ".repeat(150)
            + "<urn:o>" + " ]".repeat(150) + " .\n", status(400).words(DEEP)),
        new Body("Turtle unterminated 50,000 nesting", "text/turtle", "<urn:s> <urn:p> " + "[ <urn:p> ".repeat(n),
            status(400).words(DEEP).within(FAST)),
        new Body("Turtle 20,000-digit number then x", "text/turtle", "<urn:s> <urn:p> " + "1".repeat(20_000)
            + "x .\n", status(400).words(parse).within(FAST)),
        new Body("Turtle @prefix of the marker file", "text/turtle", "@prefix m: <" + f + "#> .\n"
            + "m:a m:b m:c .\n", status(200, 201, 400)),
        new Body("N-Triples with an invalid escape", "application/n-triples", "<urn:s> <urn:p> \"\\q\" .\n",
            status(400).words(parse)),
        new Body("N-Triples with a NUL in an IRI", "application/n-triples", "<urn:s\0> <urn:p> \"o\" .\n",
            status(400).words(parse)),
        new Body("RDF/XML external entity of the marker file", "application/rdf+xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"" + f + "\">]>\n"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"urn:hostile:\">"
                + "<rdf:Description rdf:about=\"urn:x\"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>",
            status(400, 415)),
        new Body("RDF/XML external DTD at the listener", "application/rdf+xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"" + l + "x.dtd\">\n"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", status(400, 415)),
        new Body("RDF/XML billion laughs", "application/rdf+xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
            + "<!ENTITY a \"aaaaaaaaaa\">\n" + billion() + "]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
            + "22-rdf-syntax-ns#\" xmlns:ex=\"urn:hostile:\"><rdf:Description rdf:about=\"urn:x\"><ex:p>&i;</ex:p>"
            + "</rdf:Description></rdf:RDF>", status(400, 415).within(FAST)),
        new Body("Thrift garbage", "application/rdf+thrift", "\u0001\u0002garbage\u00ff\u0000".repeat(100),
            status(400).words(parse, "thrift")),
        new Body("HTML", "text/html", "<html><body>x</body></html>", status(415)),
        new Body("an empty Turtle body", "text/turtle", "", status(400).words("no triples", "empty")),
        new Body("TriG with a graph named after the marker file", "application/trig", "<" + f
            + "> { <urn:a> <urn:b> <urn:c> }", status(400, 415)));
  }

  static String billion() {
    StringBuilder sb = new StringBuilder();
    String prev = "a";
    for (char ch = 'b'; ch <= 'i'; ch++) {
      sb.append("<!ENTITY ").append(ch).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">\n");
      prev = String.valueOf(ch);
    }
    return sb.toString();
  }

  static List<Case> bodies() {
    List<Case> c = new ArrayList<>();
    int i = 0;
    for (Body b : jsonLd()) {
      int k = i++;
      for (boolean open : new boolean[] {false, true}) {
        String as = open ? " (open)" : " as writer";
        c.add(new Case("PUT /subgraph JSON-LD " + b.name() + as, open, t -> t.send("PUT",
            "/subgraph/hostile/jsonld/j" + k, t.token("writer"), b.contentType(), b.body()), b.e()));
        c.add(new Case("PATCH /api/v0/graph JSON-LD " + b.name() + as, open, t -> t.send("PATCH",
            "/api/v0/graph", t.token("writer"), "application/json", b.body()), copy(b.e(), 422)));
      }
    }
    for (Body b : otherRdf()) {
      int k = i++;
      for (boolean open : new boolean[] {false, true}) {
        String as = open ? " (open)" : " as writer";
        c.add(new Case("PUT /subgraph " + b.name() + as, open, t -> t.send("PUT", "/subgraph/hostile/rdf/r" + k,
            t.token("writer"), b.contentType(), b.body()), b.e()));
      }
    }
    c.add(Hostile.sec("PUT /subgraph a 17 MB body", t -> t.send("PUT", "/subgraph/hostile/rdf/huge",
        t.token("writer"), "application/n-triples", "<urn:s> <urn:p> \"" + "x".repeat(17 << 20) + "\" .\n"),
        status(413, RawHttp.CLOSED).words("too large", "limit", "bytes")));
    return c;
  }

  /** The same expectation, also allowing FastAPI's 422 for a body it does not take as JSON-LD. */
  static Expect copy(Expect e, int also) {
    Expect x = new Expect();
    x.statuses.addAll(e.statuses);
    x.statuses.add(also);
    x.words.addAll(e.words);
    x.words.add("json");
    x.maxMillis = e.maxMillis;
    return x;
  }

  // ------------------------------------------------------------------ ids, SPARQL parsing, GLACIATION bodies

  static List<Case> idsAndQueries() {
    List<Case> c = new ArrayList<>();
    String[] badId = {"subgraph id", "segment", "invalid", "longer", "not found"};
    record Id(String name, String path) {}
    List<Id> ids = List.of(
        new Id("encoded dot-dot", "/subgraph/%2e%2e/%2e%2e/etc/passwd"),
        new Id("encoded slash", "/subgraph/hostile%2Fenc%2Fx"),
        new Id("nine segments", "/subgraph/a/b/c/d/e/f/g/h/i"),
        new Id("a 2,000-character id", "/subgraph/" + "a".repeat(2000)),
        new Id("a segment starting with a dash", "/subgraph/-x/y"),
        new Id("a space", "/subgraph/a%20b"),
        new Id("a non-ASCII segment", "/subgraph/%C3%A4"),
        new Id("an empty segment", "/subgraph/hostile//x"),
        new Id("a NUL", "/subgraph/hostile/a%00b"),
        new Id("a file: id", "/subgraph/file:%2F%2F%2Fetc%2Fpasswd"));
    for (Id id : ids) {
      // %2F may decode to a '/' of a valid id (the writer may write that id anyway): then 2xx is fine
      int[] ok = id.name().equals("encoded slash") ? new int[] {200, 201, 204, 400, 404, 301, 307}
          : new int[] {400, 404, 301, 307};
      c.add(Hostile.sec("PUT " + id.name() + " as writer", t -> t.send("PUT", id.path(), t.token("writer"),
          "text/turtle", Target.SMALL_TTL), status(ok).words(badId)));
      c.add(Hostile.sec("GET " + id.name() + " as reader", t -> t.send("GET", id.path(), t.token("reader"),
          Map.of(), null), status(ok).words(badId)));
      c.add(Hostile.sec("DELETE " + id.name() + " as writer", t -> t.send("DELETE", id.path(), t.token("writer"),
          Map.of(), null), status(ok).words(badId)));
    }
    for (String[] r : List.of(new String[] {"dot-dot to the status route", "GET /subgraph/../api/v1/status"},
        new String[] {"dot-dot out of the victim", "DELETE /subgraph/hostile/seed/victim/../../../seed/victim/.."},
        new String[] {"dot-dot to compaction", "POST /subgraph/../api/v0/graph/compact"},
        new String[] {"dot-dot to the sparql route", "GET /subgraph/../sparql?query=ASK%7B%7D"})) {
      c.add(Hostile.sec("raw " + r[0] + " as reader", t -> Hostile.raw(t, RawHttp.head(r[1] + " HTTP/1.1",
          t.port(), "Authorization: Bearer " + t.token("reader"), "Content-Length: 0"), Duration.ofSeconds(5)),
          status(RawHttp.CLOSED, 400, 403, 404, 301, 307).state((b, a) -> a.graphs().equals(b.graphs()) ? null
              : "subgraphs changed")
              .without(Hostile.stack().secured.dataDir.toString())));
    }
    c.add(Hostile.sec("GET a subgraph as text/html", t -> t.send("GET", "/subgraph/hostile/seed/small",
        t.token("reader"), Map.of("Accept", "text/html"), null), status(406)));
    int n = 10_000;
    String[] parse = {"syntax", "parse", "line", "encountered", "lexical"};
    record S(String name, String query, Expect e) {}
    List<S> qs = List.of(
        new S("groups nested 10,000 deep", "SELECT * WHERE " + "{ ".repeat(n) + "?s ?p ?o" + " }".repeat(n),
            status(400).words(DEEP).within(FAST)),
        new S("parentheses nested 20,000 deep", "SELECT * WHERE { ?s ?p ?o FILTER(" + "(".repeat(20_000) + "1"
            + ")".repeat(20_000) + ") }", status(400).words(DEEP).within(FAST)),
        new S("OPTIONALs nested 5,000 deep", "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o ".repeat(5000)
            + "}".repeat(5000) + " }", status(400).words(DEEP).within(FAST)),
        new S("sub-selects nested 5,000 deep", "SELECT * WHERE " + "{ SELECT * WHERE ".repeat(5000) + "{ ?s ?p ?o }"
            + " }".repeat(5000), status(400).words(DEEP).within(FAST)),
        // SPARQL takes one sign per operand ("- -1" is a syntax error): nest through parentheses
        new S("unary minus nested 20,000 deep", "SELECT * WHERE { BIND(" + "-(".repeat(20_000) + "1"
            + ")".repeat(20_000) + " AS ?x) }", status(400).words(DEEP).within(FAST)),
        new S("unary minus 20,000 times in a row", "SELECT * WHERE { BIND(" + "-".repeat(20_000) + "1 AS ?x) }",
            status(400).words(parse).within(FAST)),
        new S("a 20,000-digit number then x", "SELECT * WHERE { BIND(" + "1".repeat(20_000) + "x AS ?x) }",
            status(400).words(parse).within(FAST)),
        new S("an unterminated 1 MB string", "SELECT * WHERE { BIND(\"" + "a".repeat(1 << 20) + " AS ?x) }",
            status(413).words("over the limit").within(FAST)),
        new S("an unterminated 100 KB string", "SELECT * WHERE { BIND(\"" + "a".repeat(100_000) + " AS ?x) }",
            status(400).words(parse).within(FAST)),
        new S("an update on the query endpoint", "INSERT DATA { GRAPH <urn:hostile:q> { <urn:a> <urn:b> <urn:c> } }",
            status(400).words(parse, "update", "query")),
        new S("a regex that backtracks", "SELECT * WHERE { BIND(REGEX(\"" + "a".repeat(40) + "!\", \"^(a+)+$\") AS ?x) }",
            status(200, 400, 503).within(Duration.ofSeconds(13))));
    for (S s : qs) {
      c.add(Hostile.sec("POST /sparql " + s.name() + " as reader", t -> t.send("POST", "/sparql", t.token("reader"),
          "application/sparql-query", s.query()), s.e()));
      c.add(Hostile.opn("POST /sparql " + s.name() + " (open)", t -> t.send("POST", "/sparql", null,
          "application/sparql-query", s.query()), s.e()));
    }
    // GLACIATION's routes with odd bodies
    c.add(Hostile.sec("GET /api/v0/graph without a query", t -> t.get("/api/v0/graph", t.token("reader")),
        status(422, 400).words("query")));
    c.add(Hostile.sec("GET /api/v0/graph with an update", t -> t.get("/api/v0/graph?query=" + Target.enc(
        "INSERT DATA { GRAPH <urn:hostile:v0> { <urn:a> <urn:b> <urn:c> } }"), t.token("reader")),
        status(400).words("select", "syntax", "update")));
    c.add(Hostile.sec("POST /api/v0/graph/update with an extra key", t -> t.send("POST", "/api/v0/graph/update",
        t.token("writer"), "application/json", "{\"query\": \"INSERT DATA { GRAPH <urn:hostile:x> { <urn:a> <urn:b> "
            + "<urn:c> } }\", \"graph\": \"" + fileIri() + "\"}"), status(400).words("only")));
    c.add(Hostile.sec("POST /api/v0/graph/update JSON nested 20,000 deep", t -> t.send("POST",
        "/api/v0/graph/update", t.token("writer"), "application/json", "{\"query\":" + "[".repeat(20_000)
            + "]".repeat(20_000) + "}"), status(400, 422).words(DEEP).within(FAST)));
    c.add(Hostile.sec("POST /api/v0/graph/update not JSON", t -> t.send("POST", "/api/v0/graph/update",
        t.token("writer"), "application/json", "LOAD <" + fileIri() + ">"), status(400, 422)));
    c.add(Hostile.sec("PATCH /api/v0/graph not JSON", t -> t.send("PATCH", "/api/v0/graph", t.token("writer"),
        "application/json", "<urn:a> <urn:b> <urn:c> ."), status(422, 400)));
    c.add(Hostile.sec("PATCH /api/v0/graph a JSON array 20,000 deep", t -> t.send("PATCH", "/api/v0/graph",
        t.token("writer"), "application/json", "[".repeat(20_000) + "]".repeat(20_000)),
        status(400, 422).words(DEEP).within(FAST)));
    c.add(Hostile.sec("POST /api/v0/graph/update as writer: DROP GRAPH of a subgraph it may drop is not DROP ALL",
        t -> t.send("POST", "/api/v0/graph/update", t.token("writer"), "application/json",
            "{\"query\": \"DROP SILENT GRAPH <urn:hostile:never-existed>\"}"), status(200)));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> sparqlSandbox() {
    return Hostile.tests(sandbox());
  }

  @TestFactory
  Stream<DynamicTest> rdfBodies() {
    return Hostile.tests(bodies());
  }

  @TestFactory
  Stream<DynamicTest> idsQueriesAndGlaciationBodies() {
    return Hostile.tests(idsAndQueries());
  }
}
