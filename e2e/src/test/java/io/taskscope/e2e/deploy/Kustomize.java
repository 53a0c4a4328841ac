package io.taskscope.e2e.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code kubectl kustomize DIR}: the kustomize built into kubectl (K8sTools' kubectl 1.33), as users run it. */
final class Kustomize {
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Kustomize() {}

  static Result build(Path dir) throws IOException, InterruptedException {
    K8sTools.Result r = K8sTools.run("kubectl", List.of("kustomize", dir.toString()));
    return new Result(r.exitCode(), r.stdout(), r.stderr());
  }
}
