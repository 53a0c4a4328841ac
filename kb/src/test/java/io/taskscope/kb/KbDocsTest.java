package io.taskscope.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every seed row of docs/metrics.md "Knowledge base (lifelong learning)" has data in the simulated KB of the demo
 * ({@link KbDemoData}), with the documented type and labels: what the end-to-end test will later check in Prometheus.
 */
class KbDocsTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| ([^|`]+?) \\| `([a-zA-Z_:][a-zA-Z0-9_:]*)` \\| (\\w+) \\|\\s*([^|]*?)\\s*\\| .*\\|$");

  @TempDir Path dir;

  static List<String[]> kbSeedRows() throws Exception {
    Path doc = Path.of("..", "docs", "metrics.md");
    List<String[]> rows = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("## ")) {
        in = line.equals("## Knowledge base (lifelong learning)");
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (in && m.matches()) {
        rows.add(new String[] {m.group(1).trim(), m.group(2), m.group(3), m.group(4).trim()});
      }
    }
    return rows;
  }

  @Test
  void everyDocumentedSeedRowHasDataInTheDemoKb() throws Exception {
    Path file = dir.resolve("kb.sqlite3");
    KbDemoData.create(file);
    KbDemoData.create(file); // re-open of an existing demo file adds nothing
    for (int n = 0; n < 6; n++) {
      KbDemoData.tick(file, n);
    }
    List<String[]> rows = kbSeedRows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(24);
    try (KbSource s = new KbSource(KbConfig.of(file.toString()).withPlacement("10.96.0.20:9020", "cloud-node-1",
        "cloud"), new PrometheusRegistry())) {
      assertThat(s.pollNow()).isTrue();
      Map<String, FamilyHeader> headers = new HashMap<>();
      Map<String, List<Sample>> samples = new HashMap<>();
      s.collect((h, b) -> {
        headers.put(h.name(), h);
        b.forEachSample(x -> samples.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(x));
      });
      for (String[] r : rows) {
        String series = r[1];
        assertThat(samples.get(series)).as("samples of %s (%s)", series, r[0]).isNotEmpty();
        assertThat(headers.get(series).type().openMetricsName()).as("type of %s", series).isEqualTo(r[2]);
        for (String label : r[3].split(",\\s*")) {
          String name = label.replaceAll("=.*", "").trim();
          if (!name.isEmpty()) {
            assertThat(samples.get(series)).as("label %s of %s", name, series)
                .allMatch(x -> x.label(name) != null);
          }
        }
      }
      assertThat(samples.get("sedna_kb_samples")).allMatch(x -> x.value() > 0);
      assertThat(samples.get("sedna_kb_task_sample_info")).anyMatch(x -> "hard".equals(x.label("sample_type")));
    }
  }
}
