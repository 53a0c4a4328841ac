package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs sdk-python's tests ({@code /usr/bin/python3 -m unittest discover -s sdk-python/tests}) with {@code TASKSCOPE_URL}
 * pointing at a real {@code taskscope serve --push-only}: the stdlib-only SDK (unit tests with a local peer, and
 * against the server), its {@code python3 -m taskscope_sdk push} entry point, and Debian's python3-prometheus-client
 * push_to_gateway / pushadd_to_gateway / delete_from_gateway. Every test must run: none may be skipped.
 */
class PythonSdkTest {
  static final Path SDK = Path.of("..", "sdk-python").toAbsolutePath().normalize();

  @Test
  void pythonTestsPassAgainstTaskScope() throws Exception {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    try (ServerProcess ts = Processes.taskscope(false)) {
      ProcessBuilder pb = new ProcessBuilder(python, "-m", "unittest", "discover", "-v", "-s",
          SDK.resolve("tests").toString())
          .directory(SDK.toFile()).redirectErrorStream(true);
      pb.environment().put("TASKSCOPE_URL", ts.base());
      pb.environment().remove("PYTHONPATH");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as("python3 -m unittest output:%n%s%nserver log:%n%s", out, ts.log()).isZero();
      Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(out);
      assertThat(ran.find()).as(out).isTrue();
      assertThat(Integer.parseInt(ran.group(1))).as(out).isGreaterThanOrEqualTo(25);
      assertThat(out).as("no Python test may be skipped when TASKSCOPE_URL is set:%n%s", out)
          .doesNotContain("skipped").contains("\nOK");
    }
  }
}
