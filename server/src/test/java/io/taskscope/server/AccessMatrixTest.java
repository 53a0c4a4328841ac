package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.ServerLimits;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.MetadataServiceOptions;
import io.taskscope.push.PushConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role against each endpoint of the port (docs/security.md's table): a push-only TaskScope in process with push
 * tenancy, access tokens and a Metadata Service mounted as {@code serve} mounts it.
 */
class AccessMatrixTest {
  static final String TURTLE = "<urn:a> <urn:b> <urn:c> .\n";
  @TempDir
  Path dir;
  TaskScopeServer server;
  MetadataService metadata;
  String base;
  final HttpClient client = HttpClient.newHttpClient();
  /** Who, by the token they send (null: none). */
  static final Map<String, String> WHO = new LinkedHashMap<>();

  static {
    WHO.put("none", null);
    WHO.put("bad", "not-a-token");
    WHO.put("alice", "alice-token"); // push tenant, namespace alice
    WHO.put("grafana", "grafana-token"); // graph-reader
    WHO.put("edge", "edge-token"); // graph-writer
    WHO.put("ops", "ops-token"); // admin (access block)
    WHO.put("root", "root-token"); // admin (push.tenancy.adminTokenSha256)
  }

  void start(boolean tokens, boolean anonymousMetrics, boolean moreRoutes) throws Exception {
    PushConfig.TenancyConfig tenancy = tokens ? new PushConfig.TenancyConfig(true, AccessPolicy.sha256Hex("root-token"),
        List.of(new PushConfig.TenantConfig("alice", AccessPolicy.sha256Hex("alice-token"), List.of("alice"), null,
            null))) : null;
    ServeConfig.Access access = tokens ? new ServeConfig.Access(anonymousMetrics, List.of(
        new ServeConfig.Access.Token("grafana", AccessPolicy.sha256Hex("grafana-token"), List.of("graph-reader")),
        new ServeConfig.Access.Token("edge", AccessPolicy.sha256Hex("edge-token"), List.of("graph-writer")),
        new ServeConfig.Access.Token("ops", AccessPolicy.sha256Hex("ops-token"), List.of("admin"))))
        : new ServeConfig.Access(null, null);
    Map<String, String> flags = Map.of("data-dir", dir.toString(), "config", "/etc/taskscope/taskscope.yaml",
        "push-store", "postgresql://ts:***@db:5432/ts", "push-only", "true");
    server = TaskScopeServer.startPushOnly("127.0.0.1", 0,
        new TaskScopeServer.PushOptions(new PushConfig(null, "NORMAL", null, null, null, null, tenancy), dir, null,
            false, flags),
        new TaskScopeServer.Front(access, ServerLimits.DEFAULTS, moreRoutes));
    metadata = MetadataService.open(dir.resolve("kg"), MetadataServiceOptions.defaults());
    server.closeWith(metadata);
    metadata.mount(server.http().routes(), false);
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> send(String who, String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (WHO.get(who) != null) {
      b.header("Authorization", "Bearer " + WHO.get(who));
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** One request per principal; {@code expected} lists the status per principal in {@link #WHO}'s order. */
  void row(List<String> failures, String method, String path, String contentType, String body, int... expected)
      throws Exception {
    int i = 0;
    for (String who : WHO.keySet()) {
      HttpResponse<String> r = send(who, method, path, contentType, body);
      if (r.statusCode() != expected[i]) {
        failures.add(who + " " + method + " " + path + ": " + r.statusCode() + " (expected " + expected[i] + ") "
            + r.body().strip());
      }
      i++;
    }
  }

  @Test
  void eachRoleAgainstEachEndpoint() throws Exception {
    start(true, true, false);
    String simplepipe = io.taskscope.testkit.TestData.read("simplepipe/all_types.metrics.json");
    List<String> f = new ArrayList<>();
    //                                                          none bad alice grafana edge ops root
    row(f, "GET", "/-/healthy", null, null,                      200, 200, 200, 200, 200, 200, 200);
    row(f, "GET", "/-/ready", null, null,                        200, 200, 200, 200, 200, 200, 200);
    row(f, "GET", "/metrics", null, null,                        200, 200, 200, 200, 200, 200, 200);
    row(f, "PUT", "/metrics/job/j", null, "x 1\n",               401, 401, 200, 403, 403, 200, 200);
    row(f, "POST", "/metrics/job/j", null, "y 1\n",              401, 401, 200, 403, 403, 200, 200);
    row(f, "DELETE", "/metrics/job/k", null, null,               401, 401, 202, 403, 403, 202, 202);
    row(f, "POST", "/api/v1/simplepipe?job=s", "application/json", simplepipe,
                                                                 401, 401, 200, 403, 403, 200, 200);
    row(f, "GET", "/api/v1/metrics", null, null,                 401, 401, 200, 403, 403, 200, 200);
    row(f, "GET", "/api/v1/status", null, null,                  401, 401, 200, 200, 200, 200, 200);
    row(f, "GET", "/subgraph", null, null,                       401, 401, 403, 200, 200, 200, 200);
    row(f, "PUT", "/subgraph/c1.g1", "text/turtle", TURTLE,      401, 401, 403, 403, 201, 200, 200);
    row(f, "GET", "/subgraph/c1.g1", null, null,                 401, 401, 403, 200, 200, 200, 200);
    row(f, "POST", "/subgraph/c1.g2", "text/turtle", TURTLE,     401, 401, 403, 403, 201, 409, 409);
    row(f, "DELETE", "/subgraph/c1.g2", null, null,              401, 401, 403, 403, 204, 404, 404);
    row(f, "GET", "/sparql?query=" + q("ASK {?s ?p ?o}"), null, null,
                                                                 401, 401, 403, 200, 200, 200, 200);
    row(f, "POST", "/sparql", "application/sparql-query", "ASK {?s ?p ?o}",
                                                                 401, 401, 403, 200, 200, 200, 200);
    row(f, "GET", "/api/v0/graph?query=" + q("SELECT * WHERE {?s ?p ?o} LIMIT 1"), null, null,
                                                                 401, 401, 403, 200, 200, 200, 200);
    row(f, "PATCH", "/api/v0/graph", "application/json", "{\"@id\":\"urn:x\",\"urn:p\":\"v\"}",
                                                                 401, 401, 403, 403, 200, 200, 200);
    row(f, "POST", "/api/v0/graph/update", "application/json",
        "{\"query\":\"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }\"}",
                                                                 401, 401, 403, 403, 200, 200, 200);
    row(f, "GET", "/api/v0/graph/update?query=" + q("DROP GRAPH <urn:g>"), null, null,
                                                                 405, 405, 405, 405, 405, 405, 405);
    row(f, "POST", "/api/v0/graph/compact", null, null,          401, 401, 403, 403, 403, 200, 200);
    row(f, "GET", "/no/such/path", null, null,                   404, 404, 404, 404, 404, 404, 404);
    row(f, "PUT", "/api/v1/admin/wipe", null, null,              401, 401, 403, 403, 403, 202, 202);
    assertThat(f).isEmpty();
    assertThat(metadata.exists(new io.taskscope.kg.SubgraphId("c1.g1"))).isTrue();
  }

  @Test
  void statusShowsPathsOnlyToAnAdmin() throws Exception {
    start(true, true, false);
    String admin = send("ops", "GET", "/api/v1/status", null, null).body();
    assertThat(admin).contains(dir.toString()).contains("/etc/taskscope/taskscope.yaml").contains("db:5432");
    for (String who : List.of("alice", "grafana", "edge")) {
      String body = send(who, "GET", "/api/v1/status", null, null).body();
      assertThat(body).as(who).doesNotContain(dir.toString()).doesNotContain("taskscope.yaml")
          .doesNotContain("db:5432").contains("<redacted: admin only>").contains("\"push-only\":\"true\"");
    }
  }

  @Test
  void withoutTokensEverythingIsOpenAsBeforeButPathsStayHidden() throws Exception {
    start(false, true, false);
    assertThat(send("none", "PUT", "/metrics/job/j", null, "x 1\n").statusCode()).isEqualTo(200);
    assertThat(send("none", "PUT", "/subgraph/c1.g1", "text/turtle", TURTLE).statusCode()).isEqualTo(201);
    assertThat(send("none", "GET", "/subgraph", null, null).statusCode()).isEqualTo(200);
    assertThat(send("none", "POST", "/api/v0/graph/compact", null, null).statusCode()).isEqualTo(200);
    // a token is ignored when none is configured
    assertThat(send("grafana", "DELETE", "/subgraph/c1.g1", null, null).statusCode()).isEqualTo(204);
    // wiping still needs --enable-admin-api
    assertThat(send("none", "PUT", "/api/v1/admin/wipe", null, null).statusCode()).isEqualTo(404);
    String status = send("none", "GET", "/api/v1/status", null, null).body();
    assertThat(status).doesNotContain(dir.toString()).contains("<redacted: admin only>");
    assertThat(TaskScopeServer.openPortWarning("0.0.0.0", server.http().policy())).contains("event=open_port");
    assertThat(TaskScopeServer.openPortWarning("127.0.0.1", server.http().policy())).isNull();
  }

  @Test
  void metricsCanNeedAToken() throws Exception {
    start(true, false, false);
    assertThat(send("none", "GET", "/metrics", null, null).statusCode()).isEqualTo(401);
    assertThat(send("grafana", "GET", "/metrics", null, null).statusCode()).isEqualTo(200);
    assertThat(send("none", "GET", "/-/healthy", null, null).statusCode()).isEqualTo(200);
    assertThat(TaskScopeServer.openPortWarning("0.0.0.0", server.http().policy())).isNull();
  }

  @Test
  void readyWaitsForEveryRoute() throws Exception {
    start(false, true, true);
    HttpResponse<String> r = send("none", "GET", "/-/ready", null, null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("routes are being mounted");
    server.routesComplete();
    assertThat(send("none", "GET", "/-/ready", null, null).statusCode()).isEqualTo(200);
  }
}
