package io.taskscope.e2e.hostile;

import static io.taskscope.e2e.hostile.Hostile.Expect.status;

import io.taskscope.e2e.hostile.Hostile.Case;
import io.taskscope.e2e.hostile.Hostile.Expect;
import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.e2e.hostile.Target.Snapshot;
import io.taskscope.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed HTTP on raw sockets: Content-Length lies, Transfer-Encoding tricks and smuggling, chunk size overflow,
 * broken request lines, header floods and huge headers. Every one is answered with a 4xx or the connection is
 * closed; none stores anything or touches another group.
 */
@ExtendWith(HostileStack.Ext.class)
class HttpTricksHostileTest {
  static final int C = RawHttp.CLOSED;
  static final Duration READ = Duration.ofSeconds(6);

  static String auth(Target t) {
    return t.tokens ? "Authorization: Bearer " + t.adminToken() : "X-Anonymous: yes";
  }

  static String push(Target t) {
    return "PUT " + (t.tokens ? "/metrics/job/tricks/namespace/alice" : "/metrics/job/tricks") + " HTTP/1.1";
  }

  /** Head lines without Connection: close (for smuggling: the server must not read a second request from it). */
  static byte[] keepAliveHead(String requestLine, int port, String... lines) {
    StringBuilder sb = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String l : lines) {
      sb.append(l).append("\r\n");
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Nothing but the attacker's own group may change: alice's victim and bob's groups stay as they were. */
  static BiFunction<Snapshot, Snapshot, String> othersUntouched() {
    return (before, after) -> {
      for (String needle : List.of("victim_metric", "bob_secret_metric")) {
        String p = PushHostileTest.untouched(needle).apply(before, after);
        if (p != null) {
          return p;
        }
      }
      return before.graphs().equals(after.graphs()) ? null : "subgraphs changed";
    };
  }

  record R(String name, Function<Target, byte[]> request, Expect e) {}

  static List<R> requests() {
    List<R> r = new ArrayList<>();
    r.add(new R("Content-Length shorter than the body", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Type: text/plain", "Content-Length: 5"), b("m 1\nn 2\n")), status(400, C).words("parsing")));
    r.add(new R("negative Content-Length", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: -1"), b("m 1\n")), status(400, C)));
    r.add(new R("Content-Length of 20 digits", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: 99999999999999999999"), b("m 1\n")), status(400, 413, C)));
    r.add(new R("Content-Length 2^63-1", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: 9223372036854775807"), b("m 1\n")), status(400, 413, C).words("too large", "limit")));
    r.add(new R("Content-Length in hex", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: 0x4"), b("m 1\n")), status(400, C)));
    r.add(new R("two different Content-Lengths", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: 4", "Content-Length: 8"), b("m 1\nn 2\n")), status(400, C)));
    r.add(new R("Content-Length with a comma list", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Content-Length: 4, 8"), b("m 1\nn 2\n")), status(400, C)));
    r.add(new R("Content-Length and chunked: smuggled DELETE of alice's group", t -> RawHttp.concat(
        keepAliveHead(push(t), t.port(), auth(t), "Content-Type: text/plain", "Content-Length: 4",
            "Transfer-Encoding: chunked"), b("7\r\nsmug 1\n\r\n0\r\n\r\n"),
        keepAliveHead("DELETE " + (t.tokens ? "/metrics/job/victim/namespace/alice" : "/metrics/job/victim")
            + " HTTP/1.1", t.port(), auth(t), "Content-Length: 0", "Connection: close")),
        status(200, 400, 411, 501, C).state(othersUntouched())));
    r.add(new R("chunked, then a smuggled request in the Content-Length view", t -> RawHttp.concat(
        keepAliveHead(push(t), t.port(), auth(t), "Content-Type: text/plain", "Transfer-Encoding: chunked",
            "Content-Length: 60"), b("0\r\n\r\nDELETE /metrics/job/victim/namespace/alice HTTP/1.1\r\nX: y\r\n\r\n")),
        status(200, 400, 411, 501, C).state(othersUntouched())));
    r.add(new R("chunk size ffffffffffffffff", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("ffffffffffffffff\r\nm 1\n\r\n0\r\n\r\n")), status(400, 413, C)));
    r.add(new R("chunk size of 100 hex digits", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("f".repeat(100) + "\r\nm 1\n\r\n0\r\n\r\n")), status(400, 413, C)));
    r.add(new R("chunk size 80000000 (sign bit)", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("80000000\r\nm 1\n\r\n0\r\n\r\n")), status(400, 413, C)));
    r.add(new R("chunk size not hex", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("zz\r\nm 1\n\r\n0\r\n\r\n")), status(400, C)));
    r.add(new R("negative chunk size", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("-4\r\nm 1\n\r\n0\r\n\r\n")), status(400, C)));
    r.add(new R("a 100 KB chunk extension", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked"), b("4;" + "x".repeat(100_000) + "\r\nm 1\n\r\n0\r\n\r\n")),
        status(200, 400, 413, C)));
    r.add(new R("chunked body over push.maxBodyBytes", t -> {
      StringBuilder sb = new StringBuilder();
      String chunk = "# " + "c".repeat(8190) + "\n";
      for (int i = 0; i < 40; i++) {
        sb.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
      }
      return RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t), "Transfer-Encoding: chunked"),
          b(sb + "0\r\n\r\n"));
    }, status(413, C).words("too large", "limit")));
    r.add(new R("Transfer-Encoding xchunked", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: xchunked"), b("4\r\nm 1\n\r\n0\r\n\r\n")), status(200, 400, 411, 501, C)
        .state(othersUntouched())));
    r.add(new R("Transfer-Encoding chunked, identity", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "Transfer-Encoding: chunked, identity"), b("4\r\nm 1\n\r\n0\r\n\r\n")), status(200, 400, 411, 501, C)
        .state(othersUntouched())));
    r.add(new R("Transfer-Encoding folded over two lines", t -> RawHttp.concat(RawHttp.head(push(t), t.port(),
        auth(t), "Transfer-Encoding:", " chunked", "Content-Length: 4"), b("m 1\n")), status(200, 400, 411, 501, C)
        .state(othersUntouched())));
    r.add(new R("gzip Content-Encoding on a chunked gzip bomb", t -> {
      byte[] bomb = PushHostileTest.gzip(new byte[1 << 20], 100);
      return RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t), "Transfer-Encoding: chunked",
          "Content-Encoding: gzip"), b(Integer.toHexString(bomb.length) + "\r\n"), bomb, b("\r\n0\r\n\r\n"));
    }, status(400, 413, C).words("too large", "limit", "parsing")));
    r.add(new R("a garbage request line", t -> b("GARBAGE\r\n\r\n"), status(400, C)));
    r.add(new R("an empty request line", t -> b("\r\n\r\n\r\n"), status(400, C)));
    r.add(new R("HTTP/9.9", t -> RawHttp.head("GET /-/healthy HTTP/9.9", t.port()), status(400, 505, C, 200)));
    r.add(new R("a lower-case method", t -> RawHttp.concat(RawHttp.head(push(t).replace("PUT", "put"), t.port(),
        auth(t), "Content-Length: 4"), b("m 1\n")), status(400, 404, 405, 501, C)));
    r.add(new R("PROPFIND on a push path", t -> RawHttp.concat(RawHttp.head(push(t).replace("PUT", "PROPFIND"),
        t.port(), auth(t), "Content-Length: 4"), b("m 1\n")), status(400, 405, 501, C)));
    r.add(new R("a 100 KB request line", t -> RawHttp.head("GET /-/healthy?" + "q".repeat(100_000) + " HTTP/1.1",
        t.port()), status(200, 400, 414, 431, C)));
    r.add(new R("no Host header", t -> b("GET /-/healthy HTTP/1.1\r\nConnection: close\r\n\r\n"),
        status(200, 400)));
    r.add(new R("HTTP/1.0", t -> b("GET /-/healthy HTTP/1.0\r\n\r\n"), status(200)));
    r.add(new R("a NUL in a header name", t -> RawHttp.head("GET /-/healthy HTTP/1.1", t.port(), "X\0Y: z"),
        status(200, 400, C)));
    r.add(new R("a header without a colon", t -> RawHttp.concat(RawHttp.head(push(t), t.port(), auth(t),
        "NoColonHere", "Content-Length: 4"), b("m 1\n")), status(200, 400, C)));
    r.add(new R("bare LF line ends", t -> b("GET /-/healthy HTTP/1.1\nHost: x\nConnection: close\n\n"),
        status(200, 400, C)));
    r.add(new R("250 headers", t -> {
      String[] hs = new String[250];
      for (int i = 0; i < hs.length; i++) {
        hs[i] = "X-Flood-" + i + ": v";
      }
      return RawHttp.head("GET /-/healthy HTTP/1.1", t.port(), hs);
    }, status(400, 431, C)));
    r.add(new R("a 1 MB header", t -> RawHttp.head("GET /-/healthy HTTP/1.1", t.port(), "X-Big: "
        + "b".repeat(1 << 20)), status(400, 431, C)));
    r.add(new R("a 20 KB header (over limits.maxHeaderBytes)", t -> RawHttp.head("GET /-/healthy HTTP/1.1",
        t.port(), "X-Big: " + "b".repeat(20_000)), status(400, 431, C)));
    r.add(new R("a 20 KB Authorization header on a push", t -> RawHttp.concat(RawHttp.head(push(t), t.port(),
        "Authorization: Bearer " + "t".repeat(20_000), "Content-Length: 4"), b("m 1\n")), status(400, 401, 431, C)));
    r.add(new R("a 10 KB Host header", t -> b("GET /-/healthy HTTP/1.1\r\nHost: " + "h".repeat(10_000)
        + "\r\nConnection: close\r\n\r\n"), status(200, 400, 431, C)));
    r.add(new R("Expect: 100-continue with a 100 MB Content-Length", t -> RawHttp.head(push(t), t.port(), auth(t),
        "Expect: 100-continue", "Content-Length: 104857600"), status(100, 413, 417, C)
        .words("too large", "limit")));
    r.add(new R("pipelined push then a wipe", t -> RawHttp.concat(keepAliveHead(push(t), t.port(), auth(t),
        "Content-Length: 4"), b("m 1\n"), RawHttp.head("PUT /api/v1/admin/wipe HTTP/1.1", t.port(),
        t.tokens ? "Authorization: Bearer " + t.token("alice") : "X-A: b", "Content-Length: 0")),
        status(200, 400).state(othersUntouched())));
    return r;
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (R r : requests()) {
      for (boolean open : new boolean[] {false, true}) {
        Expect e = r.e();
        boolean second = r.name().contains("smuggled") || r.name().contains("pipelined");
        c.add(new Case((open ? "open: " : "") + r.name(), open, t -> {
          Answer a = Hostile.raw(t, r.request().apply(t), READ);
          if (second) {
            try {
              Thread.sleep(150); // a smuggled second request would be handled by now
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
          }
          return a;
        }, e));
      }
    }
    return c;
  }

  @TestFactory
  Stream<DynamicTest> malformedHttp() {
    return Hostile.tests(cases());
  }
}
