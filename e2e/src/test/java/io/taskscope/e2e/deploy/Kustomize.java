package io.taskscope.e2e.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize DIR}: the kustomize built into kubectl, as users run it. */
final class Kustomize {
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Kustomize() {}

  static String kubectl() {
    for (String p : new String[] {"/usr/bin/kubectl", "/usr/local/bin/kubectl"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("kubectl not found: bin/test installs Debian's 'kubernetes-client' package");
  }

  static Result build(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).start();
    // read both streams concurrently: a bundle with dashboards is several MB of stdout
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), out, err.join());
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
