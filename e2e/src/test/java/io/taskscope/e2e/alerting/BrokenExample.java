package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

  /** The checker under test: the same one the shipped file passes, given a fresh root and the helper files. */
  interface Check {
    Tool run(Path root, Path example, List<Path> helpers) throws Exception;
  }

  /**
   * Every {@code *.yml} in {@code dir} (at least {@code min}) fails {@code check} with the output its first line
   * expects. {@code shipped} helper files (rules, templates) come with each example, plus the broken ones in
   * {@code dir/helperDir}.
   */
  static void assertEachRejected(Path dir, String helperDir, List<Path> shipped, Path tmp, int min, Check check)
      throws Exception {
    List<Path> helpers = new ArrayList<>(shipped);
    try (Stream<Path> s = Files.list(dir.resolve(helperDir))) {
      helpers.addAll(s.sorted().toList());
    }
    List<Path> examples;
    try (Stream<Path> s = Files.list(dir)) {
      examples = s.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(min);
    for (Path example : examples) {
      Tool result = check.run(Files.createTempDirectory(tmp, "root"), example, helpers);
      assertThat(result.exitCode()).as(example.getFileName() + " must be rejected:\n" + result.output()).isNotZero();
      assertThat(result.output()).as(example.getFileName().toString()).contains(expectation(example));
    }
  }
}
