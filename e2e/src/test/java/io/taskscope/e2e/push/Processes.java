package io.taskscope.e2e.push;

import io.taskscope.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The servers of the push tests, each a {@link ServerProcess}: a real Pushgateway or a TaskScope push hub. */
final class Processes {
  private Processes() {}

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
  static ServerProcess pushgateway() throws Exception {
    String binary = pushgatewayBinary();
    Path dir = Files.createTempDirectory("pushgateway");
    int port = ServerProcess.freePort();
    return ServerProcess.start("pushgateway", dir, List.of(binary, "--web.listen-address=127.0.0.1:" + port,
        "--web.enable-admin-api", "--persistence.file=" + dir.resolve("persistence"), "--log.level=warn"),
        "http://127.0.0.1:" + port, "/-/ready", Duration.ofSeconds(20));
  }

  /** The classpath of this test JVM (surefire's full test classpath when it runs under surefire). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** {@code taskscope serve --push-only} in a child JVM with a fresh data directory. */
  static ServerProcess taskscope(boolean adminApi, String... extraArgs) throws Exception {
    Path dir = Files.createTempDirectory("taskscope-push");
    int port = ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath(), "io.taskscope.server.Main", "serve", "--push-only",
        "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()));
    if (adminApi) {
      cmd.add("--enable-admin-api");
    }
    cmd.addAll(List.of(extraArgs));
    // a child JVM loading the whole server takes longer than a Go binary
    return ServerProcess.start("taskscope", dir, cmd, "http://127.0.0.1:" + port, "/-/healthy", Duration.ofSeconds(60));
  }
}
