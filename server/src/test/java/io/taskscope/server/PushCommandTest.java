package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PushCommandTest {
  record Seen(String method, String path, String query, String contentType, String auth, String body) {}

  @TempDir
  Path dir;
  HttpServer peer;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  volatile String answer = "";

  @BeforeEach
  void start() throws Exception {
    peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    peer.createContext("/", ex -> {
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
          ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Authorization"),
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      byte[] b = answer.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
      ex.close();
    });
    peer.start();
  }

  @AfterEach
  void stop() {
    peer.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + peer.getAddress().getPort();
  }

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  static Path fixture(String name) {
    return io.taskscope.testkit.TestData.path("simplepipe").resolve(name);
  }

  @Test
  void pushesSimplepipeFixturesAsTheyAre() throws Exception {
    for (String f : List.of("metric.json", "workflow_metric.json", "all_types.metrics.json")) {
      Run r = run("push", fixture(f).toString(), "--url", url() + "/", "--job", "simple");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("as job simple");
      Seen s = seen.get(seen.size() - 1);
      assertThat(s.method()).isEqualTo("POST");
      assertThat(s.path()).isEqualTo("/api/v1/simplepipe");
      assertThat(s.query()).isEqualTo("job=simple");
      assertThat(s.contentType()).isEqualTo("application/json");
      assertThat(s.auth()).isNull();
      assertThat(s.body()).isEqualTo(Files.readString(fixture(f)));
    }
  }

  @Test
  void labelsAndTokenGoAlong() throws Exception {
    Run r = run("push", fixture("metric.json").toString(), "--url", url(), "--job", "argo step",
        "--label", "stage=train", "--label", "path=/a=b", "--token", "tok");
    assertThat(r.code()).as(r.err()).isZero();
    Seen s = seen.get(0);
    assertThat(s.query()).isEqualTo("job=argo+step&label=path%3D%2Fa%3Db&label=stage%3Dtrain");
    assertThat(s.auth()).isEqualTo("Bearer tok");
  }

  @Test
  void badInputExits2WithAClearMessageAndSendsNothing() throws Exception {
    record Case(Path file, String[] extra, String message) {}
    List<Case> cases = List.of(
        new Case(write("broken.json", "[{\"name\": \"x\","), new String[0], "invalid JSON"),
        new Case(write("obj.json", "{\"name\": \"x\"}"), new String[0], "expected a JSON list"),
        new Case(write("type.json", "[{\"name\":\"x\",\"description\":\"d\",\"value\":1,\"metric_type\":\"enum\"}]"),
            new String[0], "metrics[0].metric_type"),
        new Case(write("name.json", "[{\"name\":\"a-b\",\"description\":\"d\",\"value\":1,\"metric_type\":\"gauge\"}]"),
            new String[0], "invalid metric name"),
        new Case(write("value.json", "[{\"name\":\"x\",\"description\":\"d\",\"value\":\"six\",\"metric_type\":\"gauge\"}]"),
            new String[0], "metrics[0].value"),
        new Case(write("metrics.txt", "[]"), new String[0], "not a .json file"),
        new Case(dir.resolve("missing.json"), new String[0], "no such file"),
        new Case(fixture("metric.json"), new String[] {"--label", "novalue"}, "expected NAME=VALUE"),
        new Case(fixture("metric.json"), new String[] {"--label", "bad-name=x"}, "expected NAME=VALUE"),
        new Case(fixture("metric.json"), new String[] {"--label", "job=x"}, "given with --job"));
    for (Case c : cases) {
      List<String> all = new java.util.ArrayList<>(List.of("push", c.file().toString(), "--url", url(), "--job", "j"));
      all.addAll(List.of(c.extra()));
      Run r = run(all.toArray(String[]::new));
      assertThat(r.code()).as("%s %s", c.file(), r.err()).isEqualTo(2);
      assertThat(r.err()).as(c.file().toString()).contains(c.message());
    }
    Files.write(dir.resolve("latin1.json"), new byte[] {'[', '"', (byte) 0xff, '"', ']'});
    assertThat(run("push", dir.resolve("latin1.json").toString(), "--url", url(), "--job", "j").err())
        .contains("not UTF-8");
    assertThat(run("push", fixture("metric.json").toString(), "--url", url(), "--job", "").code()).isEqualTo(2);
    assertThat(run("push", fixture("metric.json").toString(), "--url", url()).code()).isEqualTo(2);
    assertThat(seen).isEmpty();
  }

  @Test
  void serverRefusalExits1WithStatusAndMessage() {
    status = 403;
    answer = "tenant alice may not push to namespace bob\n";
    Run r = run("push", fixture("metric.json").toString(), "--url", url(), "--job", "j");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("HTTP 403").contains("tenant alice may not push to namespace bob");
  }

  @Test
  void unreachableServerExits1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run("push", fixture("metric.json").toString(), "--url", "127.0.0.1:" + port, "--job", "j",
        "--timeout", "2s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("http://127.0.0.1:" + port + "/api/v1/simplepipe").contains("failed");
  }
}
