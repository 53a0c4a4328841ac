package io.taskscope.kg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads shared fixtures from {@code -Dtaskscope.shared} (surefire sets it), else {@code ../../shared}. */
final class Fixtures {
  private Fixtures() {}

  static Path shared() {
    String p = System.getProperty("taskscope.shared");
    Path dir = p != null ? Path.of(p) : Path.of("../../shared");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("../../shared");
    }
    return dir;
  }

  static byte[] glaciation(String name) {
    try {
      return Files.readAllBytes(shared().resolve("fixtures/glaciation").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
