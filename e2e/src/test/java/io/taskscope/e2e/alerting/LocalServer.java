package io.taskscope.e2e.alerting;

import io.taskscope.e2e.PrometheusProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server binary from Debian's packages (Alertmanager, InfluxDB) started by a test in its own temporary directory,
 * on loopback ports; {@link #close()} stops it and removes the directory.
 */
final class LocalServer implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path dir;
  private final String base;

  private LocalServer(String name, Process process, Path dir, String base) {
    this.name = name;
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  static int freePort() throws IOException {
    return PrometheusProcess.freePort();
  }

  /**
   * Runs {@code command} with its output in {@code dir/server.log} and waits until {@code base + readyPath} answers
   * 2xx. On failure the process is stopped and {@code dir} removed.
   */
  static LocalServer start(String name, Path dir, List<String> command, String base, String readyPath)
      throws Exception {
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      deleteTree(dir);
      throw new IllegalStateException(command.get(0) + " not found: bin/test installs it from Debian's packages");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    LocalServer server = new LocalServer(name, p, dir, base);
    try {
      server.awaitReady(readyPath, Duration.ofSeconds(30));
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(String path, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready within " + timeout + ": " + log());
  }

  String base() {
    return base;
  }

  String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
