package io.taskscope.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the repository's deploy/ tree (tests run in the e2e module directory). */
final class DeployTree {
  /** -Dtaskscope.deploy.dir=DIR checks another copy of the tree (e.g. one being edited). */
  static final Path DEPLOY = Path.of(System.getProperty("taskscope.deploy.dir", "../deploy")).toAbsolutePath()
      .normalize();
  static final List<String> OVERLAYS = List.of("sedna", "workloads", "pipelines", "sharded");

  private DeployTree() {}

  static Path resolve(String relative) {
    return DEPLOY.resolve(relative);
  }

  static Path overlay(String name) {
    return DEPLOY.resolve("overlays").resolve(name);
  }

  /** File names in a deploy/ directory ending with the suffix, sorted. */
  static List<String> files(String dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(DEPLOY.resolve(dir))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
    }
  }

  /** kubectl kustomize on a deploy/ directory; fails the test with kubectl's message when it does not render. */
  static Bundle render(Path dir) throws Exception {
    Kustomize.Result r = Kustomize.build(dir);
    if (!r.ok()) {
      throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + r.stderr());
    }
    return Bundle.parse(r.stdout());
  }
}
