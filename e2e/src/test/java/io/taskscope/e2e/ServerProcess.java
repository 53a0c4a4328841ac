package io.taskscope.e2e;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server a test starts as a child process (Prometheus, node-exporter, Alertmanager, InfluxDB, Pushgateway, a
 * TaskScope JVM) in a directory of its own, with its output in {@code dir/server.log}, listening on loopback.
 * {@link #close()} stops it and removes the directory.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  /** How long a stopped server may take to exit on SIGTERM (Prometheus flushes its TSDB) before SIGKILL. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path dir;
  private final String base;

  private ServerProcess(String name, Process process, Path dir, String base) {
    this.name = name;
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  /** A port free on loopback now; another process may take it before the server binds it. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@link #start(String, Path, List, String, String, Duration)} waiting at most 30 s. */
  public static ServerProcess start(String name, Path dir, List<String> command, String base, String readyPath)
      throws Exception {
    return start(name, dir, command, base, readyPath, READY_TIMEOUT);
  }

  /**
   * Runs {@code command} with its output in {@code dir/server.log} and waits until {@code base + readyPath} answers
   * 2xx. If it does not (the binary is missing, the process exits, the time runs out) the process is stopped and
   * {@code dir} removed.
   */
  public static ServerProcess start(String name, Path dir, List<String> command, String base, String readyPath,
      Duration timeout) throws Exception {
    Path binary = Path.of(command.get(0));
    if (binary.isAbsolute() && !Files.isExecutable(binary)) {
      deleteTree(dir);
      throw new IllegalStateException(binary + " not found: bin/test installs it from Debian's packages");
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      deleteTree(dir);
      throw e;
    }
    ServerProcess server = new ServerProcess(name, process, dir, base);
    try {
      server.awaitReady(readyPath, timeout);
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(String path, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready within " + timeout + ": " + log());
  }

  public String name() {
    return name;
  }

  /** {@code http://host:port} the server answers on. */
  public String base() {
    return base;
  }

  public int port() {
    return URI.create(base).getPort();
  }

  public long pid() {
    return process.pid();
  }

  /** The process itself, for tests that kill it their own way (e.g. SIGKILL mid-load). */
  public Process process() {
    return process;
  }

  /** What the server wrote to stdout and stderr so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its directory. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  /** Removes {@code dir} and everything below it; nothing if it is null or gone. */
  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
