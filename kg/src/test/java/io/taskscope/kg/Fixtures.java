package io.taskscope.kg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the GLACIATION files of the repository's testdata/. */
final class Fixtures {
  private Fixtures() {}

  static byte[] glaciation(String name) {
    try {
      return Files.readAllBytes(io.taskscope.testkit.TestData.path("glaciation").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
