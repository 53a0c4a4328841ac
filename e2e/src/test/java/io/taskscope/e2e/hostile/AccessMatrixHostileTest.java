package io.taskscope.e2e.hostile;

import static io.taskscope.e2e.hostile.Hostile.Expect.status;

import io.taskscope.e2e.hostile.Hostile.Case;
import io.taskscope.e2e.hostile.Hostile.Expect;
import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.testkit.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each principal (no token, an unknown token, tenants alice and bob, graph-reader, graph-writer, admin) against each
 * route and method of the contract's route table, on the server with tokens: 401 without a valid token (with
 * {@code WWW-Authenticate}), 403 naming the role for a known token without it, 2xx for the right role; a rejection
 * changes nothing.
 */
@ExtendWith(HostileStack.Ext.class)
class AccessMatrixHostileTest {
  static final String[] DENIED_WORDS = {"needs role", "may not", "does not own", "not a push tenant",
      "another tenant", "admin"};
  static final String[] UNAUTH_WORDS = {"authentication", "token", "unauthorized"};

  /** A route and method: how to call it as {@code who}, and what {@code who} gets. */
  record Route(String name, Function<String, Function<Target, Answer>> call, Function<String, int[]> expected) {}

  static boolean tenant(String who) {
    return who.equals("alice") || who.equals("bob");
  }

  static boolean graph(String who) {
    return who.equals("reader") || who.equals("writer") || who.equals("admin");
  }

  static boolean anon(String who) {
    return who.equals("none") || who.equals("bad");
  }

  /** Open routes: 200 for everyone (an unknown token may be refused there too). */
  static int[] open(String who) {
    return who.equals("bad") ? new int[] {200, 401} : new int[] {200};
  }

  /** Push routes writing namespace {@code owner}: the owning tenant and admin succeed with {@code ok}. */
  static Function<String, int[]> pushTo(String owner, int ok) {
    return who -> anon(who) ? new int[] {401} : who.equals(owner) || who.equals("admin") ? new int[] {ok}
        : new int[] {403};
  }

  static Function<String, int[]> graphRole(String least, int... ok) {
    return who -> {
      if (anon(who)) {
        return new int[] {401};
      }
      boolean allowed = switch (least) {
        case "reader" -> graph(who);
        case "writer" -> who.equals("writer") || who.equals("admin");
        default -> who.equals("admin");
      };
      return allowed ? ok : new int[] {403};
    };
  }

  static Function<String, Function<Target, Answer>> call(String method, Function<String, String> path,
      String contentType, String body) {
    return who -> t -> t.send(method, path.apply(who), t.token(who), contentType, body);
  }

  static final String TEXT = "# TYPE matrix_metric gauge\nmatrix_metric 1\n";
  static final String SIMPLEPIPE = "[{\"name\":\"matrix_sp\",\"description\":\"d\",\"value\":1,"
      + "\"metric_type\":\"gauge\"}]";
  static final String JSONLD = "{\"@context\":{\"ex\":\"urn:hostile:\"},\"@id\":\"ex:matrix\",\"ex:p\":\"v\"}";

  static List<Route> routes() {
    List<Route> r = new ArrayList<>();
    r.add(new Route("GET /-/healthy", call("GET", w -> "/-/healthy", null, null), AccessMatrixHostileTest::open));
    r.add(new Route("HEAD /-/ready", call("HEAD", w -> "/-/ready", null, null), AccessMatrixHostileTest::open));
    r.add(new Route("GET /metrics", call("GET", w -> "/metrics", null, null), AccessMatrixHostileTest::open));
    r.add(new Route("DELETE /metrics", call("DELETE", w -> "/metrics", null, null),
        w -> anon(w) ? new int[] {401, 405} : new int[] {405}));
    r.add(new Route("PUT /metrics/job/J/namespace/alice",
        call("PUT", w -> "/metrics/job/m-" + w + "/namespace/alice", "text/plain", TEXT), pushTo("alice", 200)));
    r.add(new Route("POST /metrics/job/J/namespace/alice",
        call("POST", w -> "/metrics/job/p-" + w + "/namespace/alice", "text/plain", TEXT), pushTo("alice", 200)));
    r.add(new Route("PUT /metrics/job/J/namespace/bob",
        call("PUT", w -> "/metrics/job/m-" + w + "/namespace/bob", "text/plain", TEXT), pushTo("bob", 200)));
    r.add(new Route("DELETE /metrics/job/J/namespace/alice",
        call("DELETE", w -> "/metrics/job/gone-" + w + "/namespace/alice", null, null), pushTo("alice", 202)));
    r.add(new Route("DELETE alice's victim group", call("DELETE", w -> "/metrics/job/victim/namespace/alice", null,
        null), w -> anon(w) ? new int[] {401} : w.equals("alice") || w.equals("admin") ? null : new int[] {403}));
    r.add(new Route("POST /api/v1/simplepipe (alice)",
        call("POST", w -> "/api/v1/simplepipe?job=sp-" + w + "&label=namespace=alice", "application/json",
            SIMPLEPIPE), pushTo("alice", 200)));
    r.add(new Route("GET /api/v1/metrics", call("GET", w -> "/api/v1/metrics", null, null),
        w -> anon(w) ? new int[] {401} : tenant(w) || w.equals("admin") ? new int[] {200} : new int[] {403}));
    r.add(new Route("GET /api/v1/status", call("GET", w -> "/api/v1/status", null, null),
        w -> anon(w) ? new int[] {401} : new int[] {200}));
    r.add(new Route("PUT /api/v1/admin/wipe", call("PUT", w -> "/api/v1/admin/wipe", null, null),
        w -> anon(w) ? new int[] {401} : w.equals("admin") ? null : new int[] {403}));
    r.add(new Route("GET /subgraph", call("GET", w -> "/subgraph", null, null), graphRole("reader", 200)));
    r.add(new Route("GET /subgraph/{id}", call("GET", w -> "/subgraph/hostile/seed/small", null, null),
        graphRole("reader", 200)));
    r.add(new Route("HEAD /subgraph/{id}", call("HEAD", w -> "/subgraph/hostile/seed/small", null, null),
        graphRole("reader", 200)));
    r.add(new Route("PUT /subgraph/{id}", call("PUT", w -> "/subgraph/hostile/matrix/put-" + w, "text/turtle",
        Target.SMALL_TTL), graphRole("writer", 200, 201)));
    r.add(new Route("POST /subgraph/{id}", call("POST", w -> "/subgraph/hostile/matrix/post-" + w, "text/turtle",
        Target.SMALL_TTL), graphRole("writer", 201)));
    r.add(new Route("DELETE /subgraph/{id} (absent)", call("DELETE", w -> "/subgraph/hostile/matrix/none-" + w,
        null, null), graphRole("writer", 404)));
    r.add(new Route("DELETE /subgraph/hostile/seed/victim", call("DELETE", w -> "/subgraph/hostile/seed/victim",
        null, null), w -> anon(w) ? new int[] {401} : w.equals("writer") || w.equals("admin") ? null
            : new int[] {403}));
    r.add(new Route("GET /sparql", call("GET", w -> "/sparql?query=" + Target.enc("ASK { ?s ?p ?o }"), null, null),
        graphRole("reader", 200)));
    r.add(new Route("POST /sparql", call("POST", w -> "/sparql", "application/sparql-query",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), graphRole("reader", 200)));
    r.add(new Route("GET /api/v0/graph", call("GET", w -> "/api/v0/graph?query="
        + Target.enc("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), null, null), graphRole("reader", 200)));
    r.add(new Route("PATCH /api/v0/graph", call("PATCH", w -> "/api/v0/graph", "application/json", JSONLD),
        graphRole("writer", 200)));
    r.add(new Route("POST /api/v0/graph/update", call("POST", w -> "/api/v0/graph/update", "application/json",
        null), graphRole("writer", 200)));
    r.add(new Route("GET /api/v0/graph/update", call("GET", w -> "/api/v0/graph/update?query="
        + Target.enc("INSERT DATA { GRAPH <urn:hostile:getupdate> { <urn:a> <urn:b> <urn:c> } }"), null, null),
        w -> anon(w) ? new int[] {401, 405} : new int[] {405}));
    r.add(new Route("POST /api/v0/graph/compact", call("POST", w -> "/api/v0/graph/compact", null, null),
        graphRole("admin", 200)));
    r.add(new Route("GET /no/such/path", call("GET", w -> "/no/such/path", null, null), w -> new int[] {404}));
    return r;
  }

  static String updateBody(String who) {
    return "{\"query\": \"INSERT DATA { GRAPH <urn:hostile:matrix:" + who + "> { <urn:a> <urn:b> <urn:c> } }\"}";
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    HostileStack st = Hostile.stack();
    for (Route r : routes()) {
      for (String who : HostileStack.WHO) {
        int[] statuses = r.expected().apply(who);
        if (statuses == null) {
          continue; // allowed and destructive (wipe, deleting the victims): not run for the right role
        }
        Function<Target, Answer> action = r.name().equals("POST /api/v0/graph/update")
            ? t -> t.send("POST", "/api/v0/graph/update", t.token(who), "application/json", updateBody(who))
            : r.call().apply(who);
        Expect e = status(statuses);
        if (statuses.length == 1 && statuses[0] == 403) {
          e.words(DENIED_WORDS);
        } else if (statuses.length == 1 && statuses[0] == 401) {
          e.words(UNAUTH_WORDS);
        }
        if (statuses[0] / 100 == 2 || statuses.length > 1 && statuses[1] / 100 == 2) {
          e.changes();
        }
        if (r.name().equals("GET /api/v1/metrics")) {
          // the other tenant's namespace must not show (metric names alone prove nothing: a tenant may reuse them)
          if (who.equals("alice")) {
            e.without("bob-secret-job", "bob_secret_metric", TenancyHostileTest.BOB_NS);
          } else if (who.equals("bob")) {
            e.without(TenancyHostileTest.ALICE_NS);
          }
        }
        if (r.name().equals("GET /api/v1/status") && !who.equals("admin")) {
          Target sec = st.secured;
          e.without(sec.dataDir.toString(), sec.config.toString(), sec.config.getParent().toString());
        }
        if (r.name().equals("GET /api/v1/status") && who.equals("admin")) {
          Target sec = st.secured;
          e.answer(a -> a.body().contains(sec.config.toString()) ? null
              : "admin's /api/v1/status should show the config path " + sec.config + ": " + a);
        }
        out.add(Hostile.sec(r.name() + " as " + who, action, e));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> eachRoleAgainstEachRoute() {
    return Hostile.tests(cases());
  }

  /** Authorization header tricks: none of them may authenticate as someone else or crash the server. */
  static List<Case> headerTricks() {
    List<Case> out = new ArrayList<>();
    String admin = HostileStack.TOKENS.get("admin");
    String alice = HostileStack.TOKENS.get("alice");
    String path = "/metrics/job/authtrick/namespace/bob";
    String body = "authtrick 1\n";
    record Trick(String name, String header, int[] statuses) {}
    List<Trick> tricks = List.of(
        new Trick("Basic with the admin token as password", "Basic " + java.util.Base64.getEncoder()
            .encodeToString(("admin:" + admin).getBytes()), new int[] {401}),
        new Trick("Basic with the admin token as user", "Basic " + java.util.Base64.getEncoder()
            .encodeToString((admin + ":").getBytes()), new int[] {401}),
        new Trick("the token without a scheme", admin, new int[] {401}),
        new Trick("Bearer with an empty token", "Bearer ", new int[] {401}),
        new Trick("Bearer alone", "Bearer", new int[] {401}),
        new Trick("the SHA-256 of the admin token", "Bearer " + HostileStack.sha256(admin), new int[] {401}),
        new Trick("the admin token with a suffix", "Bearer " + admin + "x", new int[] {401}),
        new Trick("a prefix of the admin token", "Bearer " + admin.substring(0, admin.length() - 1),
            new int[] {401}),
        new Trick("the admin token upper-cased", "Bearer " + admin.toUpperCase(), new int[] {401}),
        new Trick("two tokens in one header", "Bearer " + alice + ", Bearer " + admin, new int[] {400, 401, 403}),
        new Trick("a token list", "Bearer " + alice + " " + admin, new int[] {400, 401, 403}),
        new Trick("lower-case scheme (alice)", "bearer " + alice, new int[] {401, 403}),
        new Trick("two spaces before alice's token", "Bearer  " + alice, new int[] {401, 403}),
        new Trick("a tab before alice's token", "Bearer\t" + alice, new int[] {400, 401, 403}),
        new Trick("a 10 KB token", "Bearer " + "a".repeat(10_000), new int[] {401, 400, 431, RawHttp.CLOSED}),
        new Trick("Digest scheme", "Digest username=\"admin\", response=\"" + admin + "\"", new int[] {401}),
        new Trick("a token with a NUL byte", "Bearer " + admin + "%00", new int[] {401}));
    for (Trick tr : tricks) {
      Expect e = status(tr.statuses()).words(UNAUTH_WORDS[0], UNAUTH_WORDS[1], "does not own", "needs role",
          "bad request", "header");
      out.add(Hostile.sec("Authorization: " + tr.name() + " pushing into bob's namespace",
          t -> t.send("PUT", path, null, Map.of("Authorization", tr.header(), "Content-Type", "text/plain"),
              Hostile.utf8(body)), e));
    }
    // two Authorization headers (alice, then admin; and the other way round): never admin's rights for alice
    for (boolean aliceFirst : new boolean[] {true, false}) {
      String first = aliceFirst ? alice : admin;
      String second = aliceFirst ? admin : alice;
      out.add(Hostile.sec("two Authorization headers, " + (aliceFirst ? "alice first" : "admin first"),
          t -> Hostile.raw(t, RawHttp.concat(RawHttp.head("PUT " + path + " HTTP/1.1", t.port(),
              "Authorization: Bearer " + first, "Authorization: Bearer " + second, "Content-Type: text/plain",
              "Content-Length: " + body.length()), Hostile.utf8(body)), java.time.Duration.ofSeconds(5)),
          // admin first: the sender holds the admin token, so admin's rights are no escalation
          aliceFirst ? status(400, 401, 403, RawHttp.CLOSED) : status(200, 400, 401, 403, RawHttp.CLOSED)));
    }
    // obsolete line folding of the header value
    out.add(Hostile.sec("Authorization folded over two lines",
        t -> Hostile.raw(t, RawHttp.concat(RawHttp.head("PUT " + path + " HTTP/1.1", t.port(),
            "Authorization: Bearer", " " + admin, "Content-Type: text/plain",
            "Content-Length: " + body.length()), Hostile.utf8(body)), java.time.Duration.ofSeconds(5)),
        // RFC 9112 lets a server unfold (replace the fold by a space): then it is the admin's own token
        status(200, 400, 401, RawHttp.CLOSED)));
    // a proxy-style header must not count as a credential
    out.add(Hostile.sec("Proxy-Authorization with the admin token",
        t -> t.send("PUT", path, null, Map.of("Proxy-Authorization", "Bearer " + admin,
            "Content-Type", "text/plain"), Hostile.utf8(body)), status(401).words(UNAUTH_WORDS)));
    out.add(Hostile.sec("X-Forwarded-User admin without a token",
        t -> t.send("PUT", path, null, Map.of("X-Forwarded-User", "admin", "X-Remote-User", "ops",
            "Content-Type", "text/plain"), Hostile.utf8(body)), status(401).words(UNAUTH_WORDS)));
    out.add(Hostile.sec("a token in the query string",
        t -> t.send("PUT", path + "?access_token=" + admin, null, "text/plain", body),
        status(401, 400, 404).words(UNAUTH_WORDS)));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> authorizationHeaderTricks() {
    return Hostile.tests(headerTricks());
  }
}
