package io.taskscope.kb;

import io.taskscope.core.RenderedFamily;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.Sample;
import java.sql.Connection;
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
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Seed 002's custom metrics: the {@code Metric} / {@code Metric_value} tables that TaskScope defines
 * ({@code custom-metrics-v1.sql}). One family per valid {@code Metric} row, one series per distinct label set of its
 * values, carrying the newest value by {@code ts} (then by {@code id}).
 *
 * <p>Validation: a metric whose name is not a Prometheus name, starts with {@code sedna_} or {@code taskscope_}
 * (TaskScope's own families), whose type is not {@code gauge}/{@code counter}, or whose exported name clashes with
 * another metric's, is skipped as a whole. A value row whose {@code labels} is not a JSON object of scalars, has a
 * label name Prometheus refuses, or has no value, is skipped alone; the metric's other label sets stay. Every skip is
 * counted by reason (see {@link Result#skipped}).
 */
final class CustomMetrics {
  static final String BAD_NAME = "bad_name";
  static final String RESERVED_NAME = "reserved_name";
  static final String BAD_TYPE = "bad_type";
  static final String NAME_CONFLICT = "name_conflict";
  static final String BAD_LABELS = "bad_labels";
  static final String BAD_LABEL_NAME = "bad_label_name";
  static final String BAD_VALUE = "bad_value";
  static final String TOO_MANY_SERIES = "too_many_series";
  static final String[] REASONS =
      {BAD_NAME, RESERVED_NAME, BAD_TYPE, NAME_CONFLICT, BAD_LABELS, BAD_LABEL_NAME, BAD_VALUE, TOO_MANY_SERIES};

  /** Most series exported for one custom metric; further label sets are skipped as {@code too_many_series}. */
  static final int MAX_SERIES_PER_METRIC = 10_000;

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern RESERVED_SUFFIX = Pattern.compile("_(total|created|bucket|info)$");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A skipped metric or row: what, why, and a text for the log. */
  record Skip(String metric, String reason, String detail) {}

  record Result(List<RenderedFamily> families, Map<String, Integer> skipped, List<Skip> skips) {}

  private CustomMetrics() {}

  /** True when both tables exist (the KB may well have none: then there are no custom metrics, and no error). */
  static boolean present(Map<String, KbReader.TableInfo> tables) {
    return tables.containsKey("metric") && tables.containsKey("metric_value");
  }

  static Result read(Connection c, Map<String, KbReader.TableInfo> tables) throws SQLException {
    KbReader.TableInfo metricTable = tables.get("metric");
    KbReader.TableInfo valueTable = tables.get("metric_value");
    List<Skip> skips = new ArrayList<>();
    // id → definition, in name order
    Map<Long, Definition> defs = new LinkedHashMap<>();
    Map<String, String> exportedBy = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name, help, type FROM " + metricTable.quoted() + " ORDER BY name, id")) {
      while (rs.next()) {
        long id = rs.getLong(1);
        String name = rs.getString(2);
        String help = rs.getString(3);
        String type = rs.getString(4);
        String shown = name == null ? "<null>" : name;
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
          skips.add(new Skip(shown, BAD_NAME, "Metric.name \"" + shown + "\" is not a Prometheus metric name"));
          continue;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sedna_") || lower.startsWith("taskscope_")) {
          skips.add(new Skip(name, RESERVED_NAME, "Metric.name \"" + name
              + "\" uses a prefix reserved for TaskScope's own series (sedna_, taskscope_)"));
          continue;
        }
        String t = type == null ? "gauge" : type.trim().toLowerCase(Locale.ROOT);
        MetricType mt;
        String exported;
        if (t.equals("gauge")) {
          mt = MetricType.GAUGE;
          exported = name;
        } else if (t.equals("counter")) {
          mt = MetricType.COUNTER;
          exported = name.endsWith("_total") ? name : name + "_total";
        } else {
          skips.add(new Skip(name, BAD_TYPE, "Metric.type \"" + type + "\" of " + name
              + " is neither gauge nor counter"));
          continue;
        }
        String problem = PrometheusNaming.validateMetricName(
            mt == MetricType.COUNTER ? exported.substring(0, exported.length() - "_total".length()) : exported);
        if (problem != null) {
          skips.add(new Skip(name, BAD_NAME, "Metric.name \"" + name + "\": " + problem));
          continue;
        }
        if (mt == MetricType.GAUGE && RESERVED_SUFFIX.matcher(name).find()) {
          skips.add(new Skip(name, BAD_NAME, "Metric.name \"" + name + "\" of a gauge ends with a suffix reserved for"
              + " other types (_total, _created, _bucket, _info); a counter is declared with type counter"));
          continue;
        }
        // Exposition formats key families by their base name (counter foo_total → foo): two metrics must differ there.
        String base = mt == MetricType.COUNTER ? exported.substring(0, exported.length() - "_total".length()) : exported;
        String other = exportedBy.putIfAbsent(base, name);
        if (other != null) {
          skips.add(new Skip(name, NAME_CONFLICT, "Metric " + name + " would be exported as " + exported
              + ", which clashes with metric " + other));
          continue;
        }
        String h = help == null || help.isBlank() ? "Custom metric " + name + " (KB table Metric)" : help;
        defs.put(id, new Definition(name, new FamilyHeader(exported, h, mt)));
      }
    }

    String sql = "SELECT metric_id, labels, value, ts, id FROM (SELECT metric_id, labels, value, ts, id,"
        + " ROW_NUMBER() OVER (PARTITION BY metric_id, labels ORDER BY ts DESC, id DESC) AS rn FROM "
        + valueTable.quoted() + ") newest WHERE rn = 1 ORDER BY metric_id, id";
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        Definition d = defs.get(rs.getLong(1));
        if (d == null) {
          continue; // values of a skipped or deleted metric
        }
        String labelsText = rs.getString(2);
        double value = rs.getDouble(3);
        if (rs.wasNull()) {
          skips.add(new Skip(d.name, BAD_VALUE, "Metric_value row " + rs.getLong(5) + " of " + d.name
              + " has no value"));
          continue;
        }
        String ts = rs.getString(4);
        long rowId = rs.getLong(5);
        TreeMap<String, String> labels;
        try {
          labels = labels(labelsText);
        } catch (IllegalArgumentException e) {
          skips.add(new Skip(d.name, BAD_LABELS, "Metric_value row " + rowId + " of " + d.name + ": labels "
              + KbValues.label(labelsText) + " " + e.getMessage()));
          continue;
        }
        String badName = null;
        for (String k : labels.keySet()) {
          if (!LABEL_NAME.matcher(k).matches() || k.startsWith("__")) {
            badName = k;
            break;
          }
        }
        if (badName != null) {
          skips.add(new Skip(d.name, BAD_LABEL_NAME, "Metric_value row " + rowId + " of " + d.name
              + ": label name \"" + KbValues.label(badName) + "\" is not a Prometheus label name"));
          continue;
        }
        // Two label texts may spell one label set ({"a":"1","b":"2"} and {"b":"2","a":"1"}): the newer row wins.
        Row prev = d.series.get(labels);
        Row row = new Row(labels, value, ts == null ? "" : ts, rowId);
        if (prev == null) {
          if (d.series.size() >= MAX_SERIES_PER_METRIC) {
            d.overflow++;
            continue;
          }
          d.series.put(labels, row);
        } else if (row.newerThan(prev)) {
          d.series.put(labels, row);
        }
      }
    }

    List<RenderedFamily> families = new ArrayList<>();
    for (Definition d : defs.values()) {
      if (d.overflow > 0) {
        skips.add(new Skip(d.name, TOO_MANY_SERIES, "metric " + d.name + " has more than " + MAX_SERIES_PER_METRIC
            + " label sets; " + d.overflow + " left out"));
      }
      if (d.series.isEmpty()) {
        continue; // defined, no value yet
      }
      List<Sample> samples = new ArrayList<>(d.series.size());
      for (Row r : d.series.values()) {
        String[] names = r.labels.keySet().toArray(new String[0]);
        String[] values = r.labels.values().toArray(new String[0]);
        samples.add(new Sample(d.header.name(), names, values, r.value));
      }
      families.add(RenderedFamily.of(d.header, samples));
    }
    Map<String, Integer> skipped = new TreeMap<>();
    for (Skip s : skips) {
      skipped.merge(s.reason(), 1, Integer::sum);
    }
    return new Result(families, skipped, skips);
  }

  /** Parses {@code labels}: NULL/empty → no labels; a JSON object of strings, numbers, booleans (null = absent). */
  static TreeMap<String, String> labels(String text) {
    TreeMap<String, String> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("is not JSON");
    }
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("is not a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (!v.isValueNode()) {
        throw new IllegalArgumentException("has a nested value at \"" + e.getKey() + "\"");
      }
      String s = v.asText();
      if (!s.isEmpty()) {
        out.put(e.getKey(), KbValues.label(s));
      }
    }
    return out;
  }

  private static final class Definition {
    final String name;
    final FamilyHeader header;
    final Map<Map<String, String>, Row> series = new LinkedHashMap<>();
    int overflow;

    Definition(String name, FamilyHeader header) {
      this.name = name;
      this.header = header;
    }
  }

  private record Row(TreeMap<String, String> labels, double value, String ts, long id) {
    boolean newerThan(Row o) {
      double a = KbValues.epochSeconds(ts);
      double b = KbValues.epochSeconds(o.ts);
      int c = !Double.isNaN(a) && !Double.isNaN(b) ? Double.compare(a, b) : ts.compareTo(o.ts);
      return c > 0 || (c == 0 && id > o.id);
    }
  }
}
