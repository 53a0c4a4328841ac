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

  @Test
  void aGroupingKeyOverTheLimitGets413() throws Exception {
    start(MemoryLimits.forHeap(8L << 20));
    HttpResponse<String> r = put("/metrics/job/" + "j".repeat(5000), "m 1\n");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("grouping key too large: its labels take 5007 bytes, the limit is 4096 bytes\n");
    r = http.send("POST", "/api/v1/simplepipe?job=j&label=a=" + "v".repeat(5000), "[]");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(hub.groups(Tenancy.ANONYMOUS)).isEmpty();
    assertThat(put("/metrics/job/" + "j".repeat(4000), "m 1\n").statusCode()).isEqualTo(200);
  }

  @Test
  void groupingLabelsCopiedOntoEverySeriesCountAgainstTheBodyLimit() throws Exception {
    start(MemoryLimits.forHeap(8L << 20)); // body limit 87,381 bytes
    String job = "j".repeat(4000);
    // 150 series: a 3 KB body that would hold 150 x 4 KB = 600 KB of grouping labels once stored
    HttpResponse<String> r = put("/metrics/job/" + job, lines(150, "x"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).startsWith("request too large once its grouping labels are copied onto every series: ")
        .contains(" + 150 series lines x 4007 bytes of grouping labels = ").endsWith("the limit is 87381 bytes\n");
    assertThat(hub.groups(Tenancy.ANONYMOUS)).isEmpty();
    assertThat(put("/metrics/job/" + job, lines(15, "x")).statusCode()).isEqualTo(200);
  }

  @Test
  void storedBytesAreBoundedFromTheHeap() throws Exception {
    // the series cap alone would allow this load: few series, each carrying 3 KB of grouping labels
    start(new MemoryLimits(8L << 20, 1L << 20, 100_000, 300_000, MemoryLimits.MAX_KEY_BYTES));
    String job = "j".repeat(3000);
    int ok = 0;
    HttpResponse<String> r = null;
    for (int g = 0; g < 20; g++) {
      r = put("/metrics/job/" + job + "/instance/" + g, lines(20, "g"));
      if (r.statusCode() != 200) {
        break;
      }
      ok++;
    }
    assertThat(ok).isBetween(3, 5);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).startsWith("stored data limit exceeded: the hub would hold ")
        .contains("holds at most 300000");
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(ok);
    // deleting a group makes room again
    assertThat(http.send("DELETE", "/metrics/job/" + job + "/instance/0", null).statusCode()).isEqualTo(202);
    assertThat(put("/metrics/job/" + job + "/instance/" + ok, lines(20, "g")).statusCode()).isEqualTo(200);
  }

  @Test
  void aReservationGrowsToTheExpandedSizeWithinTheClientsShare() throws Exception {
    MemoryLimits.InFlight f = new MemoryLimits.InFlight(100 * 1024);
    int a = f.acquire("c", 10 * 1024, 10);
    int more = f.grow("c", a, 30 * 1024, 10);
    assertThat(a + more).isEqualTo(30);
    assertThat(f.grow("c", a + more, 20 * 1024, 10)).isZero();
    assertThat(f.grow("c", a + more, 1L << 20, 10)).isEqualTo(20); // capped at the client's half
    assertThat(f.acquire("d", 60 * 1024, 10)).isEqualTo(50);
    assertThatThrownBy(() -> f.acquire("e", 1024, 10)).isInstanceOf(PushException.class);
  }
}
