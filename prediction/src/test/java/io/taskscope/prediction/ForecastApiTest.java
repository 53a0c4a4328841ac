package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.FrontDoor;
import io.taskscope.core.http.Role;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routes behind the real front door, on a loopback JDK server, with tokens for each role. */
class ForecastApiTest {
  static final String ID = "edge-dc-1/default/Deployment/web/cpu_usage";
  static final String READER = "reader-token";
  static final String WRITER = "writer-token";
  static final String ADMIN = "admin-token";
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeForecasts forecasts = new FakeForecasts();
  final HttpClient client = HttpClient.newHttpClient();
  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    StoredForecast f = FakeForecasts.forecast(ID, "cpu_usage", "ets", Duration.ofHours(1), 48, 24);
    f.history()[3] = Double.NaN;
    forecasts.put(f).put(FakeForecasts.forecast("edge-dc-1/default/Deployment/db/mem_usage", "mem_usage", "naive",
        Duration.ofMinutes(30), 10, 4));
    forecasts.lastRun = FakeForecasts.finishedRun(7, FakeForecasts.outcome(ID, RunReport.Outcome.OK, null),
        FakeForecasts.outcome("edge-dc-1/default/Deployment/db/mem_usage", RunReport.Outcome.FAILED,
            "prometheus unavailable"));
    AccessPolicy policy = AccessPolicy.builder()
        .add("reader", AccessPolicy.sha256Hex(READER), Set.of(Role.GRAPH_READER), "t[0]")
        .add("writer", AccessPolicy.sha256Hex(WRITER), Set.of(Role.GRAPH_WRITER), "t[1]")
        .add("admin", AccessPolicy.sha256Hex(ADMIN), Set.of(Role.ADMIN), "t[2]").build();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    ForecastApi.mount(new FrontDoor(server, policy), forecasts);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, READER);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  @Test
  void listsTargetsWithTheLastRun() throws Exception {
    HttpResponse<String> r = get("/api/v1/forecasts");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.path("targets")).hasSize(2);
    JsonNode web = n.path("targets").get(1);
    assertThat(web.path("id").asText()).isEqualTo(ID);
    assertThat(web.path("metric").asText()).isEqualTo("cpu_usage");
    assertThat(web.path("model").asText()).isEqualTo("ets");
    assertThat(web.path("createdAt").asText()).isEqualTo("2026-12-01T00:01:00Z");
    assertThat(web.path("state").path("outcome").asText()).isEqualTo("ok");
    assertThat(n.path("targets").get(0).path("state").path("reason").asText()).isEqualTo("prometheus unavailable");
    JsonNode last = n.path("lastRun");
    assertThat(last.path("id").asLong()).isEqualTo(7);
    assertThat(last.path("trigger").asText()).isEqualTo("schedule");
    assertThat(last.path("state").asText()).isEqualTo("PARTIAL");
    assertThat(last.path("started").asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(last.path("finished").asText()).isEqualTo("2026-12-01T00:00:42Z");
    assertThat(last.path("counts").path("ok").asInt()).isEqualTo(1);
    assertThat(last.path("counts").path("failed").asInt()).isEqualTo(1);
    assertThat(last.path("counts").path("skipped").asInt()).isZero();
    assertThat(last.path("problems")).hasSize(1);
    assertThat(last.path("problems").get(0).path("outcome").asText()).isEqualTo("failed");
    assertThat(last.path("problems").get(0).path("reason").asText()).isEqualTo("prometheus unavailable");
    assertThat(n.path("running").isNull()).isTrue();
  }

  @Test
  void servesOneForecastWithItsState() throws Exception {
    HttpResponse<String> r = get("/api/v1/forecasts/" + ID);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.path("target").path("id").asText()).isEqualTo(ID);
    assertThat(n.path("model").asText()).isEqualTo("ets");
    assertThat(n.path("history").path("values").get(3).isNull()).isTrue(); // NaN
    assertThat(n.path("forecast").path("point")).hasSize(24);
    assertThat(n.path("state").path("outcome").asText()).isEqualTo("ok");
    // the rest is ForecastJson's form as it is: it reads back
    String withoutState = ((com.fasterxml.jackson.databind.node.ObjectNode) n).without("state").toString();
    assertThat(ForecastJson.read(withoutState).point()).containsExactly(forecasts.stored.get(ID).point());
  }

  @Test
  void withoutAKnownStateThereIsNoStateField() throws Exception {
    forecasts.lastRun = null;
    JsonNode n = json(get("/api/v1/forecasts/" + ID));
    assertThat(n.has("state")).isFalse();
    assertThat(n.path("target").path("id").asText()).isEqualTo(ID);
  }

  @Test
  void unknownTargetIs404NamingIt() throws Exception {
    HttpResponse<String> r = get("/api/v1/forecasts/edge-dc-1/default/Deployment/nope/cpu_usage");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode n = json(r);
    assertThat(n.path("status").asInt()).isEqualTo(404);
    assertThat(n.path("error").asText()).contains("edge-dc-1/default/Deployment/nope/cpu_usage");
    assertThat(get("/api/v1/forecasts/edge-dc-1/nope/chart.svg").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/forecastsX").statusCode()).isEqualTo(404);
  }

  @Test
  void implausibleIdsAre400() throws Exception {
    for (String path : new String[] {"/api/v1/forecasts/a//b", "/api/v1/forecasts/a/b%01c", "/api/v1/forecasts/a/%0a",
        "/api/v1/forecasts/a/b/", "/api/v1/forecasts/" + "x".repeat(1025), "/api/v1/forecasts//chart.svg",
        "/prediction/a//b", "/prediction/" + "y".repeat(1100)}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
    }
    HttpResponse<String> r = get("/api/v1/forecasts/a/%7f");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).contains("control character");
  }

  @Test
  void chartIsWellFormedSvg() throws Exception {
    HttpResponse<String> r = get("/api/v1/forecasts/" + ID + "/chart.svg");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(ForecastChartTest.parse(r.body()).getDocumentElement().getLocalName()).isEqualTo("svg");
  }

  @Test
  void postRunStartsOneRunAndConflictsWhileItRuns() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/forecasts/run", WRITER);
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode run = json(r);
    assertThat(run.path("id").asLong()).isEqualTo(8);
    assertThat(run.path("state").asText()).isEqualTo("RUNNING");
    assertThat(run.path("trigger").asText()).isEqualTo("api");
    assertThat(run.path("finished").isNull()).isTrue();
    HttpResponse<String> again = send("POST", "/api/v1/forecasts/run?target=" + ID, ADMIN);
    assertThat(again.statusCode()).isEqualTo(409);
    JsonNode c = json(again);
    assertThat(c.path("status").asInt()).isEqualTo(409);
    assertThat(c.path("run").path("id").asLong()).isEqualTo(8);
    assertThat(forecasts.runRequests).containsExactly("api:null", "api:" + ID);
    assertThat(json(get("/api/v1/forecasts")).path("running").path("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void postRunForOneTarget() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/forecasts/run?target=" + ID.replace("/", "%2F"), WRITER);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("targetFilter").asText()).isEqualTo(ID);
    assertThat(forecasts.runRequests).containsExactly("api:" + ID);
  }

  @Test
  void postRunRejectsBadParameters() throws Exception {
    for (String q : new String[] {"?tagret=x", "?target=a//b", "?target=", "?target=a/b&target=c/d", "?target=a%2F%2Fb",
        "?target=a%01"}) {
      HttpResponse<String> r = send("POST", "/api/v1/forecasts/run" + q, WRITER);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(json(r).path("status").asInt()).isEqualTo(400);
    }
    assertThat(forecasts.runRequests).isEmpty();
  }

  @Test
  void rolesAndMethods() throws Exception {
    assertThat(send("POST", "/api/v1/forecasts/run", READER).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/forecasts", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/forecasts", WRITER).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/prediction/" + ID, ADMIN).statusCode()).isEqualTo(200);
    HttpResponse<String> put = send("PUT", "/api/v1/forecasts/" + ID, ADMIN);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    assertThat(json(put).path("status").asInt()).isEqualTo(405);
    HttpResponse<String> delete = send("DELETE", "/prediction/" + ID, ADMIN);
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(json(delete).has("detail")).isTrue();
    // POST elsewhere than /run: 405 from the handler, naming the one POST route
    HttpResponse<String> post = send("POST", "/api/v1/forecasts/" + ID, WRITER);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(json(post).path("error").asText()).contains("/api/v1/forecasts/run");
    assertThat(forecasts.runRequests).isEmpty();
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    HttpResponse<String> r = send("HEAD", "/api/v1/forecasts/" + ID, READER);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void upstreamPredictionShape() throws Exception {
    HttpResponse<String> r = get("/prediction/" + ID);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.path("metricId").asText()).isEqualTo(ID);
    assertThat(n.path("timeseries")).hasSize(48);
    assertThat(n.path("timeseries").get(3).isNull()).isTrue();
    assertThat(n.path("forecasting_values")).hasSize(24);
    assertThat(n.path("forecasting_values").get(0).asDouble()).isEqualTo(10);
    assertThat(n.path("forecasting_upper_bounds").get(0).asDouble()).isEqualTo(12);
    assertThat(n.path("forecasting_lower_bounds").get(0).asDouble()).isEqualTo(8);
    assertThat(n.path("forecasting_model").asText()).isEqualTo("ets");
    assertThat(n.path("forecasting_period").isInt()).isTrue();
    assertThat(n.path("forecasting_period").asInt()).isEqualTo(24);
    assertThat(n.path("time")).hasSize(24);
    assertThat(n.path("time").get(0).asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(n.path("time").get(1).asText()).isEqualTo("2026-12-01T01:00:00Z");
    assertThat(n.path("aggregation_interval").isInt()).isTrue();
    assertThat(n.path("aggregation_interval").asInt()).isEqualTo(3600);
  }

  @Test
  void upstreamErrorsAreDetail() throws Exception {
    HttpResponse<String> r = get("/prediction/no/such/metric");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("detail").asText()).contains("no/such/metric");
    assertThat(json(get("/prediction/a/%00")).path("detail").asText()).contains("control character");
    assertThat(get("/prediction").statusCode()).isEqualTo(404);
    assertThat(get("/prediction/").statusCode()).isEqualTo(404);
    assertThat(get("/predictionX/" + ID).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/prediction/" + ID, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aFailingServiceIsA500WithoutInternals() throws Exception {
    forecasts.failReads = new IllegalStateException("disk on fire at /var/lib/secret");
    HttpResponse<String> r = get("/api/v1/forecasts/" + ID);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("secret");
    assertThat(json(r).path("status").asInt()).isEqualTo(500);
    HttpResponse<String> u = get("/prediction/" + ID);
    assertThat(u.statusCode()).isEqualTo(500);
    assertThat(json(u).has("detail")).isTrue();
  }

  @Test
  void streamedJsonParsesAsAWhole() throws Exception {
    for (int i = 0; i < 300; i++) {
      forecasts.put(FakeForecasts.forecast("c/ns/Deployment/w" + i + "/cpu_usage", "cpu_usage", "ets",
          Duration.ofMinutes(5), 600, 288));
    }
    HttpResponse<String> r = get("/api/v1/forecasts");
    assertThat(json(r).path("targets")).hasSize(302);
    assertThat(JSON.readTree(new ByteArrayInputStream(get("/prediction/c/ns/Deployment/w9/cpu_usage").body()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).path("timeseries")).hasSize(600);
  }
}
