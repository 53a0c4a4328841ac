package io.taskscope.e2e.push;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A server process started by a test on a free loopback port: a real Pushgateway or a TaskScope push hub. */
final class Processes {
  private Processes() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A started server; {@link #close()} kills it and removes its directory. */
  static final class Server implements AutoCloseable {
    final String name;
    final Process process;
    final int port;
    final Path dir;

    Server(String name, Process process, int port, Path dir) {
      this.name = name;
      this.process = process;
      this.port = port;
      this.dir = dir;
    }

    String base() {
      return "http://127.0.0.1:" + port;
    }

    long pid() {
      return process.pid();
    }

    String log() {
      try {
        return Files.readString(dir.resolve("server.log"));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    void awaitReady(String path, Duration timeout) throws Exception {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + log());
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // still starting
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(name + " not ready within " + timeout + ": " + log());
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String pushgatewayBinary() {
    for (String p : new String[] {"/usr/bin/prometheus-pushgateway", "/usr/local/bin/pushgateway"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("prometheus-pushgateway not found: bin/test installs Debian's "
        + "'prometheus-pushgateway' package");
  }

  /** Debian's Pushgateway 1.5.1 with the admin API and a persistence file in a temporary directory. */
  static Server pushgateway() throws Exception {
    Path dir = Files.createTempDirectory("pushgateway");
    int port = freePort();
    ProcessBuilder pb = new ProcessBuilder(pushgatewayBinary(), "--web.listen-address=127.0.0.1:" + port,
        "--web.enable-admin-api", "--persistence.file=" + dir.resolve("persistence"), "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
    Server s = new Server("pushgateway", pb.start(), port, dir);
    s.awaitReady("/-/ready", Duration.ofSeconds(20));
    return s;
  }

  /** The classpath of this test JVM (surefire's full test classpath when it runs under surefire). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** {@code taskscope serve --push-only} in a child JVM with a fresh data directory. */
  static Server taskscope(boolean adminApi, String... extraArgs) throws Exception {
    Path dir = Files.createTempDirectory("taskscope-push");
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath(), "io.taskscope.server.Main", "serve", "--push-only",
        "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()));
    if (adminApi) {
      cmd.add("--enable-admin-api");
    }
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile());
    Server s = new Server("taskscope", pb.start(), port, dir);
    s.awaitReady("/-/healthy", Duration.ofSeconds(60));
    return s;
  }
}
