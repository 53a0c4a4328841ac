package io.taskscope.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar (server/target/taskscope.jar, what the container image runs) has no demo and no mock Kubernetes
 * API server, and runs {@code serve}, {@code render}, {@code check-config} and {@code push} alone on its class path;
 * dist/target/taskscope-demo.jar adds exactly the demo (bin/taskscope runs both). Each command runs as its own JVM
 * with {@code -cp} the production jar only, so a class it needs from the demo side would fail it.
 */
class ProductionJarTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("server/target/taskscope.jar");
  static final Path DEMO_JAR = ROOT.resolve("dist/target/taskscope-demo.jar");
  /** What only the demo needs: fabric8's mock API server, its web server and TLS, the simulation. */
  static final List<String> DEMO_ONLY = List.of("io/fabric8/kubernetes/client/server/mock/", "io/fabric8/mockwebserver/",
      "okhttp3/mockwebserver/", "org/bouncycastle/", "io/vertx/ext/web/handler/", "io/taskscope/demo/",
      "io/taskscope/server/Demo.class", "io/taskscope/server/DemoCommand.class");
  static Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void build() throws Exception {
    dir = Files.createTempDirectory("taskscope-prodjar");
    // bin/taskscope builds both jars when they are missing or older than the sources (as bin/build-image relies on)
    Run v = run(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
        ROOT.resolve("bin/taskscope").toString(), "--version"));
    assertThat(v.exit()).as(v.err()).isZero();
    assertThat(JAR).exists();
    assertThat(DEMO_JAR).exists();
    Files.writeString(dir.resolve("crs.yaml"), """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Model}
              metricNamePrefix: prod_model
              labelsFromPath:
                name: [metadata, name]
              metrics:
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
        spec: {format: pb}
        """);
    Files.writeString(dir.resolve("metrics.json"),
        "[{\"name\": \"accuracy\", \"description\": \"Model accuracy\", \"value\": 0.93, \"metric_type\": \"gauge\"}]");
  }

  @AfterAll
  static void clean() throws Exception {
    ServerProcess.deleteTree(dir);
  }

  static Set<String> entries(Path jar) throws Exception {
    Set<String> out = new TreeSet<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      z.stream().filter(e -> !e.isDirectory()).forEach(e -> out.add(e.getName()));
    }
    return out;
  }

  static List<String> demoOnly(Set<String> entries) {
    return entries.stream().filter(e -> DEMO_ONLY.stream().anyMatch(e::startsWith)).toList();
  }

  @Test
  void theProductionJarHoldsNoMockServerAndTheDemoJarOnlyWhatTheDemoAdds() throws Exception {
    Set<String> prod = entries(JAR);
    Set<String> demo = entries(DEMO_JAR);
    assertThat(demoOnly(prod)).as("demo classes in the production jar").isEmpty();
    assertThat(prod).contains("io/taskscope/server/Main.class", "io/taskscope/server/ServeCommand.class",
        "io/fabric8/kubernetes/client/KubernetesClient.class");
    // the check looks for names that exist: the demo jar has them all (but okhttp's, which fabric8 8 no longer uses:
    // its mock server runs on Vert.x)
    for (String d : DEMO_ONLY.stream().filter(d -> !d.startsWith("okhttp3/")).toList()) {
      assertThat(demo).as(d).anyMatch(e -> e.startsWith(d));
    }
    // no class in both: the demo jar is an add-on to the production jar, not a second copy of it
    assertThat(demo.stream().filter(e -> e.endsWith(".class") && prod.contains(e)).toList()).isEmpty();
  }

  /** java -cp taskscope.jar io.taskscope.server.Main ARGS (no launcher, no demo jar). */
  static List<String> production(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", JAR.toString(), "io.taskscope.server.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Run run(List<String> cmd) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not exit within 300 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void renderAndCheckConfigRunFromTheProductionJarAlone() throws Exception {
    Run r = run(production("render", "--config", dir.resolve("crs.yaml").toString(),
        dir.resolve("objects.yaml").toString()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("prod_model_generation{").contains("name=\"yolo\"} 3");
    Run c = run(production("check-config", dir.resolve("crs.yaml").toString()));
    assertThat(c.exit()).as(c.out() + c.err()).isZero();
  }

  @Test
  void servePushOnlyAndPushRunFromTheProductionJarAlone() throws Exception {
    int port = ServerProcess.freePort();
    Path serverDir = Files.createTempDirectory(dir, "serve");
    String base = "http://127.0.0.1:" + port;
    try (ServerProcess hub = ServerProcess.start("taskscope", serverDir, production("serve", "--push-only", "--host",
        "127.0.0.1", "--port", Integer.toString(port), "--data-dir", serverDir.resolve("data").toString()), base,
        "/-/ready", Duration.ofSeconds(120))) {
      Run pushed = run(production("push", dir.resolve("metrics.json").toString(), "--url", base, "--job", "prod",
          "--label", "namespace=alice"));
      assertThat(pushed.exit()).as(pushed.err()).isZero();
      HttpResponse<String> m = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.body()).contains("accuracy{instance=\"\",job=\"prod\",namespace=\"alice\"} 0.93");
      assertThat(hub.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
    }
  }

  @Test
  void demoFromTheProductionJarSaysItIsNotInThisBuild() throws Exception {
    Run r = run(production("demo", "--port", "0"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).singleElement().asString().startsWith("taskscope demo: not in this build")
        .contains("bin/taskscope demo");
    Run help = run(production("--help"));
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("demo", "serve", "render", "check-config", "push");
  }

  @Test
  void theDemoJarOnTheClassPathAddsTheDemoCommand() throws Exception {
    List<String> cmd = new ArrayList<>(production("demo", "--help"));
    cmd.set(cmd.indexOf(JAR.toString()), JAR + java.io.File.pathSeparator + DEMO_JAR);
    Run r = run(cmd);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("--seed", "--tick").doesNotContain("not in this build");
  }
}
