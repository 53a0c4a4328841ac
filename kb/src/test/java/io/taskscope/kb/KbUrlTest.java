package io.taskscope.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KbUrlTest {
  private static final Path BASE = Path.of("/srv/work");

  @Test
  void sqlalchemyThreeSlashesIsRelativeToTheBaseDir() {
    KbUrl u = KbUrl.parse("sqlite:///db/kb.sqlite3", BASE);
    assertThat(u.kind()).isEqualTo(KbUrl.Kind.SQLITE);
    assertThat(u.sqliteFile()).isEqualTo(Path.of("/srv/work/db/kb.sqlite3"));
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/work/db/kb.sqlite3");
    assertThat(KbUrl.parse("sqlite:///db/kb.sqlite3", Path.of("/")).sqliteFile())
        .isEqualTo(Path.of("/db/kb.sqlite3"));
  }

  @Test
  void sqlalchemyFourSlashesIsAbsolute() {
    assertThat(KbUrl.parse("sqlite:////opt/kb-data/kb.sqlite3", BASE).sqliteFile())
        .isEqualTo(Path.of("/opt/kb-data/kb.sqlite3"));
    assertThat(KbUrl.parse("sqlite+pysqlite:////opt/kb.db?timeout=5", BASE).sqliteFile())
        .isEqualTo(Path.of("/opt/kb.db"));
  }

  @Test
  void jdbcAndPlainPaths() {
    assertThat(KbUrl.parse("jdbc:sqlite:/opt/kb.db", BASE).sqliteFile()).isEqualTo(Path.of("/opt/kb.db"));
    assertThat(KbUrl.parse("jdbc:sqlite:file:/opt/kb.db?mode=ro", BASE).sqliteFile()).isEqualTo(Path.of("/opt/kb.db"));
    assertThat(KbUrl.parse("lifelong_kb.sqlite3", BASE).sqliteFile())
        .isEqualTo(Path.of("/srv/work/lifelong_kb.sqlite3"));
  }

  @Test
  void inMemorySqliteIsRefused() {
    assertThatThrownBy(() -> KbUrl.parse("sqlite://", BASE)).hasMessageContaining("in-memory");
    assertThatThrownBy(() -> KbUrl.parse("sqlite:///:memory:", BASE)).hasMessageContaining("in-memory");
    assertThatThrownBy(() -> KbUrl.parse("jdbc:sqlite::memory:", BASE)).hasMessageContaining("in-memory");
    assertThatThrownBy(() -> KbUrl.parse("mysql://u@h/db", BASE)).hasMessageContaining("unsupported");
  }

  @Test
  void sqlalchemyPostgresqlBecomesJdbcWithCredentialsAsPropertiesAndRedactedDisplay() {
    KbUrl u = KbUrl.parse("postgresql+psycopg2://sedna:p%40ss@db.sedna:5432/kb?sslmode=disable", BASE);
    assertThat(u.kind()).isEqualTo(KbUrl.Kind.POSTGRESQL);
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.sedna:5432/kb?sslmode=disable");
    assertThat(u.properties()).containsEntry("user", "sedna").containsEntry("password", "p@ss");
    assertThat(u.display()).isEqualTo("postgresql+psycopg2://sedna:***@db.sedna:5432/kb?sslmode=disable")
        .doesNotContain("p@ss");
    assertThat(KbUrl.parse("postgres://h/kb", BASE).jdbcUrl()).isEqualTo("jdbc:postgresql://h/kb");
    assertThat(KbUrl.parse("jdbc:postgresql://h/kb?user=a&password=secret", BASE).display())
        .isEqualTo("jdbc:postgresql://h/kb?user=a&password=***");
  }

  @Test
  void configFromFlatKeys() {
    KbConfig c = KbConfig.fromMap(Map.of("kb.url", "sqlite:///db/kb.sqlite3", "kb.server", "10.0.0.5:9020",
        "kb.node", "cloud-1", "kb.nodeType", "cloud", "kb.pollInterval", "30s", "kb.busyTimeout", "500ms"));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.busyTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.node()).isEqualTo("cloud-1");
    assertThat(KbConfig.of("x.db").pollInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThatThrownBy(() -> KbConfig.fromMap(Map.of("kb.url", "x", "kb.interval", "1")))
        .hasMessageContaining("unknown key kb.interval");
    assertThatThrownBy(() -> KbConfig.fromMap(Map.of("kb.url", "x", "kb.busyTimeout", "2 seconds")))
        .hasMessageStartingWith("kb.busyTimeout: invalid duration \"2 seconds\"");
  }
}
