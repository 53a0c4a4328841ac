package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.taskscope.e2e.ServerProcess;
import io.taskscope.e2e.push.RawHttp.Request;
import io.taskscope.e2e.push.RawHttp.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays the same requests against a real Pushgateway (Debian's 1.5.1, started here) and TaskScope
 * {@code serve --push-only --enable-admin-api} (a child JVM), and compares status codes and the pushed samples both
 * expose on {@code /metrics} (each side's own process/go/taskscope series and the push_time values dropped).
 *
 * <ul>
 *   <li>{@code push/bad-requests/*.req}: every file is a request that must be refused with a 4xx. Where Pushgateway
 *       defines the answer ({@code # pushgateway:} equals {@code # expect:}) both must give the same code; TaskScope's
 *       message must name the problem ({@code # message:}); and neither server's pushed samples may change.
 *       Files marked {@code # only: taskscope} are TaskScope's own API (Simplepipe) or cases where TaskScope is
 *       deliberately stricter than Pushgateway 1.5.1 (the file says why).</li>
 *   <li>{@code push/edge-requests/*.req}: requests Pushgateway accepts or redirects; both must answer alike and end
 *       with the same samples, except the differences listed in {@link #KNOWN_EDGE_DIFFERENCES}.</li>
 *   <li>{@link #sequences()}: valid push/push-add/delete/wipe sequences compared step by step.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushgatewayDifferentialTest {
  static final Path RESOURCES = Path.of("src/test/resources/push");

  /**
   * Edge requests where TaskScope answers differently from Pushgateway on purpose (file slug → why). Empty until a
   * difference is judged deliberate; any other difference fails the test.
   */
  static final Map<String, String> KNOWN_EDGE_DIFFERENCES = Map.of();

  static final String BASELINE_BASE = """
      # HELP shared_gauge shared help
      # TYPE shared_gauge gauge
      shared_gauge{x="1"} 1
      # TYPE shared_counter_total counter
      shared_counter_total 5
      """;
  static final String BASELINE_I1 = "# TYPE other_gauge gauge\nother_gauge 2\n";
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  ServerProcess pushgateway;
  ServerProcess taskscope;

  @BeforeAll
  void start() throws Exception {
    pushgateway = Processes.pushgateway();
    taskscope = Processes.taskscope(true);
  }

  @AfterAll
  void stop() throws Exception {
    if (taskscope != null) {
      taskscope.close();
    }
    if (pushgateway != null) {
      pushgateway.close();
    }
  }

  static Response send(ServerProcess s, Request r) throws Exception {
    return RawHttp.send(s.port(), r);
  }

  static Response send(ServerProcess s, String method, String path, String body) throws Exception {
    return RawHttp.send(s.port(), new Request(method, path, body == null ? null : TEXT, body));
  }

  static String metrics(ServerProcess s) throws Exception {
    Response r = send(s, "GET", "/metrics", null);
    assertThat(r.status()).as("%s GET /metrics: %s", s.name(), r.body()).isEqualTo(200);
    return r.body();
  }

  /** Wipes the server and pushes the two baseline groups every bad request runs against. */
  static void reset(ServerProcess s) throws Exception {
    Response w = send(s, "PUT", "/api/v1/admin/wipe", null);
    assertThat(w.status() / 100).as("%s wipe: %s", s.name(), w.body()).isEqualTo(2);
    Response a = send(s, "PUT", "/metrics/job/base", BASELINE_BASE);
    Response b = send(s, "PUT", "/metrics/job/base/instance/i1", BASELINE_I1);
    assertThat(List.of(a.status() / 100, b.status() / 100)).as("%s baseline: %s %s", s.name(), a.body(), b.body())
        .containsOnly(2);
  }

  static boolean taskscopeOnly(Request r) {
    return "taskscope".equals(r.meta("only"));
  }

  @TestFactory
  Stream<DynamicTest> badRequestCorpus() throws Exception {
    List<Request> corpus = RawHttp.loadAll(RESOURCES.resolve("bad-requests"));
    assertThat(corpus).as("bad-request corpus").hasSizeGreaterThanOrEqualTo(100);
    return corpus.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> checkBadRequest(r)));
  }

  void checkBadRequest(Request r) throws Exception {
    int expect = Integer.parseInt(r.meta("expect"));
    reset(taskscope);
    Set<String> tsBefore = Exposition.pushedSamples(metrics(taskscope));
    Response ts = send(taskscope, r);
    assertThat(ts.status()).as("TaskScope status for %s -> %s", r, ts.body()).isEqualTo(expect);
    if (ts.status() != 404 && ts.status() != 405) {
      String kw = r.meta("message");
      assertThat(ts.body().strip()).as("TaskScope explains %s", r).isNotEmpty();
      if (kw != null && !kw.isEmpty()) {
        boolean named = false;
        for (String alt : kw.split("\\|")) {
          named |= ts.body().toLowerCase(Locale.ROOT).contains(alt.trim().toLowerCase(Locale.ROOT));
        }
        assertThat(named).as("TaskScope's message for %s names the problem (%s): %s", r, kw, ts.body()).isTrue();
      }
    }
    assertThat(Exposition.pushedSamples(metrics(taskscope))).as("TaskScope state after %s", r).isEqualTo(tsBefore);
    if (!taskscopeOnly(r)) {
      reset(pushgateway);
      Set<String> pgBefore = Exposition.pushedSamples(metrics(pushgateway));
      Response pg = send(pushgateway, r);
      assertThat(pg.status()).as("Pushgateway status for %s -> %s (recorded: %s)", r, pg.body(), r.meta("pushgateway"))
          .isEqualTo(expect);
      assertThat(Exposition.pushedSamples(metrics(pushgateway))).as("Pushgateway state after %s", r)
          .isEqualTo(pgBefore);
    }
  }

  @TestFactory
  Stream<DynamicTest> edgeRequests() throws Exception {
    return RawHttp.loadAll(RESOURCES.resolve("edge-requests")).stream()
        .map(r -> DynamicTest.dynamicTest(r.name(), () -> checkEdge(r)));
  }

  void checkEdge(Request r) throws Exception {
    reset(pushgateway);
    reset(taskscope);
    Response pg = send(pushgateway, r);
    Response ts = send(taskscope, r);
    String pgState = String.join("\n", Exposition.pushedSamples(metrics(pushgateway)));
    String tsState = String.join("\n", Exposition.pushedSamples(metrics(taskscope)));
    String slug = r.name().substring(4, r.name().length() - 4);
    boolean same = pg.status() == ts.status() && pgState.equals(tsState);
    if (KNOWN_EDGE_DIFFERENCES.containsKey(slug)) {
      return; // deliberate, documented difference
    }
    if (!same) {
      fail(String.format("%s%n  Pushgateway: %d %s%n  TaskScope:   %d %s%n  Pushgateway samples:%n%s%n  TaskScope samples:%n%s",
          r, pg.status(), pg.body().strip(), ts.status(), ts.body().strip(), pgState, tsState));
    }
  }

  /** One step of a valid sequence. */
  record Step(String method, String path, String contentType, String body) {
    static Step put(String path, String body) {
      return new Step("PUT", path, TEXT, body);
    }

    static Step post(String path, String body) {
      return new Step("POST", path, TEXT, body);
    }

    static Step delete(String path) {
      return new Step("DELETE", path, null, null);
    }

    Request request() {
      return new Request(method, path, contentType, body);
    }
  }

  static final Map<String, List<Step>> SEQUENCES = new java.util.LinkedHashMap<>();

  static {
    SEQUENCES.put("put replaces the whole group", List.of(
        Step.put("/metrics/job/s1", "a 1\nb 2\n"), Step.put("/metrics/job/s1", "a 3\n")));
    SEQUENCES.put("post replaces only same-named metrics", List.of(
        Step.put("/metrics/job/s2", "a 1\nb{x=\"1\"} 2\nb{x=\"2\"} 3\n"), Step.post("/metrics/job/s2", "b{x=\"3\"} 5\n"),
        Step.post("/metrics/job/s2", "c 7\n")));
    SEQUENCES.put("delete removes a group; deleting a missing group is fine", List.of(
        Step.put("/metrics/job/s3/instance/x", "a 1\n"), Step.put("/metrics/job/s3", "a 2\n"),
        Step.delete("/metrics/job/s3/instance/x"), Step.delete("/metrics/job/s3/instance/x"),
        Step.delete("/metrics/job/never")));
    SEQUENCES.put("grouping labels override body labels", List.of(
        Step.put("/metrics/job/s4/instance/i1", "m{job=\"other\",instance=\"body\",x=\"1\"} 1\n"),
        Step.put("/metrics/job/s4b", "m{job=\"other\",instance=\"body\",x=\"2\"} 1\n")));
    SEQUENCES.put("base64 and escaped grouping values", List.of(
        Step.put("/metrics/job@base64/YS9i/path@base64/L3Zhci90bXA=", "m 1\n"),
        Step.put("/metrics/job/s5/e@base64/=", "m 2\n"),
        Step.put("/metrics/job/s5/v/a%20b%2Bc", "m 3\n"),
        Step.put("/metrics/job/s5/u@base64/w6TDtsO8", "m 4\n"),
        Step.put("/metrics/job/s5/nopad@base64/YQ", "m 5\n"),
        Step.delete("/metrics/job@base64/YS9i/path@base64/L3Zhci90bXA")));
    SEQUENCES.put("every type, escapes and special values", List.of(Step.put("/metrics/job/s6", """
        # HELP g a gauge with "quotes", a back\\\\slash and a\\nnewline
        # TYPE g gauge
        g{l="x\\"y\\\\z\\nw"} NaN
        g{l="inf"} +Inf
        g{l="ninf"} -Inf
        g{l="big"} 1e+06
        g{l="neg"} -0.5
        # HELP c_total a counter
        # TYPE c_total counter
        c_total 12
        # TYPE u untyped
        u 3
        plain 4
        # HELP h a histogram
        # TYPE h histogram
        h_bucket{le="0.1"} 1
        h_bucket{le="1"} 2
        h_bucket{le="+Inf"} 3
        h_sum 2.5
        h_count 3
        # HELP s a summary
        # TYPE s summary
        s{quantile="0.5"} 1
        s{quantile="0.9"} 2
        s_sum 10
        s_count 5
        # TYPE c2 counter
        c2 1
        """)));
    SEQUENCES.put("empty body keeps an empty group; empty label value equals no label", List.of(
        Step.put("/metrics/job/s7", "a{x=\"\"} 1\n"), Step.put("/metrics/job/s7", ""),
        Step.post("/metrics/job/s7", "b 1\n")));
    SEQUENCES.put("comments, blank lines and no content type", List.of(
        new Step("PUT", "/metrics/job/s8", null, "# just a comment\n\n  \nm{a=\"1\"} 1\n# another\n"),
        new Step("POST", "/metrics/job/s8", "text/plain", "m{a=\"2\"} 2\n")));
    SEQUENCES.put("same metric in several groups, then wipe", List.of(
        Step.put("/metrics/job/s9/instance/a", "# HELP m same help\n# TYPE m gauge\nm 1\n"),
        Step.put("/metrics/job/s9/instance/b", "# HELP m same help\n# TYPE m gauge\nm 2\n"),
        Step.post("/metrics/job/s9/instance/c", "# HELP m same help\n# TYPE m gauge\nm 3\n"),
        new Step("PUT", "/api/v1/admin/wipe", null, null),
        Step.put("/metrics/job/s9", "m 4\n")));
    SEQUENCES.put("unicode label values and long groups", List.of(
        Step.put("/metrics/job/s10/a/1/b/2/c/3/d/4", "m{v=\"日本語 ✓\"} 1\n"),
        Step.delete("/metrics/job/s10/d/4/c/3/b/2/a/1")));
  }

  @TestFactory
  Stream<DynamicTest> sequences() {
    return SEQUENCES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      for (ServerProcess s : List.of(pushgateway, taskscope)) {
        assertThat(send(s, "PUT", "/api/v1/admin/wipe", null).status() / 100).isEqualTo(2);
      }
      List<String> diffs = new ArrayList<>();
      for (Step step : e.getValue()) {
        Response pg = send(pushgateway, step.request());
        Response ts = send(taskscope, step.request());
        String pgText = metrics(pushgateway);
        String tsText = metrics(taskscope);
        if (pg.status() != ts.status()) {
          diffs.add(step.method() + " " + step.path() + ": Pushgateway " + pg.status() + " " + pg.body().strip()
              + ", TaskScope " + ts.status() + " " + ts.body().strip());
        }
        Set<String> pgS = Exposition.pushedSamples(pgText);
        Set<String> tsS = Exposition.pushedSamples(tsText);
        if (!pgS.equals(tsS)) {
          diffs.add(step.method() + " " + step.path() + ": samples only in Pushgateway " + minus(pgS, tsS)
              + ", only in TaskScope " + minus(tsS, pgS));
        }
        Set<String> pgG = Exposition.groups(pgText);
        Set<String> tsG = Exposition.groups(tsText);
        if (!pgG.equals(tsG)) {
          diffs.add(step.method() + " " + step.path() + ": groups (push_time_seconds) only in Pushgateway "
              + minus(pgG, tsG) + ", only in TaskScope " + minus(tsG, pgG));
        }
      }
      assertThat(diffs).as("differences").isEmpty();
    }));
  }

  static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  @Test
  void corpusFilesAreWellFormed() throws Exception {
    for (String dir : List.of("bad-requests", "edge-requests")) {
      for (Request r : RawHttp.loadAll(RESOURCES.resolve(dir))) {
        assertThat(r.meta("description")).as(r.name()).isNotBlank();
        assertThat(r.meta("pushgateway")).as(r.name()).isNotBlank();
        if (dir.equals("bad-requests")) {
          assertThat(Integer.parseInt(r.meta("expect"))).as(r.name()).isBetween(400, 499);
        }
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isNotNull();
      }
    }
  }
}
