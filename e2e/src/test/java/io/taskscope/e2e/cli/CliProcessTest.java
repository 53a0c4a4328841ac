package io.taskscope.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every subcommand as users run it: {@code bin/taskscope} as a separate process, its exit code, standard output and
 * standard error. The in-process command tests in {@code server} stay for speed; these catch what only a real JVM exit
 * shows (an unflushed writer printed nothing from {@code render} while the in-process test passed).
 */
class CliProcessTest {
  static final Path LAUNCHER = Path.of("..", "bin", "taskscope").toAbsolutePath().normalize();
  static final String CR =
      "customresource_group=\"sedna.io\",customresource_kind=\"Model\",customresource_version=\"v1alpha1\",";
  static Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void files() throws Exception {
    dir = Files.createTempDirectory("taskscope-cli");
    Files.writeString(dir.resolve("crs.yaml"), """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Model}
              metricNamePrefix: cli_model
              labelsFromPath:
                name: [metadata, name]
              metrics:
                - name: info
                  help: One series per model.
                  each:
                    type: Info
                    info:
                      labelsFromPath:
                        format: [spec, format]
                - name: generation
                  help: The object's generation.
                  each:
                    type: Gauge
                    gauge:
                      path: [metadata, generation]
        """);
    Files.writeString(dir.resolve("objects.yaml"), """
        apiVersion: sedna.io/v1alpha1
        kind: Model
        metadata: {name: yolo, namespace: edge, generation: 3}
        spec: {format: pb, url: /models/yolo.pb}
        ---
        apiVersion: sedna.io/v1alpha1
        kind: Model
        metadata: {name: resnet, namespace: edge, generation: 7}
        spec: {format: onnx, url: /models/resnet.onnx}
        """);
    Files.writeString(dir.resolve("broken.yaml"), """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Model}
              metrics:
                - name: info
                  each:
                    type: Gauge
                    gauge:
                      pathh: [metadata, generation]
        """);
    Files.writeString(dir.resolve("metrics.json"), """
        [{"name": "accuracy", "description": "Model accuracy", "value": 0.93, "metric_type": "gauge"},
         {"name": "images_processed", "description": "Images", "value": 1200, "metric_type": "counter"}]
        """);
    Files.writeString(dir.resolve("bad-metrics.json"),
        "[{\"name\": \"accuracy\", \"description\": \"d\", \"value\": \"high\", \"metric_type\": \"gauge\"}]");
  }

  @AfterAll
  static void clean() throws Exception {
    ServerProcess.deleteTree(dir);
  }

  static Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
        LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/taskscope " + String.join(" ", args) + " did not exit within 180 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void versionAndHelp() throws Exception {
    Run v = run("--version");
    assertThat(v.exit()).isZero();
    assertThat(v.out()).containsPattern("(?i)taskscope.*\\d+\\.\\d+");
    Run h = run("--help");
    assertThat(h.exit()).isZero();
    assertThat(h.out()).contains("serve", "demo", "render", "check-config", "push");
    Run unknown = run("no-such-command");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no-such-command");
  }

  @Test
  void renderPrintsTheSeriesOfEveryObject() throws Exception {
    Run r = run("render", "--config", dir.resolve("crs.yaml").toString(), dir.resolve("objects.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(
        "# HELP cli_model_generation The object's generation.",
        "cli_model_generation{" + CR + "name=\"yolo\"} 3",
        "cli_model_generation{" + CR + "name=\"resnet\"} 7",
        "cli_model_info{" + CR + "format=\"onnx\",name=\"resnet\"} 1");
    Run missing = run("render", "--config", dir.resolve("crs.yaml").toString(), dir.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml");
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void checkConfigNamesTheLineOfEachMistake() throws Exception {
    Run ok = run("check-config", dir.resolve("crs.yaml").toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    Run bad = run("check-config", dir.resolve("broken.yaml").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out() + bad.err()).contains("broken.yaml:10").contains("pathh");
  }

  @Test
  void forecastReadsACsvAndPrintsTheNextSteps() throws Exception {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    long start = 1_736_121_600L; // 2025-01-06T00:00:00Z, as unix seconds this time
    for (int t = 0; t < 8 * 48; t++) {
      csv.append(start + 1800L * t).append(',').append(50 + 10 * Math.sin(2 * Math.PI * t / 48)).append('\n');
    }
    Path series = Files.writeString(dir.resolve("series.csv"), csv);
    Run r = run("forecast", "--input", series.toString(), "--horizon", "48");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(49);
    assertThat(lines[0]).isEqualTo("timestamp,point,lower80,upper80,lower95,upper95");
    assertThat(lines[1]).startsWith("2025-01-14T00:00:00Z,");
    // a pure daily wave: the forecast repeats it, within its own 80 % interval
    String[] first = lines[1].split(",");
    assertThat(Double.parseDouble(first[1])).isCloseTo(50, org.assertj.core.data.Offset.offset(0.5));
    assertThat(Double.parseDouble(first[2])).isLessThanOrEqualTo(Double.parseDouble(first[1]));
    assertThat(r.err()).contains("model: ");
    Path bad = Files.writeString(dir.resolve("bad.csv"), "1000,1\n900,2\n");
    Run refused = run("forecast", "--input", bad.toString(), "--horizon", "2");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("line 2: timestamp");
    assertThat(refused.out()).isEmpty();
  }

  @Test
  void pushAgainstAPushOnlyHubAndDemoStart() throws Exception {
    int port = ServerProcess.freePort();
    Path serverDir = Files.createTempDirectory("taskscope-cli-serve");
    List<String> serve = List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"), LAUNCHER.toString(),
        "serve", "--push-only", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir",
        serverDir.resolve("data").toString());
    String base = "http://127.0.0.1:" + port;
    try (ServerProcess hub = ServerProcess.start("taskscope", serverDir, serve, base, "/-/ready",
        Duration.ofSeconds(120))) {
      Run pushed = run("push", dir.resolve("metrics.json").toString(), "--url", base, "--job", "cli-step",
          "--label", "namespace=alice");
      assertThat(pushed.exit()).as(pushed.err()).isZero();
      String metrics = get(base + "/metrics");
      assertThat(metrics).contains("accuracy{instance=\"\",job=\"cli-step\",namespace=\"alice\"} 0.93")
          .contains("images_processed{instance=\"\",job=\"cli-step\",namespace=\"alice\"} 1200");

      Run bad = run("push", dir.resolve("bad-metrics.json").toString(), "--url", base, "--job", "cli-bad");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("bad-metrics.json", "metrics[0].value");
      assertThat(get(base + "/metrics")).doesNotContain("cli-bad");

      Run unreachable = run("push", dir.resolve("metrics.json").toString(), "--url",
          "http://127.0.0.1:" + ServerProcess.freePort(), "--job", "cli-step", "--timeout", "3s");
      assertThat(unreachable.exit()).isEqualTo(1);
      assertThat(unreachable.err()).isNotBlank();
    }

    int demoPort = ServerProcess.freePort();
    Path demoDir = Files.createTempDirectory("taskscope-cli-demo");
    List<String> demo = List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"), LAUNCHER.toString(),
        "demo", "--port", Integer.toString(demoPort), "--data-dir", demoDir.resolve("data").toString());
    try (ServerProcess d = ServerProcess.start("taskscope-demo", demoDir, demo, "http://127.0.0.1:" + demoPort,
        "/-/ready", Duration.ofSeconds(120))) {
      assertThat(get(d.base() + "/metrics")).contains("sedna_");
    }
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
