package io.taskscope.kb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a KB database the way Sedna's KB server does, for tests and for the demo's simulated lifelong-learning KB
 * ("KbFixture"). Every method takes an open read-write {@link Connection} (SQLite or PostgreSQL) and runs in its own
 * transaction when the connection is in auto-commit mode.
 *
 * <pre>{@code
 * try (Connection c = KbDatabase.openSqlite(dir.resolve("kb.sqlite3"))) {
 *   KbDatabase.createSednaSchema(c);            // ll_* tables, as init_db() creates them
 *   KbDatabase.createCustomMetricTables(c);     // Metric, Metric_value, taskscope_schema_version (v1)
 *   KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("sunny", "s3://kb/sunny.pkl",
 *       KbDatabase.Task.train("sunny-t1", "{\"weather\":\"sunny\"}", 120, "s3://data/sunny/train.txt")));
 *   KbDatabase.updateStatus(c, true, "sunny");   // POST /knowledgebase/update/status {status: 1, tasks: "sunny"}
 *   KbDatabase.defineMetric(c, "precision", "Precision of the task model", "gauge");
 *   KbDatabase.insertMetricValue(c, "precision", Map.of("task", "sunny-t1"), 0.91);
 * }
 * }</pre>
 */
public final class KbDatabase {
  /** Version table of TaskScope's own tables in the KB database. */
  public static final String SCHEMA_VERSION_TABLE = "taskscope_schema_version";
  /** Version of the custom metric tables that {@link #createCustomMetricTables} creates. */
  public static final int CUSTOM_METRICS_VERSION = 1;
  public static final String CUSTOM_METRICS_DDL = "custom-metrics-v1.sql";
  public static final String SEDNA_SCHEMA_DDL = "sedna-kb-schema.sql";

  /** {@code ll_samples.data_type} values. */
  public static final int TRAIN = 0;
  public static final int EVAL = 1;
  public static final int HARD = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private KbDatabase() {}

  /** One task of a task group upload: its samples become one {@code ll_samples} row. */
  public record Task(String name, String attrJson, int dataType, int sampleNum, String dataUrl) {
    public static Task train(String name, String attrJson, int sampleNum, String dataUrl) {
      return new Task(name, attrJson, TRAIN, sampleNum, dataUrl);
    }

    public static Task eval(String name, String attrJson, int sampleNum, String dataUrl) {
      return new Task(name, attrJson, EVAL, sampleNum, dataUrl);
    }
  }

  /**
   * One task group of an uploaded KB index ({@code task_group.entry}, {@code .model.model}, {@code len(.samples)},
   * {@code .tasks}).
   */
  public record TaskGroup(String name, String modelUrl, int samples, List<Task> tasks) {
    public TaskGroup {
      tasks = List.copyOf(tasks);
    }

    /** A group whose samples are those of its tasks. */
    public static TaskGroup of(String name, String modelUrl, Task... tasks) {
      int n = 0;
      for (Task t : tasks) {
        n += t.sampleNum();
      }
      return new TaskGroup(name, modelUrl, n, List.of(tasks));
    }
  }

  /** Opens (and creates) a SQLite file read-write, as the KB server does. */
  public static Connection openSqlite(Path file) throws SQLException {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Creates Sedna's six {@code ll_*} tables and their indexes (idempotent), exactly as the KB server's init_db(). */
  public static void createSednaSchema(Connection c) throws SQLException {
    runScript(c, SEDNA_SCHEMA_DDL);
  }

  /** Creates {@code Metric}, {@code Metric_value} and {@code taskscope_schema_version} (v1; idempotent). */
  public static void createCustomMetricTables(Connection c) throws SQLException {
    runScript(c, CUSTOM_METRICS_DDL);
  }

  /** The version of TaskScope's custom metric tables in this database, 0 when they were never created. */
  public static int customMetricsVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT version FROM " + SCHEMA_VERSION_TABLE
          + " WHERE component = 'custom-metrics'")) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      return 0;
    }
  }

  /**
   * What {@code POST /knowledgebase/update} does for one task group: get-or-create the {@code ll_task_grp} row by
   * name (new: sample_num 0, task_num 0, deploy false), add the group's samples and tasks to its counters; per task
   * get-or-create {@code ll_tasks} by name (task_attr = the attributes when given), add one {@code ll_samples} row
   * and one {@code ll_task_sample}; get-or-create the group's one {@code ll_task_models} row and set its model_url,
   * is_current false; get-or-create {@code ll_task_relation} per (group, task) and set every relation of the group
   * to transfer_radio = 1 / task_num.
   */
  public static void insertTaskGroup(Connection c, TaskGroup g) throws SQLException {
    inTransaction(c, () -> {
      long grp;
      long taskNum;
      Long existing = idWhere(c, "SELECT id FROM ll_task_grp WHERE name = ?", g.name());
      if (existing == null) {
        grp = insertReturningId(c, "INSERT INTO ll_task_grp (name, deploy, sample_num, task_num) VALUES (?, ?, 0, 0)",
            g.name(), false);
      } else {
        grp = existing;
      }
      exec(c, "UPDATE ll_task_grp SET sample_num = COALESCE(sample_num, 0) + ?, task_num = COALESCE(task_num, 0) + ?"
          + " WHERE id = ?", g.samples(), g.tasks().size(), grp);
      List<Long> taskIds = new ArrayList<>();
      for (Task t : g.tasks()) {
        Long tid = idWhere(c, "SELECT id FROM ll_tasks WHERE name = ?", t.name());
        String attr = t.attrJson();
        if (tid == null) {
          tid = insertReturningId(c, "INSERT INTO ll_tasks (name, task_attr) VALUES (?, ?)", t.name(),
              attr == null ? "{}" : attr);
        } else if (attr != null) {
          exec(c, "UPDATE ll_tasks SET task_attr = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND"
              + " (task_attr IS NULL OR task_attr <> ?)", attr, tid, attr);
        }
        long sid = insertReturningId(c, "INSERT INTO ll_samples (data_url, descr, data_type, sample_num)"
            + " VALUES (?, '', ?, ?)", t.dataUrl() == null ? "" : t.dataUrl(), t.dataType(), t.sampleNum());
        exec(c, "INSERT INTO ll_task_sample (sample_id, task_id) VALUES (?, ?)", sid, tid);
        taskIds.add(tid);
      }
      Long model = idWhere(c, "SELECT id FROM ll_task_models WHERE task_id = ?", grp);
      if (model == null) {
        exec(c, "INSERT INTO ll_task_models (task_id, model_url, is_current) VALUES (?, ?, ?)", grp,
            g.modelUrl() == null ? "" : g.modelUrl(), false);
      } else {
        exec(c, "UPDATE ll_task_models SET model_url = ?, is_current = ? WHERE id = ?",
            g.modelUrl() == null ? "" : g.modelUrl(), false, model);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT task_num FROM ll_task_grp WHERE id = ?")) {
        ps.setLong(1, grp);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          taskNum = rs.getLong(1);
        }
      }
      double ratio = taskNum == 0 ? 0 : 1.0 / taskNum;
      for (long tid : taskIds) {
        if (idWhere(c, "SELECT id FROM ll_task_relation WHERE task_id = ? AND grp_id = ?", tid, grp) == null) {
          exec(c, "INSERT INTO ll_task_relation (grp_id, task_id, transfer_radio) VALUES (?, ?, ?)", grp, tid, ratio);
        }
      }
      exec(c, "UPDATE ll_task_relation SET transfer_radio = ? WHERE grp_id = ?", ratio, grp);
    });
  }

  /** What {@code POST /knowledgebase/update/status {status, tasks: "a,b"}} does: sets ll_task_grp.deploy. */
  public static void updateStatus(Connection c, boolean deploy, String... groups) throws SQLException {
    inTransaction(c, () -> {
      for (String g : groups) {
        exec(c, "UPDATE ll_task_grp SET deploy = ? WHERE name = ?", deploy, g);
      }
    });
  }

  /** Sets the current flag of a group's model (Sedna's server always writes false; a KB may set it otherwise). */
  public static void setCurrentModel(Connection c, String group, boolean current) throws SQLException {
    inTransaction(c, () -> exec(c, "UPDATE ll_task_models SET is_current = ? WHERE task_id ="
        + " (SELECT id FROM ll_task_grp WHERE name = ?)", current, group));
  }

  /** Inserts or updates a {@code Metric} row (type gauge or counter); returns its id. */
  public static long defineMetric(Connection c, String name, String help, String type) throws SQLException {
    long[] id = new long[1];
    inTransaction(c, () -> {
      Long existing = idWhere(c, "SELECT id FROM Metric WHERE name = ?", name);
      if (existing == null) {
        id[0] = insertReturningId(c, "INSERT INTO Metric (name, help, type) VALUES (?, ?, ?)", name,
            help == null ? "" : help, type == null ? "gauge" : type.toLowerCase(Locale.ROOT));
      } else {
        exec(c, "UPDATE Metric SET help = ?, type = ? WHERE id = ?", help == null ? "" : help,
            type == null ? "gauge" : type.toLowerCase(Locale.ROOT), existing);
        id[0] = existing;
      }
    });
    return id[0];
  }

  /** Appends a {@code Metric_value} row (ts = now) for the metric of that name; labels as a JSON object. */
  public static void insertMetricValue(Connection c, String metric, Map<String, String> labels, double value)
      throws SQLException {
    insertMetricValueRaw(c, metric, labelsJson(labels), value);
  }

  /** Appends a {@code Metric_value} row with the labels text as given (for tests of bad JSON). */
  public static void insertMetricValueRaw(Connection c, String metric, String labelsText, double value)
      throws SQLException {
    inTransaction(c, () -> {
      Long id = idWhere(c, "SELECT id FROM Metric WHERE name = ?", metric);
      if (id == null) {
        throw new SQLException("no Metric named " + metric);
      }
      exec(c, "INSERT INTO Metric_value (metric_id, labels, value, ts) VALUES (?, ?, ?, " + nowUtc(c) + ")", id,
          labelsText, value);
    });
  }

  /** Labels as the JSON object text stored in {@code Metric_value.labels} (keys sorted). */
  public static String labelsJson(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels == null ? Map.of() : labels));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Rows of a table (one of the KB's own names; not for user input). */
  public static long count(Connection c, String table) throws SQLException {
    if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("bad table name " + table);
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- helpers ----

  private static String nowUtc(Connection c) throws SQLException {
    // Sub-second precision, so that values inserted within one second keep their order by ts.
    return isPostgres(c) ? "(clock_timestamp() AT TIME ZONE 'UTC')" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
  }

  static boolean isPostgres(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
  }

  /** Runs the block of a dialect-split script ({@code -- dialect: sqlite|postgresql}) for the connected database. */
  static void runScript(Connection c, String resource) throws SQLException {
    String dialect = isPostgres(c) ? "postgresql" : "sqlite";
    List<String> statements = statements(resource, dialect);
    inTransaction(c, () -> {
      try (Statement st = c.createStatement()) {
        for (String s : statements) {
          st.execute(s);
        }
      }
    });
  }

  /** The statements of one dialect block of a bundled script. */
  public static List<String> statements(String resource, String dialect) {
    String text;
    try (InputStream in = KbDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/taskscope/kb/" + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> out = new ArrayList<>();
    String current = null;
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("-- dialect:")) {
        current = trimmed.substring("-- dialect:".length()).strip();
        continue;
      }
      if (!dialect.equals(current) || trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      sb.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String s = sb.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        sb.setLength(0);
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  private static void inTransaction(Connection c, SqlWork work) throws SQLException {
    boolean auto = c.getAutoCommit();
    if (!auto) {
      work.run();
      return;
    }
    c.setAutoCommit(false);
    try {
      work.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static Long idWhere(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  private static long insertReturningId(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql + " RETURNING id", args); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else if (a instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, (String) a);
      }
    }
    return ps;
  }
}
