package io.taskscope.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The kustomize builds: "base" (deploy/) and every overlay by name. */
  static List<String> profiles() {
    return Stream.concat(Stream.of("base"), OVERLAYS.stream()).toList();
  }

  /** The directory of a build: deploy/ for "base", else deploy/overlays/NAME. */
  static Path profileDir(String profile) {
    return profile.equals("base") ? DEPLOY : overlay(profile);
  }

  /** kubectl kustomize of a build by name ("base" or an overlay's). */
  static Bundle render(String profile) throws Exception {
    return render(profileDir(profile));
  }

  /** Every build, rendered, by name: the base first, then the overlays. */
  static Map<String, Bundle> renderAll() throws Exception {
    Map<String, Bundle> out = new LinkedHashMap<>();
    for (String p : profiles()) {
      out.put(p, render(p));
    }
    return out;
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
