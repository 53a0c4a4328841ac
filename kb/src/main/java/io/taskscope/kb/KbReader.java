package io.taskscope.kb;

import io.taskscope.core.RenderedFamily;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.Sample;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One read of the KB database: opens a connection (SQLite read-only with a busy timeout; PostgreSQL read-only),
 * checks the schema, reads Sedna's six {@code ll_*} tables inside one read transaction and returns the families.
 * Every failure becomes a {@link KbProblem} with a reason and a message that names the file or table.
 */
final class KbReader {
  /** Sedna's tables and the columns TaskScope reads; {@code ll_task_grp.deploy} is optional (older Sedna lacks it). */
  static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("ll_task_grp", List.of("id", "name", "sample_num", "task_num"));
    REQUIRED.put("ll_tasks", List.of("id", "name", "task_attr", "created_at", "updated_at"));
    REQUIRED.put("ll_task_models", List.of("id", "task_id", "model_url", "is_current"));
    REQUIRED.put("ll_task_relation", List.of("id", "grp_id", "task_id", "transfer_radio"));
    REQUIRED.put("ll_samples", List.of("id", "data_url", "data_type", "sample_num"));
    REQUIRED.put("ll_task_sample", List.of("id", "sample_id", "task_id"));
  }

  /** Most top-level properties of one task_attr exported as separate series. */
  static final int MAX_ATTRIBUTES = 32;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KbUrl url;
  private final KbConfig config;

  KbReader(KbConfig config, KbUrl url) {
    this.config = config;
    this.url = url;
  }

  KbUrl url() {
    return url;
  }

  /** Opens a read-only connection; the caller closes it. */
  Connection open() throws KbProblem {
    if (url.kind() == KbUrl.Kind.SQLITE) {
      if (!Files.exists(url.sqliteFile())) {
        throw new KbProblem(KbProblem.MISSING, "KB database file " + url.sqliteFile() + " does not exist");
      }
      if (!Files.isReadable(url.sqliteFile()) || Files.isDirectory(url.sqliteFile())) {
        throw new KbProblem(KbProblem.MISSING, "KB database file " + url.sqliteFile() + " is not a readable file");
      }
      SQLiteConfig c = new SQLiteConfig();
      c.setReadOnly(true);
      c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
      try {
        return DriverManager.getConnection(url.jdbcUrl(), c.toProperties());
      } catch (SQLException e) {
        throw classify(e, "opening");
      }
    }
    Properties p = new Properties();
    p.putAll(url.properties());
    p.putIfAbsent("connectTimeout", "5");
    p.putIfAbsent("socketTimeout", String.valueOf(Math.max(5, config.pollInterval().toSeconds())));
    p.putIfAbsent("ApplicationName", "taskscope-kb");
    p.putIfAbsent("readOnly", "true");
    try {
      return DriverManager.getConnection(url.jdbcUrl(), p);
    } catch (SQLException e) {
      throw classify(e, "connecting to");
    }
  }

  /** Table name (lower case) → actual name and lower-case column names, for the tables of the current schema. */
  static Map<String, TableInfo> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = c.getSchema();
    Map<String, TableInfo> out = new HashMap<>();
    try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        out.put(name.toLowerCase(Locale.ROOT), new TableInfo(name, new TreeSet<>()));
      }
    }
    for (TableInfo t : out.values()) {
      String lower = t.name().toLowerCase(Locale.ROOT);
      if (!REQUIRED.containsKey(lower) && !lower.equals("metric") && !lower.equals("metric_value")
          && !lower.equals(KbDatabase.SCHEMA_VERSION_TABLE)) {
        continue;
      }
      try (ResultSet rs = md.getColumns(null, schema, t.name(), "%")) {
        while (rs.next()) {
          t.columns().add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  record TableInfo(String name, Set<String> columns) {
    /** The table name quoted for SQL, so that a PostgreSQL table created as {@code "Metric"} is found too. */
    String quoted() {
      return '"' + name.replace("\"", "\"\"") + '"';
    }
  }

  /** Fails with {@code foreign_schema} naming what is missing. */
  void checkSchema(Map<String, TableInfo> tables) throws KbProblem {
    List<String> missingTables = new ArrayList<>();
    List<String> missingColumns = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : REQUIRED.entrySet()) {
      TableInfo t = tables.get(e.getKey());
      if (t == null) {
        missingTables.add(e.getKey());
        continue;
      }
      for (String col : e.getValue()) {
        if (!t.columns().contains(col)) {
          missingColumns.add(e.getKey() + "." + col);
        }
      }
    }
    if (!missingTables.isEmpty() || !missingColumns.isEmpty()) {
      StringBuilder m = new StringBuilder("KB database ").append(where()).append(" is not a Sedna KB: ");
      if (!missingTables.isEmpty()) {
        m.append("missing table").append(missingTables.size() > 1 ? "s " : " ").append(String.join(", ", missingTables));
      }
      if (!missingColumns.isEmpty()) {
        m.append(missingTables.isEmpty() ? "" : "; ").append("missing column")
            .append(missingColumns.size() > 1 ? "s " : " ").append(String.join(", ", missingColumns));
      }
      throw new KbProblem(KbProblem.FOREIGN_SCHEMA, m.toString());
    }
  }

  String where() {
    return url.kind() == KbUrl.Kind.SQLITE ? url.sqliteFile().toString() : url.display();
  }

  /** Reads the six Sedna tables. Runs inside the caller's read transaction. */
  List<RenderedFamily> readSedna(Connection c, Map<String, TableInfo> tables) throws SQLException {
    Map<FamilyHeader, List<Sample>> out = new LinkedHashMap<>();
    for (FamilyHeader h : KbSeries.TABLE_FAMILIES) {
      out.put(h, new ArrayList<>());
    }
    boolean hasDeploy = tables.get("ll_task_grp").columns().contains("deploy");
    try (Statement st = c.createStatement()) {
      // Task groups.
      Map<Long, String> groups = new HashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT id, name, sample_num, task_num"
          + (hasDeploy ? ", deploy" : "") + " FROM ll_task_grp ORDER BY name")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String name = KbValues.label(rs.getString(2));
          groups.put(id, name);
          out.get(KbSeries.GROUP_SAMPLES).add(Sample.of(KbSeries.GROUP_SAMPLES.name(), rs.getLong(3),
              "task_group", name));
          out.get(KbSeries.GROUP_TASKS).add(Sample.of(KbSeries.GROUP_TASKS.name(), rs.getLong(4), "task_group", name));
          if (hasDeploy) {
            boolean deploy = KbValues.bool(rs.getObject(5));
            String n = KbSeries.GROUP_STATUS.name();
            out.get(KbSeries.GROUP_STATUS).add(Sample.of(n, deploy ? 1 : 0, "task_group", name,
                "status", KbSeries.DEPLOYABLE));
            out.get(KbSeries.GROUP_STATUS).add(Sample.of(n, deploy ? 0 : 1, "task_group", name,
                "status", KbSeries.NOT_DEPLOYABLE));
          }
        }
      }
      out.get(KbSeries.TASK_GROUPS).add(Sample.of(KbSeries.TASK_GROUPS.name(), groups.size()));

      // Tasks and their attributes.
      Map<Long, String> tasks = new HashMap<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT id, name, task_attr, created_at, updated_at FROM ll_tasks ORDER BY name")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String name = KbValues.label(rs.getString(2));
          tasks.put(id, name);
          String attr = rs.getString(3);
          out.get(KbSeries.TASK_INFO).add(Sample.of(KbSeries.TASK_INFO.name(), 1, "task", name,
              "attr", KbValues.label(attr == null ? "{}" : attr)));
          attributes(name, attr, out);
          double created = KbValues.epochSeconds(rs.getString(4));
          if (!Double.isNaN(created)) {
            out.get(KbSeries.TASK_CREATED).add(Sample.of(KbSeries.TASK_CREATED.name(), created, "task", name));
          }
          double updated = KbValues.epochSeconds(rs.getString(5));
          if (!Double.isNaN(updated)) {
            out.get(KbSeries.TASK_UPDATED).add(Sample.of(KbSeries.TASK_UPDATED.name(), updated, "task", name));
          }
        }
      }
      out.get(KbSeries.TASKS).add(Sample.of(KbSeries.TASKS.name(), tasks.size()));

      // Models per group: all rows as info; per group the current one, else the newest, for the task view.
      Map<Long, String> groupModel = new HashMap<>();
      Map<Long, Boolean> groupModelCurrent = new HashMap<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT id, task_id, model_url, is_current FROM ll_task_models ORDER BY id")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          long grp = rs.getLong(2);
          String url = KbValues.label(rs.getString(3));
          boolean current = KbValues.bool(rs.getObject(4));
          String group = groups.getOrDefault(grp, "");
          out.get(KbSeries.GROUP_MODEL).add(Sample.of(KbSeries.GROUP_MODEL.name(), 1, "task_group", group,
              "model_id", Long.toString(id), "model_url", url, "current", Boolean.toString(current)));
          if (current || !groupModelCurrent.getOrDefault(grp, false)) {
            groupModel.put(grp, url);
            groupModelCurrent.put(grp, current);
          }
        }
      }

      // Relations: one per (group, task), the newest row wins.
      Map<String, Sample> relations = new TreeMap<>();
      Map<String, Sample> taskModels = new TreeMap<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT id, grp_id, task_id, transfer_radio FROM ll_task_relation ORDER BY id")) {
        while (rs.next()) {
          long grp = rs.getLong(2);
          long task = rs.getLong(3);
          double ratio = rs.getDouble(4);
          String group = groups.getOrDefault(grp, "");
          String taskName = tasks.getOrDefault(task, "");
          String key = group + '\u0000' + taskName;
          relations.put(key, Sample.of(KbSeries.RELATION.name(), ratio, "task_group", group, "task", taskName));
          String model = groupModel.get(grp);
          if (model != null) {
            taskModels.put(key, Sample.of(KbSeries.TASK_MODEL.name(), 1, "task", taskName, "task_group", group,
                "model_url", model));
          }
        }
      }
      out.get(KbSeries.RELATION).addAll(relations.values());
      out.get(KbSeries.TASK_MODEL).addAll(taskModels.values());

      // Samples by type (train, eval, hard always present).
      Map<Integer, long[]> byType = new TreeMap<>();
      byType.put(0, new long[2]);
      byType.put(1, new long[2]);
      byType.put(2, new long[2]);
      try (ResultSet rs = st.executeQuery("SELECT COALESCE(data_type, 0), SUM(COALESCE(sample_num, 0)), COUNT(*)"
          + " FROM ll_samples GROUP BY COALESCE(data_type, 0)")) {
        while (rs.next()) {
          byType.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
      for (Map.Entry<Integer, long[]> e : byType.entrySet()) {
        String type = KbValues.sampleType(e.getKey());
        out.get(KbSeries.SAMPLES).add(Sample.of(KbSeries.SAMPLES.name(), e.getValue()[0], "sample_type", type));
        out.get(KbSeries.SAMPLE_SETS).add(Sample.of(KbSeries.SAMPLE_SETS.name(), e.getValue()[1],
            "sample_type", type));
      }

      // Samples per task and type, with the data_url of the newest sample set.
      try (ResultSet rs = st.executeQuery("SELECT x.task_id, x.data_type, x.total, s2.data_url FROM ("
          + "SELECT ts.task_id AS task_id, COALESCE(s.data_type, 0) AS data_type,"
          + " SUM(COALESCE(s.sample_num, 0)) AS total, MAX(s.id) AS last_id"
          + " FROM ll_task_sample ts JOIN ll_samples s ON s.id = ts.sample_id"
          + " GROUP BY ts.task_id, COALESCE(s.data_type, 0)) x"
          + " JOIN ll_samples s2 ON s2.id = x.last_id ORDER BY x.task_id, x.data_type")) {
        while (rs.next()) {
          String task = tasks.get(rs.getLong(1));
          if (task == null) {
            continue; // dangling row: its task is gone
          }
          String type = KbValues.sampleType(rs.getInt(2));
          out.get(KbSeries.TASK_SAMPLES).add(Sample.of(KbSeries.TASK_SAMPLES.name(), rs.getLong(3), "task", task,
              "sample_type", type));
          out.get(KbSeries.TASK_SAMPLE_DIR).add(Sample.of(KbSeries.TASK_SAMPLE_DIR.name(), 1, "task", task,
              "sample_type", type, "data_url", KbValues.label(rs.getString(4))));
        }
      }
    }
    List<RenderedFamily> families = new ArrayList<>();
    out.forEach((h, samples) -> {
      if (!samples.isEmpty()) {
        families.add(RenderedFamily.of(h, samples));
      }
    });
    return families;
  }

  /**
   * Top-level scalars of a task_attr JSON object (sorted by key, at most {@link #MAX_ATTRIBUTES}); a JSON scalar is
   * property {@code value}. Numbers and booleans → {@code sedna_kb_task_attribute_value}, strings →
   * {@code sedna_kb_task_attribute_info}; nested values and text that is not JSON only show in
   * {@code sedna_kb_task_info}.
   */
  private static void attributes(String task, String attr, Map<FamilyHeader, List<Sample>> out) {
    if (attr == null || attr.isBlank()) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(attr);
    } catch (Exception notJson) {
      return;
    }
    Map<String, JsonNode> props = new TreeMap<>();
    if (node == null) {
      return;
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        props.put(e.getKey(), e.getValue());
      }
    } else if (node.isValueNode()) {
      props.put("value", node);
    }
    int n = 0;
    for (Map.Entry<String, JsonNode> e : props.entrySet()) {
      JsonNode v = e.getValue();
      String key = KbValues.label(e.getKey());
      if (v.isNumber()) {
        out.get(KbSeries.TASK_ATTRIBUTE).add(Sample.of(KbSeries.TASK_ATTRIBUTE.name(), v.asDouble(), "task", task,
            "attribute", key));
      } else if (v.isBoolean()) {
        out.get(KbSeries.TASK_ATTRIBUTE).add(Sample.of(KbSeries.TASK_ATTRIBUTE.name(), v.asBoolean() ? 1 : 0,
            "task", task, "attribute", key));
      } else if (v.isTextual()) {
        out.get(KbSeries.TASK_ATTRIBUTE_INFO).add(Sample.of(KbSeries.TASK_ATTRIBUTE_INFO.name(), 1, "task", task,
            "attribute", key, "value", KbValues.label(v.asText())));
      } else {
        continue;
      }
      if (++n >= MAX_ATTRIBUTES) {
        break;
      }
    }
  }

  /** Maps a driver error to a reason: SQLite result codes, PostgreSQL SQLSTATE classes. */
  KbProblem classify(SQLException e, String doing) {
    String where = where();
    if (e instanceof SQLiteException se) {
      SQLiteErrorCode code = se.getResultCode();
      int primary = code == null ? e.getErrorCode() & 0xff : code.code & 0xff;
      return switch (primary) {
        case 5, 6 -> new KbProblem(KbProblem.LOCKED, "KB database " + where
            + " is locked by another connection (busy timeout " + config.busyTimeout().toMillis()
            + " ms); retrying next poll", e);
        case 26, 11 -> new KbProblem(KbProblem.NOT_A_DATABASE, "KB database file " + where
            + " is not a SQLite database (" + firstLine(e) + ")", e);
        case 14 -> new KbProblem(KbProblem.MISSING, "KB database file " + where + " cannot be opened ("
            + firstLine(e) + ")", e);
        default -> new KbProblem(KbProblem.QUERY, "error " + doing + " KB database " + where + ": " + firstLine(e), e);
      };
    }
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08")) {
      return new KbProblem(KbProblem.UNREACHABLE, "KB database " + where + " unreachable: " + firstLine(e), e);
    }
    if (state.startsWith("28")) {
      return new KbProblem(KbProblem.AUTH, "KB database " + where + " refused the login: " + firstLine(e), e);
    }
    if (state.equals("3D000")) {
      return new KbProblem(KbProblem.MISSING, "KB database " + where + " does not exist: " + firstLine(e), e);
    }
    if (state.equals("42P01") || state.equals("42703")) {
      return new KbProblem(KbProblem.FOREIGN_SCHEMA, "KB database " + where + " is not a Sedna KB: " + firstLine(e), e);
    }
    return new KbProblem(KbProblem.QUERY, "error " + doing + " KB database " + where + ": " + firstLine(e), e);
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
