package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.http.AccessPolicy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-flight budget is shared fairly: a client holding a slow chunked push open cannot starve other tenants. */
class FairInFlightTest {
  @TempDir
  Path dir;
  PushHub hub;
  LoopbackServer http;

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aSlowChunkedPushHoldsAtMostHalfTheBudget() throws Exception {
    MemoryLimits limits = MemoryLimits.forHeap(8L << 20); // budget 85 KiB: a chunked body reserves all of it before
    hub = PushHub.open(JdbcPushStore.sqlite(dir, "NORMAL"), new PushHub.Options(false, null, 1000, 1000, limits),
        null, null);
    Tenancy tenancy = Tenancy.of(new PushConfig.TenancyConfig(true, null, List.of(
        new PushConfig.TenantConfig("alice", Tenancy.sha256Hex("a-token"), List.of("alice"), null, null),
        new PushConfig.TenantConfig("bob", Tenancy.sha256Hex("b-token"), List.of("bob"), null, null))));
    PushApi api = new PushApi(hub, tenancy, null,
        new PushApi.Settings(PushConfig.DEFAULT_MAX_BODY, false, null, Map.of(), Map.of()), null, limits);
    AccessPolicy.Builder policy = AccessPolicy.builder();
    tenancy.addTo(policy);
    http = LoopbackServer.serving(policy.build(), api::mount);

    try (Socket slow = new Socket("127.0.0.1", http.port())) {
      OutputStream out = slow.getOutputStream();
      out.write(("PUT /metrics/job/slow HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer a-token\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n4\r\nx 1\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300); // the handler reserves its room, then waits for the rest of the body
      for (int i = 0; i < 5; i++) {
        assertThat(http.send("PUT", "/metrics/job/b" + i, "y 1\n", "Authorization", "Bearer b-token").statusCode())
            .as("bob's push %d while alice's body is open", i).isEqualTo(200);
      }
      // alice herself is held to her half: a second body waits, then gets 429 naming the per-client share
      var second = http.send("PUT", "/metrics/job/other", "z 1\n", "Authorization", "Bearer a-token");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.body()).contains("from this client").contains("half of this hub's budget");
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 200");
    }
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(6);
    // released: alice can push again
    assertThat(http.send("PUT", "/metrics/job/other", "z 1\n", "Authorization", "Bearer a-token").statusCode())
        .isEqualTo(200);
  }

  @Test
  void sharesAreCountedPerClient() throws Exception {
    MemoryLimits.InFlight f = new MemoryLimits.InFlight(100 * 1024);
    int a = f.acquire("a", 10L << 20, 10); // larger than the budget: takes the client's half
    assertThat(a).isEqualTo(50);
    int b = f.acquire("b", 40 * 1024, 10);
    f.release("b", b);
    f.release("b", f.acquire("b", 50 * 1024, 10));
    f.release("a", a);
    f.release("a", f.acquire("a", 50 * 1024, 10));
  }
}
