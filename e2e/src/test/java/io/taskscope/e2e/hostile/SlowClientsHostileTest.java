package io.taskscope.e2e.hostile;

import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.e2e.hostile.Target.Snapshot;
import io.taskscope.testkit.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow and greedy clients, run side by side so the suite waits for the request timeout once: half-sent headers,
 * dripping headers and bodies, chunked pushes never finished, idle connections, one tenant holding slow pushes while
 * the other pushes, cross-join queries that must time out or hit the cap (never a complete-looking 200), and too many
 * connections. Every slow connection must be closed by the server within limits.requestTimeout (2 s, the JDK checks
 * once a second) plus slack, a silent one too; stored state is unchanged afterwards and the servers stay healthy.
 */
@ExtendWith(HostileStack.Ext.class)
class SlowClientsHostileTest {
  /**
   * limits.requestTimeout is 2 s; both JDK timers tick once a second (serve sets clockTick); 2 s slack, as a loaded
   * machine delays the start of the server's request clock (4.0 s seen under load 9 on two cores).
   */
  static final Duration CLOSED_WITHIN = HostileStack.REQUEST_TIMEOUT.plusSeconds(3);
  static final Duration WATCH = CLOSED_WITHIN.plusSeconds(1);
  static final ExecutorService POOL = Executors.newFixedThreadPool(24, r -> {
    Thread t = new Thread(r, "hostile-slow");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  /** A slow case: runs on its own thread, returns null when fine, else what went wrong. */
  record Slow(String name, boolean open, Function<Target, String> run) {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String pushLine(Target t, String job, String as) {
    String ns = as.equals("bob") ? "bob" : "alice";
    return "PUT " + (t.tokens ? "/metrics/job/" + job + "/namespace/" + ns : "/metrics/job/" + job) + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + t.port() + "\r\n"
        + (t.tokens ? "Authorization: Bearer " + t.token(as) + "\r\n" : "");
  }

  /** Sends {@code first}, then {@code drip} every {@code every} until the server closes or WATCH ends. */
  static String holdOpen(Target t, String what, byte[] first, byte[] drip, Duration every) {
    long t0 = System.nanoTime();
    try (Socket s = RawHttp.connect(t.port())) {
      OutputStream out = s.getOutputStream();
      out.write(first);
      out.flush();
      long deadline = t0 + WATCH.toNanos();
      while (System.nanoTime() < deadline) {
        long closed = RawHttp.awaitClose(s, drip == null ? WATCH : every, t0);
        if (closed >= 0) {
          return closed <= CLOSED_WITHIN.toMillis() ? null
              : what + ": closed only after " + closed + " ms (limit " + CLOSED_WITHIN.toMillis() + " ms)";
        }
        if (drip != null) {
          try {
            out.write(drip);
            out.flush();
          } catch (IOException e) {
            long ms = RawHttp.ms(t0);
            return ms <= CLOSED_WITHIN.toMillis() ? null : what + ": closed only after " + ms + " ms";
          }
        }
      }
      return what + ": the server still held the connection after " + RawHttp.ms(t0) + " ms (limits.requestTimeout "
          + HostileStack.REQUEST_TIMEOUT.toMillis() + " ms)";
    } catch (IOException e) {
      return null; // refused or reset at once: not held
    }
  }

  static List<Slow> slows() {
    List<Slow> s = new ArrayList<>();
    for (boolean open : new boolean[] {false, true}) {
      String p = open ? "open: " : "";
      s.add(new Slow(p + "slowloris: half-sent headers, then silence", open, t -> holdOpen(t, "half-sent headers",
          b(pushLine(t, "slow-a", "alice")), null, null)));
      s.add(new Slow(p + "headers dripped one byte every 300 ms", open, t -> holdOpen(t, "dripped headers",
          b(pushLine(t, "slow-b", "alice")), b("X"), Duration.ofMillis(300))));
      s.add(new Slow(p + "a header line dripped forever", open, t -> holdOpen(t, "endless header",
          b(pushLine(t, "slow-c", "alice") + "X-Long: "), b("aaaa"), Duration.ofMillis(200))));
      s.add(new Slow(p + "body dripped 10 bytes every 300 ms", open, t -> holdOpen(t, "dripped body",
          b(pushLine(t, "slow-d", "alice") + "Content-Length: 10000\r\n\r\n"), b("# comment\n"),
          Duration.ofMillis(300))));
      s.add(new Slow(p + "Content-Length longer than the body", open, t -> holdOpen(t, "short body",
          b(pushLine(t, "slow-e", "alice") + "Content-Length: 100\r\n\r\nm 1\n"), null, null)));
      s.add(new Slow(p + "chunked push never finished", open, t -> holdOpen(t, "unfinished chunked body",
          b(pushLine(t, "slow-f", "alice") + "Transfer-Encoding: chunked\r\n\r\n4\r\nm 1\n\r\n"), null, null)));
      s.add(new Slow(p + "chunked push dripping a chunk every 300 ms", open, t -> holdOpen(t, "dripping chunks",
          b(pushLine(t, "slow-g", "alice") + "Transfer-Encoding: chunked\r\n\r\n"), b("a\r\n# comment\n\r\n"),
          Duration.ofMillis(300))));
      s.add(new Slow(p + "an idle connection", open, t -> holdOpen(t, "idle connection", new byte[0], null, null)));
      s.add(new Slow(p + "a Simplepipe body never finished", open, t -> holdOpen(t, "Simplepipe body",
          b("POST /api/v1/simplepipe?job=slow-h" + (t.tokens ? "&label=namespace=alice" : "") + " HTTP/1.1\r\nHost: x\r\n"
              + (t.tokens ? "Authorization: Bearer " + t.token("alice") + "\r\n" : "")
              + "Content-Length: 1000\r\n\r\n[{\"name\":"), null, null)));
      s.add(new Slow(p + "a Turtle body never finished", open, t -> holdOpen(t, "Turtle body",
          b("PUT /subgraph/hostile/slow/x HTTP/1.1\r\nHost: x\r\n"
              + (t.tokens ? "Authorization: Bearer " + t.token("writer") + "\r\n" : "")
              + "Content-Type: text/turtle\r\nContent-Length: 1000\r\n\r\n<urn:a> <urn:b> "), null, null)));
      s.add(new Slow(p + "a SPARQL body never finished", open, t -> holdOpen(t, "SPARQL body",
          b("POST /sparql HTTP/1.1\r\nHost: x\r\n" + (t.tokens ? "Authorization: Bearer " + t.token("reader") + "\r\n"
              : "") + "Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nSELECT "), null, null)));
    }
    s.add(new Slow("fairness: bob pushes while alice holds three slow pushes", false, t -> {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket sock = RawHttp.connect(t.port());
          held.add(sock);
          sock.getOutputStream().write(b(pushLine(t, "hog" + i, "alice") + (i == 0 ? "Transfer-Encoding: chunked\r\n\r\n"
              + "4\r\nm 1\n\r\n" : "Content-Length: " + (HostileStack.MAX_BODY - 10) + "\r\n\r\n# " + "c".repeat(
                  60_000))));
          sock.getOutputStream().flush();
        }
        Thread.sleep(300);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Answer a = t.send("PUT", "/metrics/job/fair-bob/namespace/bob", t.token("bob"), "text/plain",
              "# TYPE fair_bob gauge\nfair_bob " + i + "\n");
          if (a.status() != 200 || a.millis() > 1500) {
            problems.add("bob's push " + i + " answered " + a + " in " + a.millis() + " ms while alice held slow pushes");
          }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
      } catch (IOException e) {
        return "could not hold alice's pushes: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      } finally {
        for (Socket sock : held) {
          try {
            sock.close();
          } catch (IOException ignored) {
            // closing
          }
        }
      }
    }));
    s.add(new Slow("ten slowloris connections do not slow /-/healthy", false, t -> {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 10; i++) {
          Socket sock = RawHttp.connect(t.port());
          held.add(sock);
          sock.getOutputStream().write(b("GET /-/healthy HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        }
        Answer a = t.get("/-/healthy", null);
        return a.status() == 200 && a.millis() < 1500 ? null : "/-/healthy answered " + a + " in " + a.millis() + " ms";
      } catch (IOException e) {
        return null; // the server refused the slow connections: nothing held
      } finally {
        for (Socket sock : held) {
          try {
            sock.close();
          } catch (IOException ignored) {
            // closing
          }
        }
      }
    }));
    String cross = "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z }";
    String crossSelect = "SELECT * WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z }";
    s.add(new Slow("cross-join CONSTRUCT: times out or hits the cap, never a whole 200", false,
        t -> crossJoin(t, RawHttp.concat(b("POST /sparql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + t.token("reader") + "\r\nAccept: application/n-triples\r\nContent-Type: application/sparql-query\r\n"
            + "Connection: close\r\nContent-Length: " + cross.length() + "\r\n\r\n"), b(cross)))));
    s.add(new Slow("cross-join SELECT on /api/v0/graph: times out or hits the cap, never a whole 200", false,
        t -> crossJoin(t, b("GET /api/v0/graph?query=" + Target.enc(crossSelect) + " HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer " + t.token("reader") + "\r\nConnection: close\r\n\r\n"))));
    s.add(new Slow("open: cross-join SELECT as CSV: times out or hits the cap, never a whole 200", true,
        t -> crossJoin(t, b("GET /sparql?query=" + Target.enc(crossSelect) + " HTTP/1.1\r\nHost: x\r\n"
            + "Accept: text/csv\r\nConnection: close\r\n\r\n"))));
    return s;
  }

  /** The query result is far over kg.maxResultRows: 413/503 before the body, or a cut body; within the timeout. */
  static String crossJoin(Target t, byte[] request) {
    RawHttp.Streamed r = RawHttp.stream(t.port(), request, Duration.ofSeconds(30));
    if (r.stillStreaming()) {
      return "still answering after " + r.millis() + " ms: the query timeout (10 s) must cover writing the answer";
    }
    if (r.millis() > 20_000) {
      return "answered only after " + r.millis() + " ms: " + r;
    }
    if (r.status() == 200 && r.complete()) {
      return "a complete-looking 200 for a query over the row cap: " + r;
    }
    if (r.status() != 200 && r.status() != 413 && r.status() != 503 && r.status() != RawHttp.CLOSED) {
      return "expected 413/503 before the answer or a cut 200, got " + r;
    }
    if (r.status() == 413 && !r.head().toLowerCase().contains("limit") && !r.head().contains("row")
        && !r.head().contains("bytes")) {
      return "a 413 that does not name the cap: " + r;
    }
    return null;
  }

  @TestFactory
  Stream<DynamicTest> slowClients() {
    HostileStack st = Hostile.stack();
    List<Slow> slows = slows();
    Map<String, CompletableFuture<String>> results = new LinkedHashMap<>();
    Snapshot[] before = new Snapshot[2];
    Snapshot[] after = new Snapshot[2];
    int[] trap0 = new int[1];
    Runnable startAll = () -> {
      if (!results.isEmpty()) {
        return;
      }
      st.secured.forget(); // the slow clients run beside each other: no case's remembered state holds
      st.open.forget();
      before[0] = st.secured.snapshot();
      before[1] = st.open.snapshot();
      trap0[0] = st.trap.connections.get();
      for (Slow s : slows) {
        Target t = s.open() ? st.open : st.secured;
        results.put(s.name(), CompletableFuture.supplyAsync(() -> s.run().apply(t), POOL));
      }
    };
    List<DynamicTest> tests = new ArrayList<>();
    for (Slow s : slows) {
      tests.add(DynamicTest.dynamicTest(s.name(), () -> {
        startAll.run();
        String problem;
        try {
          problem = results.get(s.name()).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          problem = "did not end within 60 s";
        }
        Target t = s.open() ? st.open : st.secured;
        String sick = t.unhealthy();
        List<String> problems = new ArrayList<>();
        if (problem != null) {
          problems.add(problem);
        }
        if (sick != null) {
          problems.add("server unhealthy afterwards: " + sick);
        }
        if (!problems.isEmpty()) {
          throw new AssertionError(s.name() + ":\n- " + String.join("\n- ", problems));
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("after all slow clients: stored state unchanged (but bob's fair push), "
        + "no contact with the trap", () -> {
          startAll.run();
          CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
          Thread.sleep(500);
          after[0] = st.secured.snapshot();
          after[1] = st.open.snapshot();
          List<String> problems = new ArrayList<>();
          String d0 = withoutGroups(before[0], "fair_bob", "canary_ok").diff(withoutGroups(after[0], "fair_bob",
              "canary_ok"));
          String d1 = withoutGroups(before[1], "canary_ok").diff(withoutGroups(after[1], "canary_ok"));
          if (!d0.isEmpty()) {
            problems.add("secured: " + d0);
          }
          if (!d1.isEmpty()) {
            problems.add("open: " + d1);
          }
          if (st.trap.connections.get() != trap0[0]) {
            problems.add("the trap listener was contacted");
          }
          if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
          }
        }));
    tests.add(DynamicTest.dynamicTest("too many connections: the ones over limits.maxConnections are closed, "
        + "then the server serves again", () -> Hostile.run(connectionFlood(false))));
    tests.add(DynamicTest.dynamicTest("open: too many connections: the ones over limits.maxConnections are closed, "
        + "then the server serves again", () -> Hostile.run(connectionFlood(true))));
    return tests.stream();
  }

  static Snapshot withoutGroups(Snapshot s, String... needles) {
    String groups = s.groups().lines().filter(l -> java.util.Arrays.stream(needles).noneMatch(l::contains))
        .reduce("", (a, b) -> a + b + "\n");
    return new Snapshot(groups, s.graphs(), s.graphCounts(), s.markerStored());
  }

  static Hostile.Case connectionFlood(boolean open) {
    return new Hostile.Case((open ? "open: " : "") + "too many connections", open, t -> {
      int n = HostileStack.MAX_CONNECTIONS + 16;
      List<Socket> socks = new ArrayList<>();
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < n; i++) {
          try {
            socks.add(RawHttp.connect(t.port()));
          } catch (IOException refused) {
            break;
          }
        }
        int closed = 0;
        for (Socket s : socks) {
          if (RawHttp.awaitClose(s, Duration.ofMillis(20), System.nanoTime()) >= 0) {
            closed++;
          }
        }
        long ms = RawHttp.ms(t0);
        String what = socks.size() + " connections opened, " + closed + " closed by the server within " + ms + " ms";
        // the ones over the cap are closed at once (before the request timeout could have closed them)
        boolean ok = closed >= 1 && ms < HostileStack.REQUEST_TIMEOUT.toMillis() || closed >= n - HostileStack.MAX_CONNECTIONS;
        return new Answer(ok ? 200 : 503, Map.of(), what, 0);
      } finally {
        for (Socket s : socks) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing
          }
        }
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, Hostile.Expect.status(200));
  }
}
