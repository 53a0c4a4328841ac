package io.taskscope.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomMetricsTest {
  @TempDir Path dir;
  private Path db;
  private PrometheusRegistry registry;
  private KbSource source;

  @BeforeEach
  void setUp() throws Exception {
    db = dir.resolve("kb.sqlite3");
    registry = new PrometheusRegistry();
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.createSednaSchema(c);
      KbDatabase.createCustomMetricTables(c);
      KbDatabase.createCustomMetricTables(c); // idempotent
    }
    source = new KbSource(new KbConfig(db.toString(), "", "", "", Duration.ofSeconds(15), Duration.ofMillis(200),
        dir), registry);
  }

  @AfterEach
  void tearDown() {
    source.close();
  }

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Exposition(registry, () -> List.of(source)).write(out, Exposition.Format.TEXT);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneSeriesPerLabelSetWithTheNewestValue() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      long precision = KbDatabase.defineMetric(c, "precision", "Precision of a task model", "gauge");
      KbDatabase.defineMetric(c, "recall", "", "gauge");
      // Rows with explicit timestamps, out of insertion order: the newest by ts wins, not the last inserted.
      st.execute("INSERT INTO Metric_value (metric_id, labels, value, ts) VALUES"
          + " (" + precision + ", '{\"task\":\"t1\",\"model\":\"new\"}', 0.91, '2025-01-01 10:00:05'),"
          + " (" + precision + ", '{\"task\":\"t1\",\"model\":\"new\"}', 0.85, '2025-01-01 10:00:01'),"
          + " (" + precision + ", '{\"model\":\"new\",\"task\":\"t1\"}', 0.80, '2025-01-01 10:00:03'),"
          + " (" + precision + ", '{\"task\":\"t1\",\"model\":\"old\"}', 0.7, '2025-01-01 10:00:00'),"
          + " (" + precision + ", '{\"task\":\"t2\",\"model\":\"new\",\"round\":3,\"final\":true}', 0.5, '2025-01-01 10:00:00'),"
          + " (" + precision + ", '{}', 0.6, '2025-01-01 10:00:00')");
      KbDatabase.insertMetricValue(c, "recall", Map.of("task", "t1"), 0.66);
    }
    assertThat(source.pollNow()).isTrue();
    String text = scrape();
    assertThat(text)
        .contains("# HELP precision Precision of a task model\n# TYPE precision gauge\n")
        .contains("precision{model=\"new\",task=\"t1\"} 0.91\n")
        .contains("precision{model=\"old\",task=\"t1\"} 0.7\n")
        .contains("precision{final=\"true\",model=\"new\",round=\"3\",task=\"t2\"} 0.5\n")
        .contains("precision 0.6\n")
        .contains("# HELP recall Custom metric recall (KB table Metric)\n")
        .contains("recall{task=\"t1\"} 0.66\n");
    assertThat(text.lines().filter(l -> l.startsWith("precision{model=\"new\",task=\"t1\"}"))).hasSize(1);
  }

  @Test
  void countersAreExportedWithTotal() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.defineMetric(c, "inference_done", "Samples inferred", "counter");
      KbDatabase.defineMetric(c, "hard_examples_total", "Hard examples", "COUNTER");
      KbDatabase.insertMetricValue(c, "inference_done", Map.of("task", "t1"), 10);
      KbDatabase.insertMetricValue(c, "inference_done", Map.of("task", "t1"), 12);
      KbDatabase.insertMetricValue(c, "hard_examples_total", Map.of(), 3);
    }
    source.pollNow();
    String text = scrape();
    assertThat(text).contains("# TYPE inference_done_total counter\ninference_done_total{task=\"t1\"} 12\n")
        .contains("# TYPE hard_examples_total counter\nhard_examples_total 3\n");
    ByteArrayOutputStream om = new ByteArrayOutputStream();
    new Exposition(registry, () -> List.of(source)).write(om, Exposition.Format.OPENMETRICS);
    assertThat(om.toString(StandardCharsets.UTF_8)).contains("# TYPE inference_done counter\n");
  }

  @Test
  void badNamesAndBadLabelsAreSkippedCountedAndLoggedOnce() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      KbDatabase.defineMetric(c, "good", "ok", "gauge");
      st.execute("INSERT INTO Metric (name, help, type) VALUES ('bad name', '', 'gauge'), ('1starts_with_digit', '',"
          + " 'gauge'), ('sedna_kb_tasks', '', 'gauge'), ('clash', '', 'counter'), ('clash_total', '', 'counter'),"
          + " ('rate_total', '', 'gauge'), ('dup', '', 'gauge'), ('dup_total', '', 'counter')");
      // The CHECK constraint keeps other types out of a v1 table; an older hand-made table may have them.
      st.execute("PRAGMA ignore_check_constraints = ON");
      st.execute("INSERT INTO Metric (name, help, type) VALUES ('histo', '', 'histogram')");
      st.execute("PRAGMA ignore_check_constraints = OFF");
      KbDatabase.insertMetricValue(c, "good", Map.of("task", "t1"), 1);
      KbDatabase.insertMetricValueRaw(c, "good", "{not json", 2);
      KbDatabase.insertMetricValueRaw(c, "good", "[1,2]", 3);
      KbDatabase.insertMetricValueRaw(c, "good", "{\"nested\":{\"a\":1}}", 4);
      KbDatabase.insertMetricValueRaw(c, "good", "{\"bad-label\":\"x\"}", 5);
      KbDatabase.insertMetricValueRaw(c, "good", "{\"__reserved\":\"x\"}", 6);
      KbDatabase.insertMetricValueRaw(c, "good", "", 7); // no labels
      for (String m : List.of("bad name", "1starts_with_digit", "sedna_kb_tasks", "clash", "clash_total", "histo",
          "rate_total", "dup", "dup_total")) {
        KbDatabase.insertMetricValue(c, m, Map.of(), 1);
      }
    }
    try (LogCapture log = new LogCapture()) {
      assertThat(source.pollNow()).isTrue();
      assertThat(source.pollNow()).isTrue();
      String text = scrape();
      assertThat(text).contains("good{task=\"t1\"} 1\n").contains("good 7\n")
          .contains("clash_total 1\n").contains("# TYPE dup gauge\ndup 1\n").doesNotContain("dup_total")
          .doesNotContain("rate_total")
          .doesNotContain("bad name").doesNotContain("1starts_with_digit").doesNotContain("histo")
          .contains("sedna_kb_tasks 0\n") // the KB family, not the custom row of that name
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"bad_name\"} 3")
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"reserved_name\"} 1")
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"bad_type\"} 1")
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"name_conflict\"} 2")
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"bad_labels\"} 3")
          .contains("taskscope_kb_custom_metrics_skipped{reason=\"bad_label_name\"} 2")
          .contains("taskscope_source_up{source=\"kb\"} 1");
      assertThat(text.lines().filter(l -> l.startsWith("sedna_kb_tasks "))).hasSize(1);
      assertThat(source.customSkipped()).containsEntry("bad_labels", 3);
      // logged once although polled twice
      assertThat(log.count("event=kb_custom_metric_skipped metric=\"bad name\"")).isEqualTo(1);
      assertThat(log.count("reason=bad_labels")).isEqualTo(3);
      assertThat(log.text()).contains("{not json is not JSON").contains("label name \"bad-label\"")
          .contains("would be exported as clash_total, which clashes");
    }
  }

  @Test
  void noCustomTablesMeansNoCustomMetricsAndNoError() throws Exception {
    Path plain = dir.resolve("plain.sqlite3");
    try (Connection c = KbDatabase.openSqlite(plain)) {
      KbDatabase.createSednaSchema(c);
      assertThat(KbDatabase.customMetricsVersion(c)).isZero();
    }
    try (KbSource s = new KbSource(KbConfig.of(plain.toString()), new PrometheusRegistry())) {
      assertThat(s.pollNow()).isTrue();
      assertThat(s.errorCounts()).isEmpty();
    }
  }

  @Test
  void brokenCustomTablesKeepTheSednaSeriesAndTheLastGoodCustomOnes() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.defineMetric(c, "good", "ok", "gauge");
      KbDatabase.insertMetricValue(c, "good", Map.of(), 1);
    }
    assertThat(source.pollNow()).isTrue();
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE Metric_value RENAME COLUMN value TO val");
      KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("g", "m", KbDatabase.Task.train("t", null, 1, "")));
    }
    try (LogCapture log = new LogCapture()) {
      assertThat(source.pollNow()).isTrue();
      assertThat(scrape()).contains("sedna_kb_tasks 1\n").contains("good 1\n")
          .contains("taskscope_kb_poll_errors_total{reason=\"custom_metrics\"} 1");
      assertThat(log.text()).contains("event=kb_custom_metrics_unreadable").contains(db.toString());
    }
  }

  @Test
  void ddlHasOneBlockPerDatabase() {
    List<String> sqlite = KbDatabase.statements(KbDatabase.CUSTOM_METRICS_DDL, "sqlite");
    List<String> pg = KbDatabase.statements(KbDatabase.CUSTOM_METRICS_DDL, "postgresql");
    assertThat(sqlite).hasSize(5).anyMatch(s -> s.contains("AUTOINCREMENT"));
    assertThat(pg).hasSize(5).anyMatch(s -> s.contains("SERIAL")).noneMatch(s -> s.contains("AUTOINCREMENT"));
    assertThat(KbDatabase.statements(KbDatabase.SEDNA_SCHEMA_DDL, "sqlite")).hasSize(18);
  }
}
