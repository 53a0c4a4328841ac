package io.taskscope.e2e.alerting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a command-line checker (promtool, amtool): its exit code and everything it printed. */
record Tool(int exitCode, String output) {

  static Tool run(String... command) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(command[0]))) {
      throw new IllegalStateException(command[0] + " not found: bin/test installs it from Debian's packages");
    }
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
    }
    return new Tool(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  boolean ok() {
    return exitCode == 0;
  }
}
