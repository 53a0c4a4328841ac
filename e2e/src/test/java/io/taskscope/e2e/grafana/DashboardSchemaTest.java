package io.taskscope.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every dashboard (logs.json included) against Grafana's schema types; a broken example the same check rejects. */
class DashboardSchemaTest {
  @Test
  void everyDashboardMatchesGrafanasSchema() throws Exception {
    List<Path> files = Dashboard.readAll(GrafanaFiles.dashboards()).stream().map(Dashboard::file).toList();
    Map<Path, List<String>> problems = SchemaCheck.run(files);
    assertThat(problems).hasSize(GrafanaFiles.DASHBOARDS.size());
    List<String> all = problems.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(p -> e.getKey().getFileName() + ": " + p)).toList();
    assertThat(all).isEmpty();
  }

  @Test
  void schemaViolationsAreRejected() throws Exception {
    Path broken = GrafanaFiles.broken("schema-violation.json").toAbsolutePath();
    List<String> problems = SchemaCheck.run(List.of(broken)).get(broken);
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("(stat) options").contains("\"sparkline\""))
        .anySatisfy(p -> assertThat(p).contains("(timeseries) options").contains("placement"))
        .anySatisfy(p -> assertThat(p).startsWith("dashboard").contains("refesh"))
        .anySatisfy(p -> assertThat(p).startsWith("schemaVersion 36"))
        .hasSize(4);
  }
}
