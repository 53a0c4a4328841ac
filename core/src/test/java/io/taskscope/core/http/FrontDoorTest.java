package io.taskscope.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontDoorTest {
  static final String READER = "reader-token";
  static final String WRITER = "writer-token";
  static final String ADMIN = "admin-token";
  HttpServer server;
  String base;
  final HttpClient client = HttpClient.newHttpClient();

  void start(AccessPolicy policy) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    FrontDoor door = new FrontDoor(server, policy);
    door.route("/graph", Access.builder().role(Role.GRAPH_READER, "GET").role(Role.GRAPH_WRITER, "PUT")
        .allow(Permission.NOT_ALLOWED, "PATCH").build(), ErrorWriter.JSON, ex -> {
          Principal p = FrontDoor.principal();
          byte[] b = (p.label() + " " + p.roles()).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        });
    door.route("/page", Access.builder().role(Role.GRAPH_READER, "GET").tokenCookie().build(), ErrorWriter.TEXT,
        ex -> {
          byte[] b = FrontDoor.principal().label().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        });
    door.route("/open", Access.open("GET"), ErrorWriter.TEXT, ex -> {
      byte[] b = FrontDoor.principal().label().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    });
    door.route("/detail", Access.builder().role(Role.ADMIN, "POST").build(), ErrorWriter.DETAIL,
        ex -> ex.sendResponseHeaders(204, -1));
    door.route("/throw/", Access.open("GET", "PUT"), ErrorWriter.TEXT, ex -> {
      switch (ex.getRequestURI().getPath()) {
        case "/throw/deep" -> recurse(0);
        case "/throw/oom" -> throw new OutOfMemoryError("Java heap space");
        case "/throw/runtime" -> throw new IllegalStateException("secret detail");
        case "/throw/problem" -> sneaky(new Problem(Problem.Kind.CONFLICT, "exists \"already\""));
        case "/throw/error" -> throw new AssertionError("boom");
        case "/throw/midway" -> {
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          out.write("partial line\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
          out.flush();
          throw new IllegalStateException("source failed mid-way");
        }
        case "/throw/aborted" -> {
          ex.sendResponseHeaders(200, 0);
          ex.getResponseBody().write("some rows\n".getBytes(StandardCharsets.UTF_8));
          ex.getResponseBody().flush();
          throw new AbortedResponse("result over the row cap");
        }
        default -> sneaky(new Problem(404, "no"));
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A checked Problem out of an HttpHandler, as a module's own handler interface would throw it. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  static int recurse(int n) {
    return recurse(n + 1) + 1;
  }

  static AccessPolicy tokens() {
    return AccessPolicy.builder()
        .add("grafana", AccessPolicy.sha256Hex(READER), Set.of(Role.GRAPH_READER), "t[0]")
        .add("edge", AccessPolicy.sha256Hex(WRITER), Set.of(Role.GRAPH_WRITER), "t[1]")
        .add("ops", AccessPolicy.sha256Hex(ADMIN), Set.of(Role.ADMIN), "t[2]").build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTokenCookieCountsOnlyOnRoutesThatAcceptIt() throws Exception {
    start(tokens());
    HttpRequest.Builder page = HttpRequest.newBuilder(URI.create(base + "/page"))
        .header("Cookie", "theme=dark; taskscope_token=" + java.net.URLEncoder.encode(READER, StandardCharsets.UTF_8));
    HttpResponse<String> r = client.send(page.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("grafana");
    HttpResponse<String> graph = client.send(HttpRequest.newBuilder(URI.create(base + "/graph"))
        .header("Cookie", "taskscope_token=" + READER).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(graph.statusCode()).isEqualTo(401);
    HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "/page"))
        .header("Cookie", "taskscope_token=%zz").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(401);
  }

  @Test
  void withoutTokensEveryoneIsTheOpenPrincipal() throws Exception {
    start(AccessPolicy.open());
    HttpResponse<String> r = send("PUT", "/graph", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("anonymous [ADMIN]");
    // a token is not even looked at
    assertThat(send("GET", "/graph", "whatever").statusCode()).isEqualTo(200);
    assertThat(send("PATCH", "/graph", null).statusCode()).isEqualTo(405);
  }

  @Test
  void tokensRolesAndTheirAnswers() throws Exception {
    start(tokens());
    HttpResponse<String> r = send("GET", "/graph", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"taskscope\"");
    assertThat(r.body()).isEqualTo("{\"error\":\"authentication required: send Authorization: Bearer <token>\","
        + "\"status\":401}");
    r = send("GET", "/graph", "nope");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown token").doesNotContain("nope");
    assertThat(send("GET", "/graph", READER).body()).isEqualTo("grafana [GRAPH_READER]");
    r = send("PUT", "/graph", READER);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("token grafana may not PUT /graph: needs role graph-writer");
    assertThat(send("PUT", "/graph", WRITER).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/graph", WRITER).statusCode()).isEqualTo(200);
    assertThat(send("PUT", "/graph", ADMIN).statusCode()).isEqualTo(200);
    r = send("PATCH", "/graph", ADMIN);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, PUT");
    // methods not declared need a token (the handler would answer 405); OPTIONS stays open for CORS
    assertThat(send("DELETE", "/graph", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/open", null).body()).isEqualTo("anonymous");
    r = send("POST", "/detail", WRITER);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"detail\":\"token edge may not POST /detail: needs role admin\"}");
    assertThat(send("POST", "/detail", ADMIN).statusCode()).isEqualTo(204);
  }

  @Test
  void everyThrowableBecomesAnAnswerAndTheServerKeepsServing() throws Exception {
    start(AccessPolicy.open());
    HttpResponse<String> r = send("GET", "/throw/deep", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("input is nested too deeply or too complex\n");
    r = send("GET", "/throw/oom", null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("server is short of memory; retry later\n");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    r = send("GET", "/throw/runtime", null);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("internal error\n").doesNotContain("secret");
    assertThat(send("GET", "/throw/error", null).statusCode()).isEqualTo(500);
    r = send("GET", "/throw/problem", null);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("exists \"already\"\n");
    for (int i = 0; i < 3; i++) {
      assertThat(send("GET", "/open", null).statusCode()).isEqualTo(200);
    }
  }

  /** A failure after the status line must not look like a complete answer: no terminating chunk, connection closed. */
  @Test
  void aFailureAfterTheAnswerStartedAbortsTheConnection() throws Exception {
    start(AccessPolicy.open());
    for (String path : new String[] {"/throw/midway", "/throw/aborted"}) {
      String raw = rawGet(path);
      assertThat(raw).startsWith("HTTP/1.1 200").contains("Transfer-encoding: chunked");
      assertThat(raw).as(path).doesNotEndWith("\r\n0\r\n\r\n");
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
    assertThat(send("GET", "/open", null).statusCode()).isEqualTo(200);
  }

  /** Everything the server sends until it closes the connection (or resets it). */
  String rawGet(String path) throws Exception {
    return io.taskscope.testkit.RawHttp.exchange(server.getAddress().getPort(), "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
  }

  @Test
  void thePolicyRejectsATokenHashOrNameUsedTwice() {
    String h = AccessPolicy.sha256Hex("x");
    assertThatThrownBy(() -> AccessPolicy.builder().add("a", h, Set.of(Role.ADMIN), "access.tokens[0]")
        .add("b", h.toUpperCase(), Set.of(Role.GRAPH_READER), "push.tenancy.tenants[0]"))
        .hasMessageContaining("push.tenancy.tenants[0].tokenSha256: the same token hash is used twice")
        .hasMessageContaining("access.tokens[0]");
    assertThatThrownBy(() -> AccessPolicy.builder().add("a", h, Set.of(Role.ADMIN), "t[0]")
        .add("a", AccessPolicy.sha256Hex("y"), Set.of(Role.ADMIN), "t[1]")).hasMessageContaining("used twice");
    assertThatThrownBy(() -> AccessPolicy.builder().add("a", "abc", Set.of(Role.ADMIN), "t[0]"))
        .hasMessageContaining("t[0].tokenSha256: expected the hex SHA-256");
    assertThatThrownBy(() -> AccessPolicy.builder().add("a", h, EnumSet.noneOf(Role.class), "t[0]"))
        .hasMessageContaining("at least one role");
    assertThatThrownBy(() -> Role.parse("root", "t[0].roles")).hasMessageContaining("unknown role \"root\"");
  }

  @Test
  void rolesAndProblemKinds() {
    Principal writer = Principal.of("w", Set.of(Role.GRAPH_WRITER));
    assertThat(writer.has(Role.GRAPH_READER)).isTrue();
    assertThat(writer.has(Role.ADMIN)).isFalse();
    assertThat(writer.has(Role.TENANT)).isFalse();
    assertThat(Principal.of("o", Set.of(Role.ADMIN)).has(Role.TENANT)).isTrue();
    assertThat(Principal.OPEN.isAuthenticatedAdmin()).isFalse();
    assertThat(new Problem(413, "x").kind()).isEqualTo(Problem.Kind.TOO_LARGE);
    assertThat(new Problem(422, "x").kind()).isEqualTo(Problem.Kind.BAD_INPUT);
    assertThat(new Problem(Problem.Kind.OVER_LIMIT, "x").status()).isEqualTo(429);
  }
}
