package io.taskscope.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of docs/metrics.md: {@code | SeedName | `series` | type | labels | source |}. */
record MetricsDoc(List<Row> rows) {
  record Row(String seed, String series, String type, String labels, String source) {}

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*([A-Za-z][A-Za-z0-9 _()/.-]*?)\\s*\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|(.*)\\|\\s*$");

  static MetricsDoc load() throws IOException {
    Path p = Path.of("..", "docs", "metrics.md");
    if (!Files.exists(p)) {
      p = Path.of("docs", "metrics.md");
    }
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(p)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(new Row(m.group(1).trim(), m.group(2), m.group(3).trim(), m.group(4).trim(), m.group(5).trim()));
      }
    }
    return new MetricsDoc(rows);
  }

  Row bySeed(String seed) {
    return rows.stream().filter(r -> r.seed().equals(seed)).findFirst()
        .orElseThrow(() -> new AssertionError("docs/metrics.md has no row for seed metric " + seed));
  }
}
