package io.taskscope.e2e.forecast;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.testkit.MockApiServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock Kubernetes API (CRUD mode, in this JVM) holding one Deployment {@code ml/trainer} and one Node
 * {@code edge-1}, and {@code bin/taskscope serve --config} processes against it: the embedded Metadata Service, the
 * KG exporter and the prediction service, with a graph-writer and a graph-reader token. The data directory outlives
 * each serve process, so a restart finds what the previous one stored.
 */
final class ForecastStack implements AutoCloseable {
  static final String WRITER = "writer-" + UUID.randomUUID().toString().substring(0, 8);
  static final String READER = "reader-" + UUID.randomUUID().toString().substring(0, 8);

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  final Path dir;
  final Path dataDir;
  final KubernetesMockServer kube;
  private final Path kubeconfig;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ServerProcess serve;
  private int incarnation;

  ForecastStack() throws Exception {
    dir = Files.createTempDirectory("taskscope-forecast-e2e");
    dataDir = dir.resolve("data");
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    kube = new KubernetesMockServer(new Context(), new MockWebServer(), new java.util.HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    kube.init(InetAddress.getByName("127.0.0.1"), 0);
    kubeconfig = dir.resolve("kubeconfig");
    io.taskscope.testkit.MockKubeconfig.write(kubeconfig, kube.getPort());
    try (KubernetesClient c = kube.createClient()) {
      c.apps().deployments().inNamespace("ml").resource(new DeploymentBuilder()
          .withNewMetadata().withNamespace("ml").withName("trainer").withCreationTimestamp("2026-01-05T10:00:00Z")
          .endMetadata()
          .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "trainer").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "trainer").endMetadata()
          .withNewSpec().addNewContainer().withName("trainer").withImage("example/trainer:1").endContainer()
          .endSpec().endTemplate().endSpec()
          .withNewStatus().withReadyReplicas(1).endStatus().build()).create();
      c.nodes().resource(new NodeBuilder().withNewMetadata().withName("edge-1")
          .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
          .withNewStatus().withCapacity(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi")))
          .endStatus().build()).create();
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String config(int port, String prometheusUrl) {
    return """
        listen: {host: 127.0.0.1, port: %d}
        kubernetes: {kubeconfig: '%s'}
        kg: {cluster: edge-dc-1, metadataService: true, prometheusUrl: '%s'}
        forecast: {schedule: "0 0 1 1 *", lookback: 14d, step: 5m, horizon: 24h, retries: 0}
        access:
          tokens:
            - {name: edge, tokenSha256: %s, roles: [graph-writer]}
            - {name: grafana, tokenSha256: %s, roles: [graph-reader]}
        """.formatted(port, kubeconfig, prometheusUrl, sha256(WRITER), sha256(READER));
  }

  static Path launcher() {
    return DemoStack.repoRoot().resolve("bin").resolve("taskscope");
  }

  /** Starts {@code serve} on a free port (retried: the port may be taken between probe and bind) until /-/ready. */
  void startServe(String prometheusUrl) throws Exception {
    IllegalStateException failed = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = ServerProcess.freePort();
      Path run = Files.createDirectories(dir.resolve("serve-" + (++incarnation)));
      Path config = dir.resolve("taskscope-" + incarnation + ".yaml");
      Files.writeString(config, config(port, prometheusUrl));
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
          "TASKSCOPE_HEAP=384m", launcher().toString(), "serve", "--config", config.toString(), "--data-dir",
          dataDir.toString()));
      try {
        serve = ServerProcess.start("taskscope-serve", run, cmd, "http://127.0.0.1:" + port, "/-/ready",
            Duration.ofSeconds(120));
        return;
      } catch (IllegalStateException e) {
        failed = e;
      }
    }
    throw failed;
  }

  /** Stops {@code serve} (SIGTERM: the shutdown hook closes TDB2), keeping the data directory. */
  void stopServe() throws IOException {
    if (serve != null) {
      serve.close();
      serve = null;
    }
  }

  String base() {
    return serve.base();
  }

  /** What the serve process logged so far (stdout and stderr). */
  String serveLog() {
    return serve.log();
  }

  boolean serveAlive() {
    return serve.process().isAlive();
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), token);
  }

  HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
    b.timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> put(String path, String contentType, String body, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)), token);
  }

  HttpResponse<String> sparql(String query) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + "/sparql"))
        .header("Content-Type", "application/sparql-query").header("Accept", "application/sparql-results+json")
        .POST(HttpRequest.BodyPublishers.ofString(query)), READER);
  }

  /** A {@code bin/taskscope} run as users type it: exit code, standard output, standard error. */
  record Cli(int exit, String out, String err) {}

  Cli cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
        launcher().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("taskscope " + String.join(" ", args) + " did not finish within 120 s");
    }
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Polls {@code path} (reader token) until it answers 200; the answer. */
  HttpResponse<String> await(String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> r;
    do {
      r = get(path, READER);
      if (r.statusCode() == 200) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("GET " + path + " still " + r.statusCode() + " after " + timeout + ": " + r.body()
        + "\nserve log:\n" + serveLog());
  }

  @Override
  public void close() throws IOException {
    try {
      stopServe();
    } finally {
      MockApiServers.stop(kube::destroy);
      ServerProcess.deleteTree(dir);
    }
  }
}
