package io.taskscope.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/taskscope serve} with bad sharding input, as users run it: exit 2 and one line on stderr. */
class ServeShardingCliTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(List<String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-u", "POD_NAME",
        "JAVA_HOME=" + System.getProperty("java.home")));
    cmd.addAll(env);
    cmd.add(CliProcessTest.LAUNCHER.toString());
    cmd.addAll(List.of(args));
    Path dir = Files.createTempDirectory("taskscope-shard-cli");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/taskscope " + String.join(" ", args) + " did not exit within 180 s");
    }
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    Files.delete(dir);
    return r;
  }

  private static String lastLine(String err) {
    // the launcher may print a line of its own and Maven's colour codes first when it rebuilds the jar
    String[] lines = err.replaceAll("\u001B\\[[0-9;]*m", "").strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void badShardInputExitsTwoWithOneLine() throws Exception {
    Run outside = run(List.of(), "serve", "--shard", "3", "--total-shards", "3");
    assertThat(outside.exit()).isEqualTo(2);
    assertThat(lastLine(outside.err())).isEqualTo("taskscope serve: --shard must be in 0..2 for --total-shards 3, got 3");
    assertThat(outside.out()).isEmpty();

    Run none = run(List.of(), "serve", "--shard", "0", "--total-shards", "0");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(lastLine(none.err())).isEqualTo("taskscope serve: --total-shards must be at least 1, got 0");

    Run noOrdinal = run(List.of("POD_NAME=taskscope-6d5f9c7b8-x2k4q"), "serve", "--total-shards", "3");
    assertThat(noOrdinal.exit()).isEqualTo(2);
    assertThat(lastLine(noOrdinal.err())).startsWith("taskscope serve: --pod taskscope-6d5f9c7b8-x2k4q: no StatefulSet ordinal");

    Run missing = run(List.of(), "serve", "--total-shards", "3");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(lastLine(missing.err())).contains("POD_NAME");

    Run beyond = run(List.of("POD_NAME=taskscope-3"), "serve", "--total-shards", "3");
    assertThat(beyond.exit()).isEqualTo(2);
    assertThat(lastLine(beyond.err())).contains("ordinal 3 is not a shard of --total-shards 3");
  }
}
