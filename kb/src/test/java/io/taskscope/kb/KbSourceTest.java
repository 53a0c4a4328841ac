package io.taskscope.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.Sample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbSourceTest {
  @TempDir Path dir;
  private Path db;
  private PrometheusRegistry registry;
  private KbSource source;

  @BeforeEach
  void setUp() {
    db = dir.resolve("db").resolve("kb.sqlite3");
    registry = new PrometheusRegistry();
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
  }

  private KbSource source() {
    // Sedna's own KB_URL, relative to a base dir, as in the KB container (cwd /, hostPath mounted at /db).
    KbConfig cfg = new KbConfig("sqlite:///db/kb.sqlite3", "10.96.0.12:9020", "cloud-node-1", "cloud",
        Duration.ofMillis(100), Duration.ofMillis(200), dir);
    source = new KbSource(cfg, registry);
    return source;
  }

  private String scrape() throws Exception {
    Exposition e = new Exposition(registry, () -> List.of(source));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.write(out, Exposition.Format.TEXT);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String openMetrics() throws Exception {
    Exposition e = new Exposition(registry, () -> List.of(source));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.write(out, Exposition.Format.OPENMETRICS);
    return out.toString(StandardCharsets.UTF_8);
  }

  static void fillLikeTheKbServer(Connection c) throws Exception {
    KbDatabase.createSednaSchema(c);
    KbDatabase.createCustomMetricTables(c);
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("sunny", "s3://kb/models/sunny.pkl",
        KbDatabase.Task.train("sunny-t1", "{\"weather\":\"sunny\",\"light\":0.9,\"outdoor\":true,\"meta\":{\"a\":1}}",
            120, "s3://kb/data/sunny-t1/train.txt"),
        KbDatabase.Task.train("sunny-t2", null, 80, "")));
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("rainy", "s3://kb/models/rainy.pkl",
        KbDatabase.Task.train("rainy-t1", "\"rainy\"", 50, "s3://kb/data/rainy-t1/train.txt")));
    // Evaluation samples of a known task, uploaded later (a second update of the same group).
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("sunny", "s3://kb/models/sunny-v2.pkl",
        KbDatabase.Task.eval("sunny-t1", null, 30, "s3://kb/data/sunny-t1/eval.txt")));
    KbDatabase.updateStatus(c, true, "sunny");
  }

  @Test
  void exportsSednaTablesAsSeries() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      fillLikeTheKbServer(c);
    }
    source();
    assertThat(source.pollNow()).isTrue();
    String text = scrape();
    assertThat(text)
        .contains("sedna_kb_info{server=\"10.96.0.12:9020\",node=\"cloud-node-1\",node_type=\"cloud\","
            + "database=\"sqlite:///db/kb.sqlite3\"} 1\n")
        .contains("sedna_kb_task_groups 2\n")
        .contains("sedna_kb_tasks 3\n")
        // sunny: 2 tasks, then 1 more task entry (sunny-t1 again) → task_num 3, as the server counts
        .contains("sedna_kb_task_group_tasks{task_group=\"sunny\"} 3\n")
        .contains("sedna_kb_task_group_samples{task_group=\"sunny\"} 230\n")
        .contains("sedna_kb_task_group_samples{task_group=\"rainy\"} 50\n")
        .contains("sedna_kb_task_group_status{task_group=\"sunny\",status=\"deployable\"} 1\n")
        .contains("sedna_kb_task_group_status{task_group=\"sunny\",status=\"not_deployable\"} 0\n")
        .contains("sedna_kb_task_group_status{task_group=\"rainy\",status=\"deployable\"} 0\n")
        .contains("sedna_kb_task_group_model_info{task_group=\"sunny\",model_id=\"1\","
            + "model_url=\"s3://kb/models/sunny-v2.pkl\",current=\"false\"} 1\n")
        .contains("sedna_kb_task_model_info{task=\"rainy-t1\",task_group=\"rainy\","
            + "model_url=\"s3://kb/models/rainy.pkl\"} 1\n")
        .contains("sedna_kb_task_relation_transfer_ratio{task_group=\"sunny\",task=\"sunny-t1\"} 0.3333333333333333\n")
        .contains("sedna_kb_task_relation_transfer_ratio{task_group=\"rainy\",task=\"rainy-t1\"} 1\n")
        .contains("sedna_kb_samples{sample_type=\"train\"} 250\n")
        .contains("sedna_kb_samples{sample_type=\"eval\"} 30\n")
        .contains("sedna_kb_samples{sample_type=\"hard\"} 0\n")
        .contains("sedna_kb_sample_sets{sample_type=\"train\"} 3\n")
        .contains("sedna_kb_task_samples{task=\"sunny-t1\",sample_type=\"train\"} 120\n")
        .contains("sedna_kb_task_samples{task=\"sunny-t1\",sample_type=\"eval\"} 30\n")
        .contains("sedna_kb_task_sample_info{task=\"sunny-t1\",sample_type=\"eval\","
            + "data_url=\"s3://kb/data/sunny-t1/eval.txt\"} 1\n")
        .contains("sedna_kb_task_sample_info{task=\"sunny-t2\",sample_type=\"train\",data_url=\"\"} 1\n")
        .contains("sedna_kb_task_info{task=\"sunny-t2\",attr=\"{}\"} 1\n")
        .contains("sedna_kb_task_info{task=\"rainy-t1\",attr=\"\\\"rainy\\\"\"} 1\n")
        .contains("sedna_kb_task_attribute_value{task=\"sunny-t1\",attribute=\"light\"} 0.9\n")
        .contains("sedna_kb_task_attribute_value{task=\"sunny-t1\",attribute=\"outdoor\"} 1\n")
        .contains("sedna_kb_task_attribute_info{task=\"sunny-t1\",attribute=\"weather\",value=\"sunny\"} 1\n")
        .contains("sedna_kb_task_attribute_info{task=\"rainy-t1\",attribute=\"value\",value=\"rainy\"} 1\n")
        .doesNotContain("attribute=\"meta\"")
        .contains("taskscope_source_up{source=\"kb\"} 1")
        .contains("# TYPE sedna_kb_task_group_status gauge");
    assertThat(text).containsPattern("sedna_kb_task_created_timestamp_seconds\\{task=\"sunny-t1\"} 1\\.[0-9]+e\\+09");
    double created = sample("sedna_kb_task_created_timestamp_seconds", "task", "sunny-t1").value();
    assertThat(created).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(120.0));
    assertThat(text).containsPattern("taskscope_kb_last_poll_success_timestamp_seconds 1\\.[0-9]+E9");
    // OpenMetrics: info and stateset families parse with their suffixes.
    assertThat(openMetrics()).contains("# TYPE sedna_kb info\n").contains("# TYPE sedna_kb_task_group_model info\n")
        .endsWith("# EOF\n");
    ByteArrayOutputStream proto = new ByteArrayOutputStream();
    new Exposition(registry, () -> List.of(source)).write(proto, Exposition.Format.PROTOBUF);
    assertThat(proto.size()).isGreaterThan(1000);
    if (Boolean.getBoolean("kb.print")) {
      System.out.println(text);
    }
  }

  private Sample sample(String name, String... labels) {
    return source.samples().stream().filter(s -> s.name().equals(name)).filter(s -> {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.label(labels[i]))) {
          return false;
        }
      }
      return true;
    }).findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + List.of(labels)));
  }

  @Test
  void longValuesAreCut() throws Exception {
    String longUrl = "s3://kb/" + "x".repeat(400);
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.createSednaSchema(c);
      KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("g", longUrl, KbDatabase.Task.train("t", null, 1, "")));
    }
    source().pollNow();
    String url = sample("sedna_kb_task_group_model_info", "task_group", "g").label("model_url");
    assertThat(url).hasSize(KbValues.MAX_LABEL_CHARS).startsWith("s3://kb/xxx").endsWith("…");
  }

  @Test
  void rowsAddedLaterAppearOnTheNextPollWithoutRestart() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.createSednaSchema(c);
      KbDatabase.createCustomMetricTables(c);
    }
    source().start();
    awaitScrape("sedna_kb_tasks 0\n");
    assertThat(scrape()).doesNotContain("sedna_kb_task_group_tasks{");
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("g1", "m1", KbDatabase.Task.train("t1", null, 5, "d1")));
      KbDatabase.defineMetric(c, "precision", "Precision of the task model", "gauge");
      KbDatabase.insertMetricValue(c, "precision", Map.of("task", "t1"), 0.75);
    }
    awaitScrape("sedna_kb_tasks 1\n");
    awaitScrape("precision{task=\"t1\"} 0.75\n");
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.insertMetricValue(c, "precision", Map.of("task", "t1"), 0.8);
      KbDatabase.updateStatus(c, true, "g1");
    }
    awaitScrape("precision{task=\"t1\"} 0.8\n");
    awaitScrape("sedna_kb_task_group_status{task_group=\"g1\",status=\"deployable\"} 1\n");
  }

  private void awaitScrape(String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = scrape();
      if (last.contains(expected)) {
        return;
      }
      Thread.sleep(20);
    }
    assertThat(last).contains(expected);
  }

  @Test
  void lockedDatabaseIsReportedAndLastGoodDataKept() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      fillLikeTheKbServer(c);
    }
    source();
    assertThat(source.pollNow()).isTrue();
    try (LogCapture log = new LogCapture();
        Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = writer.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      st.execute("UPDATE ll_task_grp SET task_num = 99");
      assertThat(source.pollNow()).isFalse();
      assertThat(source.pollNow()).isFalse();
      assertThat(source.up()).isFalse();
      assertThat(source.problem()).startsWith("locked: ").contains(db.toString());
      String text = scrape();
      assertThat(text).contains("taskscope_source_up{source=\"kb\"} 0")
          .contains("taskscope_kb_poll_errors_total{reason=\"locked\"} 2")
          .contains("sedna_kb_task_group_tasks{task_group=\"sunny\"} 3\n"); // last good data stays
      assertThat(log.count("event=kb_source_down reason=locked")).isEqualTo(1); // once per state change
      assertThat(log.text()).contains(db.toString());
      st.execute("COMMIT");
      assertThat(source.pollNow()).isTrue();
      assertThat(scrape()).contains("taskscope_source_up{source=\"kb\"} 1")
          .contains("sedna_kb_task_group_tasks{task_group=\"sunny\"} 99\n");
      assertThat(log.count("event=kb_source_up")).isEqualTo(1);
    }
  }

  @Test
  void pollsLeaveNoLockBehind() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      fillLikeTheKbServer(c);
    }
    source().pollNow();
    try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = writer.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      st.execute("BEGIN EXCLUSIVE"); // fails with SQLITE_BUSY if TaskScope still held a shared lock
      st.execute("COMMIT");
    }
    // And TaskScope wrote nothing: no journal, file unchanged by polls.
    long before = Files.getLastModifiedTime(db).toMillis();
    byte[] bytes = Files.readAllBytes(db);
    source.pollNow();
    assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
    assertThat(Files.getLastModifiedTime(db).toMillis()).isEqualTo(before);
  }

  @Test
  void missingFileIsReportedThenPickedUpWhenCreated() throws Exception {
    source();
    try (LogCapture log = new LogCapture()) {
      assertThat(source.pollNow()).isFalse();
      assertThat(source.problem()).startsWith("missing: ").contains(db.toString());
      assertThat(Files.exists(db)).isFalse(); // read-only: never created by TaskScope
      String text = scrape();
      assertThat(text).contains("taskscope_source_up{source=\"kb\"} 0")
          .contains("taskscope_kb_poll_errors_total{reason=\"missing\"} 1")
          .contains("sedna_kb_info{") // configuration facts are always there
          .doesNotContain("sedna_kb_tasks")
          .doesNotContain("taskscope_kb_last_poll_success_timestamp_seconds ");
      assertThat(log.text()).contains("reason=missing").contains(db.toString());
    }
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.createSednaSchema(c);
    }
    assertThat(source.pollNow()).isTrue();
    assertThat(scrape()).contains("taskscope_source_up{source=\"kb\"} 1").contains("sedna_kb_tasks 0\n");
  }

  @Test
  void fileThatIsNotSqliteIsReported() throws Exception {
    Files.createDirectories(db.getParent());
    Files.writeString(db, "this is not a database, it is a text file that is long enough to have a header.\n"
        .repeat(20));
    source();
    try (LogCapture log = new LogCapture()) {
      assertThat(source.pollNow()).isFalse();
      assertThat(source.problem()).startsWith("not_a_database: ").contains(db.toString());
      assertThat(scrape()).contains("taskscope_source_up{source=\"kb\"} 0")
          .contains("taskscope_kb_poll_errors_total{reason=\"not_a_database\"} 1");
      assertThat(log.text()).contains("reason=not_a_database").contains(db.toString());
    }
  }

  @Test
  void sqliteWithAForeignSchemaIsReportedNamingWhatIsMissing() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE something_else (id INTEGER PRIMARY KEY)");
      st.execute("CREATE TABLE ll_task_grp (id INTEGER PRIMARY KEY, name TEXT)");
    }
    source();
    try (LogCapture log = new LogCapture()) {
      assertThat(source.pollNow()).isFalse();
      assertThat(source.problem()).startsWith("foreign_schema: ").contains(db.toString())
          .contains("missing tables ll_tasks, ll_task_models, ll_task_relation, ll_samples, ll_task_sample")
          .contains("missing columns ll_task_grp.sample_num, ll_task_grp.task_num");
      assertThat(scrape()).contains("taskscope_source_up{source=\"kb\"} 0")
          .contains("taskscope_kb_poll_errors_total{reason=\"foreign_schema\"} 1");
      assertThat(log.text()).contains("reason=foreign_schema").contains("ll_task_sample");
    }
  }

  @Test
  void olderSednaWithoutGroupDeployColumnStillExports() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      KbDatabase.createSednaSchema(c);
      st.execute("ALTER TABLE ll_task_grp DROP COLUMN deploy");
      st.execute("INSERT INTO ll_task_grp (name, sample_num, task_num) VALUES ('g', 3, 1)");
    }
    assertThat(source().pollNow()).isTrue();
    assertThat(scrape()).contains("sedna_kb_task_group_tasks{task_group=\"g\"} 1\n")
        .doesNotContain("sedna_kb_task_group_status{");
  }

  @Test
  void coexistsWithTheKubeWatchersSourceUpGauge() throws Exception {
    // registered the way KubeWatcher registers it: same name and help (io.taskscope.core.SourceHealth), other labels
    GaugeWithCallback.builder().name(io.taskscope.core.SourceHealth.UP).help(io.taskscope.core.SourceHealth.UP_HELP)
        .labelNames("resource").callback(cb -> cb.call(1, "v1/Pod")).register(registry);
    source();
    String text = scrape();
    assertThat(text).containsOnlyOnce("# TYPE taskscope_source_up gauge")
        .contains("taskscope_source_up{resource=\"v1/Pod\"} 1")
        .contains("taskscope_source_up{source=\"kb\"} 0");
  }

  @Test
  void sednaSchemaMatchesTheKbServersTables() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db)) {
      KbDatabase.createSednaSchema(c);
      KbDatabase.createSednaSchema(c); // idempotent
      // name type notnull pk, from model.py (sedna-facts.md §7) as SQLAlchemy maps them for SQLite
      assertColumns(c, "ll_task_grp", "id INTEGER 1 1", "name VARCHAR(100) 1 0", "deploy BOOLEAN 0 0",
          "sample_num INTEGER 0 0", "task_num INTEGER 0 0");
      assertColumns(c, "ll_tasks", "id INTEGER 1 1", "name VARCHAR(100) 1 0", "task_attr TEXT 0 0",
          "created_at DATETIME 0 0", "updated_at DATETIME 0 0");
      assertColumns(c, "ll_task_models", "id INTEGER 1 1", "task_id INTEGER 1 0", "model_url TEXT 0 0",
          "is_current BOOLEAN 0 0", "created_at DATETIME 0 0");
      assertColumns(c, "ll_task_relation", "id INTEGER 1 1", "grp_id INTEGER 1 0", "task_id INTEGER 1 0",
          "transfer_radio FLOAT 0 0");
      assertColumns(c, "ll_samples", "id INTEGER 1 1", "data_url TEXT 0 0", "descr TEXT 0 0",
          "data_type SMALLINT 0 0", "updated_at DATETIME 0 0", "sample_num INTEGER 0 0");
      assertColumns(c, "ll_task_sample", "id INTEGER 1 1", "sample_id INTEGER 1 0", "task_id INTEGER 1 0");
      try (Statement st = c.createStatement()) {
        assertThat(query(st, "SELECT \"table\" || '.' || \"from\" || '->' || \"table\" FROM pragma_foreign_key_list('ll_task_models')"))
            .containsExactly("ll_task_grp.task_id->ll_task_grp");
        assertThat(query(st, "SELECT \"from\" || '->' || \"table\" FROM pragma_foreign_key_list('ll_task_relation') ORDER BY 1"))
            .containsExactly("grp_id->ll_task_grp", "task_id->ll_tasks");
        assertThat(query(st, "SELECT \"from\" || '->' || \"table\" FROM pragma_foreign_key_list('ll_task_sample') ORDER BY 1"))
            .containsExactly("sample_id->ll_samples", "task_id->ll_tasks");
        assertThat(query(st, "SELECT dflt_value FROM pragma_table_info('ll_tasks') WHERE name = 'created_at'"))
            .containsExactly("CURRENT_TIMESTAMP");
        // unique names
        assertThat(query(st, "SELECT ii.name FROM pragma_index_list('ll_task_grp') il,"
            + " pragma_index_info(il.name) ii WHERE il.\"unique\" = 1 AND il.origin = 'u'")).containsExactly("name");
        assertThat(query(st, "SELECT ii.name FROM pragma_index_list('ll_tasks') il,"
            + " pragma_index_info(il.name) ii WHERE il.\"unique\" = 1 AND il.origin = 'u'")).containsExactly("name");
        assertThat(query(st, "SELECT name FROM pragma_index_list('ll_samples') ORDER BY name"))
            .contains("ix_ll_samples_data_type", "ix_ll_samples_id");
      }
    }
  }

  private static void assertColumns(Connection c, String table, String... expected) throws Exception {
    try (Statement st = c.createStatement()) {
      assertThat(query(st, "SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || pk FROM pragma_table_info('"
          + table + "') ORDER BY cid")).as(table).containsExactly(expected);
    }
  }

  static List<String> query(Statement st, String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (var rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void fixtureWritesLikeTheKbServer() throws Exception {
    try (Connection c = KbDatabase.openSqlite(db); Statement st = c.createStatement()) {
      fillLikeTheKbServer(c);
      assertThat(query(st, "SELECT name || ' ' || deploy || ' ' || sample_num || ' ' || task_num FROM ll_task_grp"
          + " ORDER BY id")).containsExactly("sunny 1 230 3", "rainy 0 50 1");
      assertThat(query(st, "SELECT task_id || ' ' || model_url || ' ' || is_current FROM ll_task_models"))
          .containsExactly("1 s3://kb/models/sunny-v2.pkl 0", "2 s3://kb/models/rainy.pkl 0");
      assertThat(query(st, "SELECT grp_id || '-' || task_id || ' ' || transfer_radio FROM ll_task_relation ORDER BY id"))
          .containsExactly("1-1 0.333333333333333", "1-2 0.333333333333333", "2-3 1.0");
      assertThat(query(st, "SELECT data_type || ' ' || sample_num || ' ' || descr || '|' FROM ll_samples ORDER BY id"))
          .containsExactly("0 120 |", "0 80 |", "0 50 |", "1 30 |");
      assertThat(query(st, "SELECT count(*) FROM ll_task_sample")).containsExactly("4");
      assertThat(query(st, "SELECT task_attr FROM ll_tasks WHERE name = 'sunny-t2'")).containsExactly("{}");
      assertThat(KbDatabase.customMetricsVersion(c)).isEqualTo(1);
    }
  }
}
