package io.taskscope.kb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: Debian's server binaries ({@code /usr/lib/postgresql/<newest>/bin}),
 * {@code initdb -A trust -U postgres} into a temp dir, {@code pg_ctl start} on a free port, listening on 127.0.0.1
 * with its socket in that dir, fsync off. When the tests run as root, the dir is chowned to {@code postgres} and the
 * binaries run through {@code runuser -u postgres --} (PostgreSQL refuses to run as root). {@link #close} stops it
 * ({@code -m immediate}) and deletes the dir.
 *
 * <p>Published in kb's test jar; the end-to-end tests of the PostgreSQL push store use it too.
 */
public final class PostgresProcess implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;

  private PostgresProcess(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** The newest installed server's bin directory, or null when PostgreSQL is not installed. */
  public static Path findBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
          .sorted().reduce((a, b) -> b).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  public static PostgresProcess start() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql");
    }
    Path dir = Files.createTempDirectory("taskscope-pg-");
    Files.createDirectories(dir.resolve("sock"));
    if (isRoot()) {
      run("chown", "-R", "postgres:postgres", dir.toString());
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresProcess p = new PostgresProcess(bin, dir, port);
    try {
      p.pg("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "--no-sync");
      p.pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
          "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    } catch (Exception e) {
      run("rm", "-rf", dir.toString());
      throw e;
    }
    return p;
  }

  public int port() {
    return port;
  }

  /** SQLAlchemy-style URL, as Sedna's KB_URL would name it. */
  public String sqlalchemyUrl(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  @Override
  public void close() throws Exception {
    try {
      pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
    } finally {
      run("rm", "-rf", dir.toString());
    }
  }

  private void pg(String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd.toArray(new String[0]));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }
}
