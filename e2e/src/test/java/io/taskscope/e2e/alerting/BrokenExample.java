package io.taskscope.e2e.alerting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A broken config example states in its first line, {@code # expect: TEXT}, what the checker must say about it. */
final class BrokenExample {
  private static final String PREFIX = "# expect: ";

  private BrokenExample() {}

  static String expectation(Path example) throws IOException {
    String first = Files.readAllLines(example).get(0);
    if (!first.startsWith(PREFIX) || first.length() == PREFIX.length()) {
      throw new IllegalStateException(example + " must start with '" + PREFIX + "<text the checker prints>'");
    }
    return first.substring(PREFIX.length()).trim();
  }
}
