package io.taskscope.push;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push store on SQLite (embedded default: WAL journal, one file) or PostgreSQL (shared by several replicas). One
 * table, one row per group:
 *
 * <pre>
 * CREATE TABLE push_groups (
 *   group_key     TEXT PRIMARY KEY,   -- GroupingKey.key(): sorted names and values, 0xFF-joined, escaped
 *   labels        TEXT NOT NULL,      -- grouping labels as JSON, for people reading the database
 *   tenant        TEXT NOT NULL,      -- owning tenant, '' without tenancy
 *   expires_at_ms BIGINT,             -- NULL = never
 *   version       BIGINT NOT NULL,    -- changes on every write (replicas poll it)
 *   data          BLOB / BYTEA NOT NULL)  -- the group (GroupCodec)
 * </pre>
 */
public final class JdbcPushStore implements PushStore {
  private static final Pattern PG_URL = Pattern.compile(
      "postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\\d+))?(?:/([^?]*))?(?:\\?(.*))?");

  private final Connection conn;
  private final boolean postgres;
  private final String description;

  private JdbcPushStore(Connection conn, boolean postgres, String description) throws SQLException {
    this.conn = conn;
    this.postgres = postgres;
    this.description = description;
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS push_groups (group_key TEXT PRIMARY KEY, labels TEXT NOT NULL, "
          + "tenant TEXT NOT NULL, expires_at_ms BIGINT, version BIGINT NOT NULL, data "
          + (postgres ? "BYTEA" : "BLOB") + " NOT NULL)");
    }
    conn.setAutoCommit(false);
    conn.commit();
  }

  /** SQLite file {@code push.db} under {@code dataDir}, WAL mode; {@code synchronous} FULL or NORMAL. */
  public static JdbcPushStore sqlite(Path dataDir, String synchronous) throws SQLException {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    Path file = dataDir.resolve("push.db");
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    // The driver otherwise runs a second statement after every write to offer generated keys nobody reads here.
    config.setGetGeneratedKeys(false);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=" + (synchronous == null ? "FULL" : synchronous));
      s.execute("PRAGMA busy_timeout=10000");
    }
    return new JdbcPushStore(c, false, "sqlite:" + file.toAbsolutePath());
  }

  /** PostgreSQL from {@code postgresql://user[:password]@host[:port]/db[?params]} or a {@code jdbc:postgresql:} URL. */
  public static JdbcPushStore postgres(String url) throws SQLException {
    String jdbc;
    Properties props = new Properties();
    String shown;
    if (url.startsWith("jdbc:postgresql:")) {
      jdbc = url;
      shown = url.replaceAll("password=[^&]*", "password=***");
    } else {
      Matcher m = PG_URL.matcher(url);
      if (!m.matches()) {
        throw new SQLException("not a PostgreSQL URL: " + url + " (use postgresql://user@host:port/db)");
      }
      String host = m.group(3).isEmpty() ? "localhost" : m.group(3);
      jdbc = "jdbc:postgresql://" + host + (m.group(4) != null ? ":" + m.group(4) : "") + "/"
          + (m.group(5) == null ? "" : m.group(5)) + (m.group(6) != null ? "?" + m.group(6) : "");
      if (m.group(1) != null && !m.group(1).isEmpty()) {
        props.setProperty("user", java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
      }
      if (m.group(2) != null) {
        props.setProperty("password", java.net.URLDecoder.decode(m.group(2),
            java.nio.charset.StandardCharsets.UTF_8));
      }
      shown = jdbc;
    }
    Connection c = DriverManager.getConnection(jdbc, props);
    return new JdbcPushStore(c, true, "postgresql:" + shown);
  }

  /** {@code postgresql://…} / {@code jdbc:postgresql:…} → PostgreSQL; anything else is an error. */
  public static boolean isPostgresUrl(String url) {
    return url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql:");
  }

  @Override
  public List<Row> loadAll() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT group_key, version, data FROM push_groups")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
      }
    } finally {
      conn.commit();
    }
    return rows;
  }

  @Override
  public List<Row> load(Collection<String> keys) throws SQLException {
    List<Row> rows = new ArrayList<>(keys.size());
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT group_key, version, data FROM push_groups WHERE group_key = ?")) {
      for (String k : keys) {
        ps.setString(1, k);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
          }
        }
      }
    } finally {
      conn.commit();
    }
    return rows;
  }

  @Override
  public Map<String, Long> versions() throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT group_key, version FROM push_groups")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    } finally {
      conn.commit();
    }
    return out;
  }

  @Override
  public void apply(List<Write> writes) throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    try (PreparedStatement up = conn.prepareStatement(
            "INSERT INTO push_groups (group_key, labels, tenant, expires_at_ms, version, data) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (group_key) DO UPDATE SET labels = excluded.labels, tenant = excluded.tenant, "
                + "expires_at_ms = excluded.expires_at_ms, version = excluded.version, data = excluded.data");
        PreparedStatement del = conn.prepareStatement("DELETE FROM push_groups WHERE group_key = ?")) {
      boolean ups = false;
      boolean dels = false;
      for (Write w : writes) {
        if (w.data() == null) {
          del.setString(1, w.key());
          del.addBatch();
          dels = true;
          if (postgres) {
            // keep statement order: PostgreSQL batches run in order per statement only
            del.executeBatch();
            dels = false;
          }
        } else {
          if (dels) {
            del.executeBatch();
            dels = false;
          }
          up.setString(1, w.key());
          up.setString(2, w.labelsJson());
          up.setString(3, w.tenant());
          if (w.expiresAtMillis() == null) {
            up.setNull(4, java.sql.Types.BIGINT);
          } else {
            up.setLong(4, w.expiresAtMillis());
          }
          up.setLong(5, w.version());
          up.setBytes(6, w.data());
          up.executeUpdate();
          ups = true;
        }
      }
      if (dels) {
        del.executeBatch();
      }
      conn.commit();
    } catch (SQLException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // the connection is broken; the caller reports the first error
      }
      throw e;
    }
  }

  @Override
  public boolean shared() {
    return postgres;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
