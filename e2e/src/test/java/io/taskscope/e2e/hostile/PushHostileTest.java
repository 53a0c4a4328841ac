package io.taskscope.e2e.hostile;

import static io.taskscope.e2e.hostile.Hostile.Expect.status;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import io.taskscope.e2e.hostile.Hostile.Case;
import io.taskscope.e2e.hostile.Hostile.Expect;
import io.taskscope.e2e.hostile.Target.Answer;
import io.taskscope.e2e.hostile.Target.Snapshot;
import io.taskscope.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push paths under attack: text and protobuf bodies, Simplepipe JSON, content encodings, grouping keys in the
 * URL and the TTL header (tenants trying each other's namespaces and groups: {@link TenancyHostileTest}).
 */
@ExtendWith(HostileStack.Ext.class)
class PushHostileTest {
  static final String PROTO = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
      + "encoding=delimited";
  static final String[] PARSE = {"parsing error", "invalid", "expected", "unexpected"};
  static final Duration FAST = Duration.ofSeconds(3);

  /** A push into namespace alice as admin (secured) or anonymously (open). */
  static String group(Target t, String job) {
    return t.tokens ? "/metrics/job/" + job + "/namespace/alice" : "/metrics/job/" + job;
  }

  static Answer push(Target t, String method, String job, Map<String, String> headers, byte[] body) {
    return t.send(method, group(t, job), t.adminToken(), headers, body);
  }

  static Answer text(Target t, String body) {
    return push(t, "PUT", "hostile", Map.of("Content-Type", "text/plain; version=0.0.4"), Hostile.utf8(body));
  }

  static Answer textBytes(Target t, byte[] body) {
    return push(t, "PUT", "hostile", Map.of("Content-Type", "text/plain; version=0.0.4"), body);
  }

  static Answer proto(Target t, byte[] body) {
    return push(t, "PUT", "hostile", Map.of("Content-Type", PROTO), body);
  }

  static Answer simplepipe(Target t, String query, byte[] body) {
    String ns = t.tokens ? "&label=namespace=alice" : "";
    return t.send("POST", "/api/v1/simplepipe?" + query + ns, t.adminToken(),
        Map.of("Content-Type", "application/json"), body);
  }

  static Answer simplepipe(Target t, String body) {
    return simplepipe(t, "job=hostile-sp", Hostile.utf8(body));
  }

  static String deepArray(int n) {
    return "[".repeat(n) + "]".repeat(n);
  }

  static String deepObject(int n) {
    return "{\"a\":".repeat(n) + "1" + "}".repeat(n);
  }

  static byte[] gzip(byte[] data, int times) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      for (int i = 0; i < times; i++) {
        g.write(data);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }

  static byte[] delimited(Metrics.MetricFamily f) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      f.writeDelimitedTo(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }

  static Metrics.MetricFamily gauge(String name, String labelValue) {
    return Metrics.MetricFamily.newBuilder().setName(name).setType(Metrics.MetricType.GAUGE)
        .addMetric(Metrics.Metric.newBuilder().addLabel(Metrics.LabelPair.newBuilder().setName("l")
            .setValue(labelValue)).setGauge(Metrics.Gauge.newBuilder().setValue(1))).build();
  }

  static byte[] varint(long v) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
    return b.toByteArray();
  }

  static String digits(int n) {
    return "1".repeat(n);
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The canonical JSON lines of the push groups that contain {@code needle}. */
  static List<String> groupsWith(Snapshot s, String needle) {
    return s.groups().lines().filter(l -> l.contains(needle)).toList();
  }

  /** State check: groups containing {@code needle} (another tenant's) are untouched. */
  static BiFunction<Snapshot, Snapshot, String> untouched(String needle) {
    return (b, a) -> groupsWith(b, needle).equals(groupsWith(a, needle)) ? null
        : "groups with " + needle + " changed: before " + groupsWith(b, needle) + " after " + groupsWith(a, needle);
  }

  static List<Case> textCases(boolean open) {
    List<Case> c = new ArrayList<>();
    String p = open ? "open: " : "";
    record T(String name, String body, Expect e) {}
    List<T> ts = new ArrayList<>();
    ts.add(new T("20,000-digit value then x", "m " + digits(20_000) + "x\n", status(400).words(PARSE).within(FAST)));
    ts.add(new T("40,000-digit value then x", "m " + digits(40_000) + "x\n", status(400).words(PARSE).within(FAST)));
    ts.add(new T("100,000-digit value then x", "m " + digits(100_000) + "x\n",
        status(400).words(PARSE).within(FAST)));
    ts.add(new T("20,000 digits after a dot then x", "m 1." + digits(20_000) + "x\n",
        status(400).words(PARSE).within(FAST)));
    ts.add(new T("20,000-digit exponent then x", "m 1e" + digits(20_000) + "x\n",
        status(400).words(PARSE).within(FAST)));
    ts.add(new T("20,000-digit timestamp then x", "m 1 " + digits(20_000) + "x\n",
        status(400).words(PARSE).within(FAST)));
    ts.add(new T("20,000 spaces then x", "m" + " ".repeat(20_000) + "x\n", status(400).words(PARSE).within(FAST)));
    ts.add(new T("20,000 digits in a label name", "m{" + "a" + digits(20_000) + "-=\"x\"} 1\n",
        status(400).words(PARSE).within(FAST)));
    ts.add(new T("1e99999", "m 1e99999\n", status(400).words(PARSE)));
    ts.add(new T("-1e99999", "m -1e99999\n", status(400).words(PARSE)));
    ts.add(new T("1e-99999", "m 1e-99999\n", status(200, 400)));
    ts.add(new T("NaNx", "m NaNx\n", status(400).words(PARSE)));
    ts.add(new T("nan(0x1)", "m nan(0x1)\n", status(400).words(PARSE)));
    ts.add(new T("NaN", "m NaN\n", status(200)));
    ts.add(new T("+Inf", "m +Inf\n", status(200)));
    ts.add(new T("-infinity", "m -infinity\n", status(200, 400)));
    ts.add(new T("0x1p-2", "m 0x1p-2\n", status(200, 400)));
    ts.add(new T("1_000", "m 1_000\n", status(400).words(PARSE)));
    ts.add(new T("200 KB label value", "m{l=\"" + "v".repeat(200_000) + "\"} 1\n", status(200, 400, 413)));
    StringBuilder many = new StringBuilder("m{");
    for (int i = 0; i < 10_000; i++) {
      many.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
    }
    ts.add(new T("10,000 labels", many + "} 1\n", status(200, 400, 413)));
    ts.add(new T("duplicate label names", "m{a=\"1\",a=\"2\"} 1\n", status(400).words("duplicate", "same name",
        "label")));
    ts.add(new T("NUL in the metric name", "m\0x 1\n", status(400).words(PARSE)));
    ts.add(new T("NUL in a label value", "m{a=\"x\0y\"} 1\n", status(200, 400)));
    ts.add(new T("CRLF line ends", "# TYPE m gauge\r\nm 1\r\n", status(200, 400)));
    ts.add(new T("a byte order mark", "\uFEFFm 1\n", status(400).words(PARSE)));
    ts.add(new T("10,000 TYPE lines for one family", "# TYPE m gauge\n".repeat(10_000) + "m 1\n",
        status(400).words(PARSE, "TYPE")));
    ts.add(new T("an unknown TYPE", "# TYPE m tensor\nm 1\n", status(400).words(PARSE)));
    ts.add(new T("a missing value", "m\n", status(400).words(PARSE)));
    ts.add(new T("a label name starting with a digit", "m{1a=\"x\"} 1\n", status(400).words(PARSE)));
    ts.add(new T("an unterminated label value", "m{a=\"x} 1\n", status(400).words(PARSE)));
    ts.add(new T("an invalid escape", "m{a=\"\\q\"} 1\n", status(400).words(PARSE, "escape")));
    ts.add(new T("20,000 nested braces", "m" + "{".repeat(20_000) + " 1\n", status(400).words(PARSE).within(FAST)));
    ts.add(new T("100 KB metric name", "m" + "x".repeat(100_000) + " 1\n", status(200, 400, 413)));
    ts.add(new T("a 200 KB comment", "# " + "c".repeat(200_000) + "\nm 1\n", status(200, 400, 413)));
    ts.add(new T("a body over push.maxBodyBytes", "m{l=\"x\"} 1\n# "
        + "c".repeat((int) HostileStack.MAX_BODY) + "\n", status(413).words("too large", "limit")));
    for (T t : ts) {
      c.add(new Case(p + "text: " + t.name(), open, tg -> text(tg, t.body()), t.e()));
    }
    c.add(new Case(p + "text: invalid UTF-8 in a label value", open,
        tg -> textBytes(tg, new byte[] {'m', '{', 'a', '=', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ' ', '1', '\n'}),
        status(400).words("utf", "invalid")));
    c.add(new Case(p + "text: overlong UTF-8 NUL in the metric name", open,
        tg -> textBytes(tg, new byte[] {'m', (byte) 0xC0, (byte) 0x80, ' ', '1', '\n'}), status(400).words(PARSE,
            "utf")));
    return c;
  }

  static List<Case> encodingCases(boolean open) {
    List<Case> c = new ArrayList<>();
    String p = open ? "open: " : "";
    byte[] line = Hostile.utf8("bomb_metric{l=\"" + "a".repeat(1000) + "\"} 1\n");
    byte[] bomb = gzip(line, 100_000); // ~100 MB decoded
    c.add(new Case(p + "gzip bomb (100 MB decoded)", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip", "Content-Type", "text/plain"), bomb),
        status(413).words("too large", "limit").within(Duration.ofSeconds(5))));
    byte[] zeros = gzip(new byte[1 << 20], 200); // 200 MB of NUL bytes
    c.add(new Case(p + "gzip bomb of NUL bytes (200 MB decoded)", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip", "Content-Type", "text/plain"), zeros),
        status(400, 413).words("too large", "limit", "parsing").within(Duration.ofSeconds(5))));
    c.add(new Case(p + "gzip header on a plain body", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip"), Hostile.utf8("m 1\n")), status(400).words("gzip", "invalid")));
    byte[] good = gzip(Hostile.utf8("m 1\nn 2\n"), 1);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 6);
    c.add(new Case(p + "truncated gzip stream", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip"), truncated), status(400).words("gzip", "eof", "invalid", "unexpected")));
    c.add(new Case(p + "Content-Encoding br", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "br"), Hostile.utf8("m 1\n")), status(415).words("encoding", "br")));
    c.add(new Case(p + "Content-Encoding deflate", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "deflate"), Hostile.utf8("m 1\n")), status(415).words("encoding", "deflate")));
    c.add(new Case(p + "Content-Encoding gzip, gzip", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip, gzip"), gzip(gzip(Hostile.utf8("m 1\n"), 1), 1)),
        status(400, 415).words("encoding", "gzip")));
    c.add(new Case(p + "gzip of gzip bomb", open, t -> push(t, "PUT", "hostile",
        Map.of("Content-Encoding", "gzip"), gzip(bomb, 1)), status(400, 413).words("too large", "limit", "parsing",
            "invalid")));
    // protobuf
    c.add(new Case(p + "protobuf: random garbage", open, t -> proto(t, new java.util.Random(7).ints(4096, 0, 256)
        .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> a.writeBytes(b.toByteArray()))
        .toByteArray()), status(400).words("protobuf", "invalid")));
    byte[] valid = delimited(gauge("proto_ok", "x"));
    c.add(new Case(p + "protobuf: truncated message", open, t -> proto(t, java.util.Arrays.copyOf(valid,
        valid.length - 5)), status(400).words("protobuf", "invalid", "truncated", "eof")));
    c.add(new Case(p + "protobuf: length prefix 2^62", open, t -> proto(t, RawHttp.concat(varint(1L << 62),
        new byte[16])), status(400, 413).words("protobuf", "invalid", "too large", "length", "eof")));
    c.add(new Case(p + "protobuf: 10-byte overlong varint", open, t -> proto(t, new byte[] {(byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}),
        status(400).words("protobuf", "invalid", "varint", "eof")));
    byte[] groups = new byte[20_000];
    java.util.Arrays.fill(groups, (byte) 0x7B); // start-group of field 15, nested 20,000 deep
    c.add(new Case(p + "protobuf: unknown groups nested 20,000 deep", open, t -> proto(t,
        RawHttp.concat(varint(groups.length), groups)), status(400).words("protobuf", "invalid", "deep", "nest",
            "recursion").within(FAST)));
    c.add(new Case(p + "protobuf: invalid metric name", open, t -> proto(t, delimited(gauge("a-b", "x"))),
        status(400).words("metric name", "invalid")));
    c.add(new Case(p + "protobuf: 200 KB label value", open, t -> proto(t, delimited(gauge("proto_big",
        "v".repeat(200_000)))), status(200, 400, 413)));
    Metrics.MetricFamily.Builder emptyMetrics = Metrics.MetricFamily.newBuilder().setName("proto_empty")
        .setType(Metrics.MetricType.GAUGE);
    for (int i = 0; i < 50_000; i++) {
      emptyMetrics.addMetric(Metrics.Metric.getDefaultInstance());
    }
    byte[] empties = delimited(emptyMetrics.build());
    // a body that parses but fails the store checks records push_failure_time_seconds (Pushgateway does too)
    c.add(new Case(p + "protobuf: 50,000 empty metrics", open, t -> proto(t, empties),
        status(200, 400, 413).within(FAST).state(HttpTricksHostileTest.othersUntouched())));
    c.add(new Case(p + "protobuf: invalid UTF-8 in a label value", open, t -> {
      byte[] b = delimited(gauge("proto_utf", "xyz"));
      for (int i = 0; i < b.length - 2; i++) {
        if (b[i] == 'x' && b[i + 1] == 'y' && b[i + 2] == 'z') {
          b[i] = (byte) 0xC3;
          b[i + 1] = (byte) 0x28;
        }
      }
      return proto(t, b);
    }, status(400).words("utf", "invalid")));
    return c;
  }

  static List<Case> simplepipeCases(boolean open) {
    List<Case> c = new ArrayList<>();
    String p = open ? "open: " : "";
    String[] json = {"json", "invalid"};
    String[] deep = {"nested", "deep", "depth", "100"};
    record S(String name, String body, Expect e) {}
    List<S> ss = new ArrayList<>();
    ss.add(new S("value of 5,000 zeros (string)", "[{\"name\":\"sp_zeros\",\"description\":\"d\",\"value\":\""
        + "0".repeat(5000) + "\",\"metric_type\":\"gauge\"}]", status(200, 400).within(FAST)));
    ss.add(new S("value of 50,000 zeros (string)", "[{\"name\":\"sp_zeros\",\"description\":\"d\",\"value\":\""
        + "0".repeat(50_000) + "\",\"metric_type\":\"gauge\"}]", status(200, 400).within(FAST)));
    ss.add(new S("value of 2,000 digits then x", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":\""
        + digits(2000) + "x\",\"metric_type\":\"gauge\"}]", status(400).words("convert", "float").within(FAST)));
    ss.add(new S("value of 20,000 digits then x", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":\""
        + digits(20_000) + "x\",\"metric_type\":\"gauge\"}]", status(400).words("convert", "float").within(FAST)));
    ss.add(new S("number with 5,000 leading zeros", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":"
        + "0".repeat(5000) + ",\"metric_type\":\"gauge\"}]", status(400).words(json).within(FAST)));
    ss.add(new S("number 1e99999", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":1e99999,"
        + "\"metric_type\":\"gauge\"}]", status(200, 400)));
    ss.add(new S("number with 20,000 digits", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":"
        + digits(20_000) + ",\"metric_type\":\"gauge\"}]", status(200, 400).within(FAST)));
    ss.add(new S("arrays nested 5,000 deep", deepArray(5000), status(400).words(deep).within(FAST)));
    ss.add(new S("arrays nested 20,000 deep", deepArray(20_000), status(400).words(deep).within(FAST)));
    ss.add(new S("objects nested 5,000 deep", "[" + deepObject(5000) + "]", status(400).words(deep).within(FAST)));
    ss.add(new S("objects nested 20,000 deep", "[" + deepObject(20_000) + "]", status(400).words(deep)
        .within(FAST)));
    ss.add(new S("a value nested 5,000 deep", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":"
        + deepArray(5000) + ",\"metric_type\":\"gauge\"}]", status(400).words(deep).within(FAST)));
    ss.add(new S("info labels nested 5,000 deep", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":"
        + deepObject(5000) + ",\"metric_type\":\"info\"}]", status(400).words(deep).within(FAST)));
    ss.add(new S("arrays nested 101 deep", deepArray(101), status(400).words(deep, "expected an object")));
    ss.add(new S("trailing garbage", "[]garbage", status(400).words(json)));
    ss.add(new S("unterminated string", "[{\"name\":\"sp", status(400).words(json)));
    ss.add(new S("NUL in a name", "[{\"name\":\"s\u0000p\",\"description\":\"d\",\"value\":1,"
        + "\"metric_type\":\"gauge\"}]", status(400).words("name", "invalid")));
    ss.add(new S("invalid metric name", "[{\"name\":\"a-b\",\"description\":\"d\",\"value\":1,"
        + "\"metric_type\":\"gauge\"}]", status(400).words("name", "invalid")));
    ss.add(new S("unknown metric_type", "[{\"name\":\"sp\",\"description\":\"d\",\"value\":1,"
        + "\"metric_type\":\"tensor\"}]", status(400).words("metric_type")));
    ss.add(new S("not a list", "{\"name\":\"sp\"}", status(400).words("list", "array", "json", "invalid")));
    ss.add(new S("a 1 MB string (over the body limit)", "[{\"name\":\"sp\",\"description\":\""
        + "d".repeat(1 << 20) + "\",\"value\":1,\"metric_type\":\"gauge\"}]", status(413).words("too large",
            "limit")));
    StringBuilder info = new StringBuilder("[{\"name\":\"sp\",\"description\":\"d\",\"metric_type\":\"info\","
        + "\"value\":{");
    for (int i = 0; i < 10_000; i++) {
      info.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
    }
    ss.add(new S("info with 10,000 labels", info + "}}]", status(200, 400, 413)));
    for (S s : ss) {
      c.add(new Case(p + "simplepipe: " + s.name(), open, t -> simplepipe(t, s.body()), s.e()));
    }
    c.add(new Case(p + "simplepipe: invalid UTF-8", open, t -> simplepipe(t, "job=hostile-sp",
        RawHttp.concat(Hostile.utf8("[{\"name\":\"sp\",\"description\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE},
            Hostile.utf8("\",\"value\":1,\"metric_type\":\"gauge\"}]"))), status(400).words("utf", "json",
                "invalid")));
    c.add(new Case(p + "simplepipe: no job", open, t -> simplepipe(t, "x=1", Hostile.utf8("[]")),
        status(400).words("job")));
    c.add(new Case(p + "simplepipe: label without =", open, t -> simplepipe(t, "job=sp&label=novalue",
        Hostile.utf8("[]")), status(400).words("label")));
    c.add(new Case(p + "simplepipe: improper label name", open, t -> simplepipe(t, "job=sp&label=a-b=c",
        Hostile.utf8("[]")), status(400).words("label")));
    return c;
  }

  static List<Case> groupingKeyCases(boolean open) {
    List<Case> c = new ArrayList<>();
    String p = open ? "open: " : "";
    String body = "gk_metric 1\n";
    record G(String name, String path, Expect e) {}
    List<G> gs = new ArrayList<>();
    String ns = open ? "" : "/namespace/alice";
    gs.add(new G("job@base64 that is not base64", "/metrics/job@base64/!!!" + ns, status(400).words("base64")));
    gs.add(new G("label@base64 that is not base64", "/metrics/job/gk" + ns + "/x@base64/%25%25", status(400)
        .words("base64")));
    gs.add(new G("base64 of one character", "/metrics/job/gk" + ns + "/x@base64/Y", status(400).words("base64")));
    gs.add(new G("an improper label name", "/metrics/job/gk" + ns + "/a-b/c", status(400).words("label name")));
    gs.add(new G("an odd number of components", "/metrics/job/gk" + ns + "/a", status(400).words("odd")));
    gs.add(new G("an empty job", "/metrics/job/" + ns, status(301, 307, 400, 404)));
    gs.add(new G("a 20 KB job name", "/metrics/job/" + "j".repeat(20_000) + ns,
        status(200, 400, 413, 414, 431, RawHttp.CLOSED)));
    gs.add(new G("a 20 KB base64 label", "/metrics/job/gk" + ns + "/x@base64/" + b64("v".repeat(15_000)),
        status(200, 400, 413, 414, 431, RawHttp.CLOSED)));
    gs.add(new G("%00 in the job", "/metrics/job/a%00b" + ns, status(200, 400)));
    gs.add(new G("double-encoded slash", "/metrics/job/a%252Fb" + ns, status(200, 400)));
    gs.add(new G("label __name__", "/metrics/job/gk" + ns + "/__name__/x", status(200, 400)));
    gs.add(new G("reserved label name __x", "/metrics/job/gk" + ns + "/__x/y", status(200, 400)));
    gs.add(new G("label name with U+00FF", "/metrics/job/gk" + ns + "/a%C3%BF/x", status(400).words("label name")));
    for (G g : gs) {
      c.add(new Case(p + "grouping key: " + g.name(), open, t -> t.send("PUT", g.path(), t.adminToken(),
          "text/plain", body), g.e()));
    }
    // traversal and encodings the client must not rewrite: raw requests
    List<String[]> rawPaths = List.of(
        new String[] {"dot-dot to the wipe route", "PUT /metrics/job/../../api/v1/admin/wipe"},
        new String[] {"dot-dot out of the namespace", "DELETE /metrics/job/victim/namespace/alice/../../../.."},
        new String[] {"encoded dot-dot", "PUT /metrics/job/%2e%2e/%2e%2e/api/v1/admin/wipe"},
        new String[] {"backslash traversal", "PUT /metrics/job/..\\..\\api\\v1\\admin\\wipe"},
        new String[] {"absolute-form target to another host", "DELETE http://10.0.0.1/metrics/job/victim/namespace/"
            + "alice"});
    for (String[] r : rawPaths) {
      boolean delete = r[1].startsWith("DELETE");
      c.add(new Case(p + "grouping key: " + r[0], open, t -> Hostile.raw(t, RawHttp.concat(RawHttp.head(
          r[1] + " HTTP/1.1", t.port(), t.tokens ? "Authorization: Bearer " + t.token("alice") : "X-No: token",
          "Content-Type: text/plain", "Content-Length: " + (delete ? 0 : body.length())),
          delete ? new byte[0] : Hostile.utf8(body)), Duration.ofSeconds(5)),
          // never a wipe; nothing but the attacker's own (alice's) group may change
          status(RawHttp.CLOSED, 200, 202, 301, 307, 400, 403, 404, 405).state(untouched("bob_secret_metric"))
              .answer(a -> a.status() == 202 && r[1].contains("wipe") ? "wiped through a traversal" : null)));
    }
    // U+00FF was the separator of stored group keys: these two groups must stay apart
    c.add(new Case(p + "grouping key: {x=\"bÿyÿc\"} and {x=\"b\",y=\"c\"} are different groups", open, t -> {
      String a = (t.tokens ? "/metrics/job/sep/namespace/alice" : "/metrics/job/sep") + "/x@base64/" + b64("bÿyÿc");
      String b = (t.tokens ? "/metrics/job/sep/namespace/alice" : "/metrics/job/sep") + "/x/b/y/c";
      StringBuilder log = new StringBuilder();
      int s1 = t.send("PUT", a, t.adminToken(), "text/plain", "sep_first 1\n").status();
      int s2 = t.send("PUT", b, t.adminToken(), "text/plain", "sep_second 2\n").status();
      String all = t.get("/api/v1/metrics", t.adminToken()).body();
      boolean both = all.contains("sep_first") && all.contains("sep_second");
      int s3 = t.send("DELETE", b, t.adminToken(), "text/plain", null).status();
      String after = t.get("/api/v1/metrics", t.adminToken()).body();
      boolean firstKept = after.contains("sep_first") && !after.contains("sep_second");
      t.send("DELETE", a, t.adminToken(), "text/plain", null);
      log.append("PUT ").append(s1).append(", PUT ").append(s2).append(", both stored: ").append(both)
          .append(", DELETE of the second ").append(s3).append(", first kept alone: ").append(firstKept);
      boolean ok = s1 == 200 && s2 == 200 && both && s3 == 202 && firstKept;
      return new Answer(ok ? 200 : 409, Map.of(), log.toString(), 0);
    }, status(200).changes()));
    // 8 pushes of 150 series under a 20 KB job name: bounded, then /metrics is whole
    c.add(new Case(p + "grouping key: 8 pushes of 150 series under a 20 KB job name, then a whole /metrics", open,
        t -> {
          StringBuilder lines = new StringBuilder("# TYPE big_key gauge\n");
          for (int i = 0; i < 150; i++) {
            lines.append("big_key{s=\"").append(i).append("\"} 1\n");
          }
          List<Integer> st = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            st.add(t.send("PUT", "/metrics/job/" + "k".repeat(20_000) + i + (t.tokens ? "/namespace/alice" : ""),
                t.adminToken(), "text/plain", lines.toString()).status());
          }
          RawHttp.Result m = RawHttp.exchange(t.port(), RawHttp.head("GET /metrics HTTP/1.1", t.port()),
              Duration.ofSeconds(20));
          boolean okPushes = st.stream().allMatch(s -> s == 200 || s == 400 || s == 413 || s == 414 || s == 429
              || s == 431 || s == -1);
          for (int i = 0; i < 8; i++) {
            t.send("DELETE", "/metrics/job/" + "k".repeat(20_000) + i + (t.tokens ? "/namespace/alice" : ""),
                t.adminToken(), "text/plain", null);
          }
          boolean whole = m.status() == 200 && m.complete() && m.body().contains("canary_ok");
          return new Answer(okPushes && whole ? 200 : 500, Map.of(), "pushes " + st + ", /metrics " + m.status()
              + (m.complete() ? " complete" : " INCOMPLETE") + ", " + m.body().length() + " chars", 0);
        }, status(200).changes()));
    return c;
  }

  static List<Case> ttlCases(boolean open) {
    List<Case> c = new ArrayList<>();
    String p = open ? "open: " : "";
    String[] max = {"365d", "max", "8760h", "31536000"};
    record T(String value, Expect e) {}
    List<T> ts = List.of(
        new T("9223372036854775807ms", status(400).words(max)),
        new T("9223372036854775807d", status(400).words(max)),
        new T("106751991167d", status(400).words(max)),
        new T("366d", status(400).words(max)),
        new T("8760h1ms", status(400).words(max)),
        new T("365d1s", status(400).words(max)),
        new T("99999999999999999999999999s", status(400).words(max, "invalid", "duration")),
        new T("-1s", status(400).words("invalid", "duration")),
        new T("1e3s", status(400).words("invalid", "duration")),
        new T("15x", status(400).words("invalid", "duration")),
        // units may repeat ("1h30m", as in Go): 5000 of them are parsed fast and still add up past the maximum
        new T("365d" + "1s".repeat(5000), status(400).words(max).within(FAST)),
        new T("1h" + "1s".repeat(5000), status(200).within(FAST)));
    for (T t : ts) {
      String v = t.value();
      c.add(new Case(p + "TTL header " + (v.length() > 40 ? v.substring(0, 40) + "..." : v), open,
          tg -> push(tg, "PUT", "hostile-ttl", Map.of("X-TaskScope-TTL", v, "Content-Type", "text/plain"),
              Hostile.utf8("ttl_metric 1\n")), t.e()));
    }
    c.add(new Case(p + "TTL header 365d (the maximum) is accepted", open,
        tg -> push(tg, "PUT", "hostile-ttl-max", Map.of("X-TaskScope-TTL", "365d", "Content-Type", "text/plain"),
            Hostile.utf8("ttl_metric 1\n")), status(200)));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> textBodies() {
    List<Case> all = new ArrayList<>(textCases(false));
    all.addAll(textCases(true).subList(0, 8));
    return Hostile.tests(all);
  }

  @TestFactory
  Stream<DynamicTest> encodingsAndProtobuf() {
    List<Case> all = new ArrayList<>(encodingCases(false));
    all.addAll(encodingCases(true).subList(0, 2));
    return Hostile.tests(all);
  }

  @TestFactory
  Stream<DynamicTest> simplepipe() {
    List<Case> all = new ArrayList<>(simplepipeCases(false));
    all.addAll(simplepipeCases(true).subList(0, 12));
    return Hostile.tests(all);
  }

  @TestFactory
  Stream<DynamicTest> groupingKeys() {
    List<Case> all = new ArrayList<>(groupingKeyCases(false));
    all.addAll(groupingKeyCases(true));
    return Hostile.tests(all);
  }

  @TestFactory
  Stream<DynamicTest> ttl() {
    List<Case> all = new ArrayList<>(ttlCases(false));
    all.addAll(ttlCases(true));
    return Hostile.tests(all);
  }
}
