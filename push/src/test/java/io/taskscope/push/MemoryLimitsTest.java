package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub on a small heap answers 413 and 429 where a large push or too many series would exhaust it. */
class MemoryLimitsTest {
  @TempDir
  Path dir;
  PushHub hub;
  LoopbackServer http;

  void start(MemoryLimits limits) throws Exception {
    hub = PushHub.open(JdbcPushStore.sqlite(dir, "NORMAL"), new PushHub.Options(false, null, 1000, 1000, limits),
        null, null);
    PushApi api = new PushApi(hub, Tenancy.disabled(), null,
        new PushApi.Settings(PushConfig.DEFAULT_MAX_BODY, false, null, Map.of(), Map.of()), null, limits);
    http = LoopbackServer.serving(api::mount);
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  HttpResponse<String> put(String path, String body) throws Exception {
    return http.send("PUT", path, body);
  }

  static String lines(int n, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("m{s=\"").append(prefix).append(i).append("\"} ").append(i).append('\n');
    }
    return sb.toString();
  }

  @Test
  void limitsFollowTheHeap() {
    MemoryLimits small = MemoryLimits.forHeap(48L << 20);
    assertThat(small.bodyBytes()).isEqualTo((48L << 20) / 96);
    assertThat(small.maxSeries()).isEqualTo((48L << 20) / 320);
    assertThat(MemoryLimits.forHeap(8L << 30).bodyBytes()).isGreaterThan(PushConfig.DEFAULT_MAX_BODY);
  }

  @Test
  void aBodyTooLargeForTheHeapGets413AndNamesWhy() throws Exception {
    start(MemoryLimits.forHeap(8L << 20)); // body limit 87,381 bytes
    HttpResponse<String> r = put("/metrics/job/big", lines(8000, "x"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("request body too large: the limit is 87381 bytes (lowered from 16777216 to fit "
        + "this hub's heap of 8 MiB; a larger -Xmx raises it)\n");
    assertThat(hub.groups(Tenancy.ANONYMOUS)).isEmpty();
    assertThat(put("/metrics/job/small", lines(100, "x")).statusCode()).isEqualTo(200);
  }

  @Test
  void seriesBeyondWhatTheHeapHoldsGet429AndNothingChanges() throws Exception {
    start(MemoryLimits.forHeap(2L << 20)); // 6,553 series, 64 KiB bodies
    int ok = 0;
    HttpResponse<String> r = null;
    for (int g = 0; g < 20; g++) {
      r = put("/metrics/job/j/instance/" + g, lines(900, "g" + g));
      if (r.statusCode() != 200) {
        break;
      }
      ok++;
    }
    assertThat(ok).isEqualTo(7); // 7 x (900 + 2 push-time series) = 6,314; an eighth group would make 7,216
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).startsWith("series limit exceeded: the hub would hold ").contains("holds at most 6553");
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(ok);
    // replacing a group with the same number of series is still accepted at the cap
    assertThat(put("/metrics/job/j/instance/0", lines(900, "h")).statusCode()).isEqualTo(200);
  }

  @Test
  void requestBytesInFlightAreBounded() throws Exception {
    MemoryLimits.InFlight f = new MemoryLimits.InFlight(100 * 1024);
    int a = f.acquire(60 * 1024, 10);
    assertThatThrownBy(() -> f.acquire(60 * 1024, 50)).isInstanceOf(PushException.class)
        .hasMessageContaining("too many request bytes in flight");
    f.release(a);
    f.release(f.acquire(60 * 1024, 10));
    // a request larger than the whole budget takes all of it rather than waiting forever
    f.release(f.acquire(10L << 20, 10));
  }
}
