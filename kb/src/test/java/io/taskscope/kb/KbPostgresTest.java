package io.taskscope.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The KB source on a real PostgreSQL (skipped when Debian's postgresql server is not installed). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KbPostgresTest {
  private PostgresProcess pg;

  @BeforeAll
  void startPostgres() throws Exception {
    assertThat(PostgresProcess.findBin()).as("PostgreSQL server binaries (bin/test installs Debian's postgresql)").isNotNull();
    pg = PostgresProcess.start();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres")); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE kb");
      st.execute("CREATE DATABASE other");
    }
  }

  @AfterAll
  void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static String scrape(PrometheusRegistry registry, KbSource source) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Exposition(registry, () -> List.of(source)).write(out, Exposition.Format.TEXT);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void readsSednaTablesAndCustomMetricsFromPostgres() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("kb"))) {
      KbSourceTest.fillLikeTheKbServer(c);
      KbDatabase.createSednaSchema(c); // idempotent
      KbDatabase.createCustomMetricTables(c);
      assertThat(KbDatabase.customMetricsVersion(c)).isEqualTo(1);
      KbDatabase.defineMetric(c, "recall", "Recall", "gauge");
      KbDatabase.insertMetricValue(c, "recall", Map.of("task", "sunny-t1"), 0.5);
      KbDatabase.insertMetricValue(c, "recall", Map.of("task", "sunny-t1"), 0.6);
      KbDatabase.defineMetric(c, "uploads", "Uploads", "counter");
      KbDatabase.insertMetricValue(c, "uploads", Map.of(), 4);
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    KbConfig cfg = new KbConfig(pg.sqlalchemyUrl("kb"), "kb.sedna:9020", "master", "cloud", Duration.ofSeconds(15),
        null, null);
    try (KbSource source = new KbSource(cfg, registry)) {
      assertThat(source.pollNow()).as(String.valueOf(source.problem())).isTrue();
      String text = scrape(registry, source);
      assertThat(text)
          .contains("database=\"" + pg.sqlalchemyUrl("kb") + "\"")
          .contains("sedna_kb_task_groups 2\n")
          .contains("sedna_kb_tasks 3\n")
          .contains("sedna_kb_task_group_status{task_group=\"sunny\",status=\"deployable\"} 1\n")
          .contains("sedna_kb_task_relation_transfer_ratio{task_group=\"sunny\",task=\"sunny-t1\"} 0.3333333333333333\n")
          .contains("sedna_kb_samples{sample_type=\"eval\"} 30\n")
          .contains("sedna_kb_task_sample_info{task=\"sunny-t1\",sample_type=\"eval\","
              + "data_url=\"s3://kb/data/sunny-t1/eval.txt\"} 1\n")
          .contains("sedna_kb_task_attribute_value{task=\"sunny-t1\",attribute=\"light\"} 0.9\n")
          .contains("recall{task=\"sunny-t1\"} 0.6\n")
          .contains("uploads_total 4\n")
          .contains("taskscope_source_up{source=\"kb\"} 1");
      double created = source.samples().stream()
          .filter(s -> s.name().equals("sedna_kb_task_created_timestamp_seconds")).findFirst().orElseThrow().value();
      assertThat(created).isGreaterThan(1.7e9);
    }
  }

  @Test
  void foreignSchemaAndUnreachableServerAreReported() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("other")); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS ll_tasks (id SERIAL PRIMARY KEY)");
    }
    try (KbSource s = new KbSource(KbConfig.of(pg.jdbcUrl("other")), new PrometheusRegistry())) {
      assertThat(s.pollNow()).isFalse();
      assertThat(s.problem()).startsWith("foreign_schema: ").contains("missing tables ll_task_grp")
          .contains("missing columns ll_tasks.name");
    }
    try (KbSource s = new KbSource(KbConfig.of(pg.sqlalchemyUrl("nosuchdb")), new PrometheusRegistry())) {
      assertThat(s.pollNow()).isFalse();
      assertThat(s.problem()).startsWith("missing: ").contains("nosuchdb");
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (KbSource s = new KbSource(KbConfig.of("postgresql://u:secret@127.0.0.1:" + closed + "/kb"),
        new PrometheusRegistry())) {
      assertThat(s.pollNow()).isFalse();
      assertThat(s.problem()).startsWith("unreachable: ").contains("u:***@127.0.0.1").doesNotContain("secret");
    }
  }
}
