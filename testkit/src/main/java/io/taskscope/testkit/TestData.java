package io.taskscope.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's {@code testdata/} folder (Sedna CRDs and objects, GLACIATION graphs, Simplepipe files; origin and
 * licence of each in {@code testdata/README.md}). Surefire passes its path as {@code -Dtaskscope.testdata}; a test
 * started another way (an IDE) finds it by walking up from the working directory. Nothing outside the repository is
 * read, so a fresh clone runs every test.
 */
public final class TestData {
  private static volatile Path root;

  private TestData() {}

  /** The {@code testdata/} folder. */
  public static Path root() {
    Path r = root;
    if (r == null) {
      r = find();
      root = r;
    }
    return r;
  }

  /** A path below {@code testdata/}, e.g. {@code path("sedna/objects")}; fails when it does not exist. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("no " + relative + " in " + root());
    }
    return p;
  }

  /** The text of a file below {@code testdata/}. */
  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path find() {
    String p = System.getProperty("taskscope.testdata");
    if (p != null && !p.isBlank() && Files.isDirectory(Path.of(p))) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("testdata/README.md"))) {
        return d.resolve("testdata");
      }
    }
    throw new IllegalStateException("testdata/ not found: set -Dtaskscope.testdata or run from the repository");
  }
}
