package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.FrontDoor;
import io.taskscope.core.http.Role;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UI behind the real front door with tokens: the login form, the cookie, a tenant's namespaces only. */
class UiAccessTest {
  static final String READER = "reader-token";
  static final String ALICE = "alice token/+=";
  final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    FakeClusterView view = new FakeClusterView()
        .add("""
            apiVersion: sedna.io/v1alpha1
            kind: Model
            metadata: {name: alice-model, namespace: alice-ns}
            """)
        .add("""
            apiVersion: sedna.io/v1alpha1
            kind: Model
            metadata: {name: bob-model, namespace: bob-ns}
            """);
    AccessPolicy policy = AccessPolicy.builder()
        .add("reader", AccessPolicy.sha256Hex(READER), Set.of(Role.GRAPH_READER), "t[0]")
        .add("alice", AccessPolicy.sha256Hex(ALICE), Set.of(Role.TENANT), "t[1]").build();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    new OpsUi(view, Instant::now).scope(p -> p.name().equals("alice") ? Set.of("alice-ns") : null)
        .mount(new FrontDoor(server, policy));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  HttpResponse<String> get(String path, String header, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (header != null) {
      b.header("Authorization", "Bearer " + header);
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenThePageIsTheLoginForm() throws Exception {
    HttpResponse<String> r = get("/ui/?q=model", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<form method=\"post\" action=\"/ui/login\">")
        .contains("name=\"next\" value=\"/ui/?q=model\"").doesNotContain("alice-model");
    assertThat(get("/ui/", null, "taskscope_token=wrong").body()).contains("That token is not known here.");
  }

  @Test
  void loginSetsAStrictHttpOnlyCookieAndRedirectsOnlyInsideTheUi() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(ALICE,
            java.nio.charset.StandardCharsets.UTF_8) + "&next=%2F%2Fevil.example%2F")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui/");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui");
    HttpResponse<String> page = get("/ui/", null, cookie.substring(0, cookie.indexOf(';')));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("alice-model").doesNotContain("bob-model");
  }

  @Test
  void aTenantSeesItsNamespacesAndAReaderSeesAll() throws Exception {
    assertThat(get("/ui/", ALICE, null).body()).contains("alice-model").doesNotContain("bob-model")
        .doesNotContain("bob-ns");
    assertThat(get("/ui/", READER, null).body()).contains("alice-model").contains("bob-model");
    // the cookie is not a credential anywhere else: only routes that opt in read it
    assertThat(get("/ui/", null, "taskscope_token=" + READER).statusCode()).isEqualTo(200);
  }
}
