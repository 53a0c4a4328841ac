package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushApiTest {
  @TempDir
  Path dir;
  PushService service;
  LoopbackServer http;

  void start(PushConfig config, boolean admin) throws Exception {
    service = PushService.start(config, dir, null, admin, null, g -> "worker-1".equals(g.get("pod"))
        ? Map.of("kind", "IncrementalLearningJob", "name", "il", "worker", "train") : Map.of(), Map.of());
    io.taskscope.core.http.AccessPolicy.Builder policy = io.taskscope.core.http.AccessPolicy.builder();
    service.tenancy().addTo(policy);
    http = LoopbackServer.serving(policy.build(), service::mount);
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (service != null) {
      service.close();
    }
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    return http.send(method, path, body, headers);
  }

  @Test
  void pushgatewayStatusCodesAndMessages() throws Exception {
    start(PushConfig.defaults(), false);
    assertThat(send("PUT", "/metrics/job/a", "x 1\n").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/metrics/job/a", "y 1\n").statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/metrics/job/zzz", null).statusCode()).isEqualTo(202);
    HttpResponse<String> r = send("PUT", "/metrics/job/a", "x 1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("text format parsing error in line 1: unexpected end of input stream\n");
    assertThat(send("GET", "/metrics/job/a", null).statusCode()).isEqualTo(405);
    assertThat(send("PUT", "/metrics/job/x/a", "").body()).isEqualTo("odd number of components in label string \"/a\"\n");
    assertThat(send("PUT", "/metrics/job", "").statusCode()).isEqualTo(404);
    assertThat(send("PUT", "/api/v1/admin/wipe", null).statusCode()).isEqualTo(404);
    r = send("PUT", "/metrics/job/b", "# TYPE x counter\nx 1\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("pushed metrics are invalid or inconsistent with existing metrics: collected metric");
    r = send("GET", "/api/v1/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"status\":\"success\",\"data\":[").contains("\"last_push_successful\":false")
        .contains("\"x\":{\"time_stamp\":");
    assertThat(send("GET", "/api/v1/status", null).body()).contains("\"start_time\"");
    assertThat(send("PUT", "/metrics/job/big", "x 1\n".repeat(5_000_000)).statusCode()).isEqualTo(413);
    assertThat(send("PUT", "/metrics/job/ttl", "t 1\n", "X-TaskScope-TTL", "soon").statusCode()).isEqualTo(400);
    assertThat(send("PUT", "/metrics/job/w/pod/worker-1", "acc 0.9\n").statusCode()).isEqualTo(200);
    assertThat(service.hub().groups(Tenancy.ANONYMOUS).stream().filter(g -> g.key().job().equals("w")).findFirst()
        .orElseThrow().families().get("acc").family().metrics().get(0).label("kind")).isEqualTo("IncrementalLearningJob");
  }

  /** A client that writes its whole body before reading still gets the 413 and its message, not a reset. */
  @Test
  void anOversizedBodyGetsItsAnswerWhenTheClientWritesEverythingFirst() throws Exception {
    start(PushConfig.defaults(), false);
    byte[] body = "x 1\n".repeat(5_000_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (String length : List.of("Content-Length: " + body.length, "Transfer-Encoding: chunked")) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", http.port())) {
        s.setSoTimeout(10_000);
        var out = new java.io.BufferedOutputStream(s.getOutputStream());
        out.write(("PUT /metrics/job/big HTTP/1.1\r\nHost: x\r\n" + length + "\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (length.startsWith("Content-Length")) {
          out.write(body);
        } else {
          out.write((Integer.toHexString(body.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(body);
          out.write("\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.flush();
        String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer).as(length).startsWith("HTTP/1.1 413")
            .endsWith("request body too large: the limit is 16777216 bytes\n");
      }
    }
    assertThat(service.hub().groups(Tenancy.ANONYMOUS)).isEmpty();
  }

  @Test
  void simplepipeJsonIsStoredAsAGroup() throws Exception {
    start(PushConfig.defaults(), true);
    String json = io.taskscope.testkit.TestData.read("simplepipe/all_types.metrics.json");
    HttpResponse<String> r = send("POST", "/api/v1/simplepipe?job=step&label=run=7", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    PushGroup g = service.hub().groups(Tenancy.ANONYMOUS).get(0);
    assertThat(g.key().labels()).isEqualTo(Map.of("job", "step", "run", "7"));
    assertThat(g.families()).containsKeys("job_runtime_seconds", "batch_latency_seconds", "image_size_bytes",
        "model_info");
    r = send("POST", "/api/v1/simplepipe?job=step", "[{\"name\":\"x\",\"description\":\"d\",\"value\":\"abc\","
        + "\"metric_type\":\"gauge\"}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("metrics[0].value: could not convert string to float: \"abc\"\n");
    assertThat(send("POST", "/api/v1/simplepipe", "[]").statusCode()).isEqualTo(400);
    assertThat(send("PUT", "/api/v1/admin/wipe", null).statusCode()).isEqualTo(202);
    assertThat(service.hub().groups(Tenancy.ANONYMOUS)).isEmpty();
  }

  @Test
  void tenancy() throws Exception {
    PushConfig.TenancyConfig t = new PushConfig.TenancyConfig(null, Tenancy.sha256Hex("root"), List.of(
        new PushConfig.TenantConfig("alice", Tenancy.sha256Hex("a-token"), List.of("alice"), 10L, null),
        new PushConfig.TenantConfig("bob", Tenancy.sha256Hex("b-token"), List.of("bob", "bob2"), null, null)));
    start(new PushConfig(null, null, null, null, null, null, t), false);
    String[] alice = {"Authorization", "Bearer a-token"};
    String[] bob = {"Authorization", "Bearer b-token"};
    assertThat(send("PUT", "/metrics/job/j", "x 1\n").statusCode()).isEqualTo(401);
    assertThat(send("PUT", "/metrics/job/j", "x 1\n", "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(send("PUT", "/metrics/job/j", "x{namespace=\"evil\"} 1\n", alice).statusCode()).isEqualTo(403);
    assertThat(send("PUT", "/metrics/job/j", "x 1\n", alice).statusCode()).isEqualTo(200);
    assertThat(service.hub().groups(Tenancy.ANONYMOUS).get(0).key().labels()).containsEntry("namespace", "alice");
    assertThat(send("PUT", "/metrics/job/j/namespace/alice", "x 1\n", bob).statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/metrics/job/j/namespace/alice", null, bob).statusCode()).isEqualTo(403);
    assertThat(send("PUT", "/metrics/job/j", "x 1\n", bob).statusCode()).isEqualTo(400);
    assertThat(send("PUT", "/metrics/job/j/namespace/bob2", "x 1\n", bob).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/metrics", null, bob).body()).contains("bob2").doesNotContain("\"alice\"");
    assertThat(send("PUT", "/metrics/job/k", "a 1\nb 1\nc 1\nd 1\ne 1\nf 1\ng 1\n", alice).statusCode())
        .isEqualTo(429);
    assertThat(send("PUT", "/api/v1/admin/wipe", null, alice).statusCode()).isEqualTo(403);
    assertThat(send("PUT", "/api/v1/admin/wipe", null, "Authorization", "Bearer root").statusCode()).isEqualTo(202);
  }

  @Test
  void ttlHeaderIsBoundedByMaxTtl() throws Exception {
    start(PushConfig.defaults(), false);
    HttpResponse<String> r = send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "9223372036854775807ms");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("above the maximum TTL 365d");
    r = send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "366d");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"366d\" is above the maximum TTL 365d (push.maxTtl)");
    r = send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "9223372036854775807d");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("too large").contains("the maximum is 365d");
    r = send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "99999999999999999999999s");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(service.hub().groups(Tenancy.ANONYMOUS)).isEmpty();
    assertThat(send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "365d").statusCode()).isEqualTo(200);
    PushGroup g = service.hub().groups(Tenancy.ANONYMOUS).get(0);
    assertThat(g.expiresAtMillis()).isGreaterThan(System.currentTimeMillis() + 364L * 86_400_000);
  }

  @Test
  void maxTtlIsConfigurableAndTtlsAboveItAreConfigErrors() throws Exception {
    PushConfig c = new PushConfig(null, null, null, "2d", null, null, null, "1d");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PushService.start(c, dir, null, false, null, null,
        Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("push.defaultTtl: 2d is above push.maxTtl (1d)");
    PushConfig.TenancyConfig t = new PushConfig.TenancyConfig(null, null, List.of(
        new PushConfig.TenantConfig("alice", Tenancy.sha256Hex("a-token"), List.of("alice"), null, "400d")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PushService.start(
        new PushConfig(null, null, null, null, null, null, t), dir, null, false, null, null, Map.of()))
        .hasMessage("push.tenancy.tenants[0].ttl: 400d is above push.maxTtl (365d)");
    start(new PushConfig(null, null, null, "1h", null, null, null, "2h"), false);
    assertThat(send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "3h").body())
        .contains("above the maximum TTL 2h");
    assertThat(send("PUT", "/metrics/job/t", "t 1\n", "X-TaskScope-TTL", "2h").statusCode()).isEqualTo(200);
  }
}
