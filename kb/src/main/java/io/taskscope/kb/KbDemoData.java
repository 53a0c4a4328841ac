package io.taskscope.kb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * A simulated lifelong-learning KB for {@code taskscope demo}, written through {@link KbDatabase} exactly as Sedna's
 * KB server writes it, so that every series of docs/metrics.md "Knowledge base (lifelong learning)" has data:
 * {@link #create} makes the schema, the custom metric tables, two known task groups with train samples and the
 * custom metrics {@code precision}, {@code recall} (gauges) and {@code kb_sample_uploads} (counter, exported as
 * {@code kb_sample_uploads_total}); each {@link #tick} then uploads one more sample set (train, eval or hard, in turn),
 * flips deploy status, and appends custom metric values. Deterministic for a given tick number.
 *
 * <pre>{@code
 * Path file = dataDir.resolve("kb.sqlite3");
 * KbDemoData.create(file);
 * KbSource kb = new KbSource(KbConfig.of(file.toString()).withPlacement("10.96.0.20:9020", "cloud-node-1", "cloud")
 *     .withPollInterval(Duration.ofSeconds(2)), registry).start();
 * // every simulator tick:
 * KbDemoData.tick(file, n);
 * }</pre>
 */
public final class KbDemoData {
  private static final String[] GROUPS = {"sunny", "rainy"};

  private KbDemoData() {}

  /** Creates (or re-opens) the SQLite file and fills the initial state; idempotent for an existing demo file. */
  public static void create(Path file) throws SQLException {
    try (Connection c = KbDatabase.openSqlite(file)) {
      create(c);
    }
  }

  public static void create(Connection c) throws SQLException {
    KbDatabase.createSednaSchema(c);
    KbDatabase.createCustomMetricTables(c);
    KbDatabase.defineMetric(c, "precision", "Precision of a known task's model on its evaluation samples", "gauge");
    KbDatabase.defineMetric(c, "recall", "Recall of a known task's model on its evaluation samples", "gauge");
    KbDatabase.defineMetric(c, "kb_sample_uploads", "Sample sets uploaded to the knowledge base", "counter");
    if (KbDatabase.count(c, "ll_task_grp") > 0) {
      return;
    }
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("sunny", "s3://kb/models/sunny/model-1.pkl",
        KbDatabase.Task.train("sunny-day", "{\"weather\":\"sunny\",\"light\":0.9,\"outdoor\":true}", 120,
            "s3://kb/samples/sunny-day/train-1.txt"),
        KbDatabase.Task.train("sunny-dusk", "{\"weather\":\"sunny\",\"light\":0.4,\"outdoor\":true}", 60,
            "s3://kb/samples/sunny-dusk/train-1.txt")));
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("rainy", "s3://kb/models/rainy/model-1.pkl",
        KbDatabase.Task.train("rainy-day", "{\"weather\":\"rainy\",\"light\":0.5,\"outdoor\":true}", 80,
            "s3://kb/samples/rainy-day/train-1.txt")));
    KbDatabase.insertTaskGroup(c, KbDatabase.TaskGroup.of("sunny", "s3://kb/models/sunny/model-1.pkl",
        KbDatabase.Task.eval("sunny-day", null, 30, "s3://kb/samples/sunny-day/eval-1.txt")));
    KbDatabase.updateStatus(c, true, "sunny");
    values(c, 0);
  }

  /** One simulator step: a new sample set, a deploy flip every 5 ticks, new custom metric values. */
  public static void tick(Path file, long n) throws SQLException {
    try (Connection c = KbDatabase.openSqlite(file)) {
      tick(c, n);
    }
  }

  public static void tick(Connection c, long n) throws SQLException {
    String group = GROUPS[(int) (n % GROUPS.length)];
    String task = group + "-day";
    int type = (int) (n % 3); // train, eval, hard in turn
    String kind = switch (type) {
      case KbDatabase.TRAIN -> "train";
      case KbDatabase.EVAL -> "eval";
      default -> "hard";
    };
    int samples = 5 + (int) (n * 7 % 20);
    KbDatabase.insertTaskGroup(c, new KbDatabase.TaskGroup(group,
        String.format(Locale.ROOT, "s3://kb/models/%s/model-%d.pkl", group, 1 + n / 10), samples,
        java.util.List.of(new KbDatabase.Task(task, null, type, samples,
            String.format(Locale.ROOT, "s3://kb/samples/%s/%s-%d.txt", task, kind, n)))));
    if (n % 5 == 0) {
      KbDatabase.updateStatus(c, (n / 5) % 2 == 0, "rainy");
    }
    values(c, n);
  }

  private static void values(Connection c, long n) throws SQLException {
    for (String group : GROUPS) {
      String task = group + "-day";
      double base = group.equals("sunny") ? 0.82 : 0.7;
      double wobble = ((n * 37 + group.length()) % 10) / 100.0;
      KbDatabase.insertMetricValue(c, "precision", Map.of("task", task, "model", "new"), base + wobble);
      KbDatabase.insertMetricValue(c, "precision", Map.of("task", task, "model", "old"), base);
      KbDatabase.insertMetricValue(c, "recall", Map.of("task", task, "model", "new"), base - 0.05 + wobble);
    }
    KbDatabase.insertMetricValue(c, "kb_sample_uploads", Map.of(), KbDatabase.count(c, "ll_samples"));
  }
}
