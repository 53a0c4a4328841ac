package io.taskscope.kb;

import io.taskscope.core.RenderedFamily;
import io.taskscope.core.SourceHealth;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.MetricSource;
import io.taskscope.core.Sample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge-base metrics: polls Sedna's lifelong-learning KB database (SQLite as Sedna ships it, or PostgreSQL) on a
 * virtual thread every {@link KbConfig#pollInterval()}, and serves what the last good poll read. A scrape only reads a
 * volatile reference to an immutable list of pre-rendered families; it never touches the database.
 *
 * <p>SQLite is opened read-only with a busy timeout, and read inside one deferred read transaction, so TaskScope never
 * takes a write lock on the KB server's file. A locked, missing, unreadable or foreign-schema database is reported as
 * {@code taskscope_source_up{source="kb"} 0}, {@code taskscope_kb_poll_errors_total{reason}} and one log line per
 * change of problem; the families of the last good poll stay (like the kube watcher, which keeps the last state when
 * the API server goes away). {@code taskscope_kb_last_poll_success_timestamp_seconds} tells how old they are.
 */
public final class KbSource implements MetricSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KbSource.class);

  private final KbConfig config;
  private final KbUrl url;
  private final KbReader reader;
  private final RenderedFamily infoFamily;
  private final ReentrantLock pollLock = new ReentrantLock();
  private final Set<String> warnedSkips = ConcurrentHashMap.newKeySet();
  private volatile List<RenderedFamily> families = List.of();
  private volatile List<RenderedFamily> customFamilies = List.of();
  private volatile boolean up;
  private volatile boolean polledOnce;
  private volatile double lastSuccessSeconds = Double.NaN;
  private volatile double lastPollDurationSeconds = Double.NaN;
  private volatile Map<String, Integer> customSkipped = Map.of();
  private volatile String lastProblem; // "reason: message" of the current failure state, null when fine
  private volatile String lastCustomProblem;
  private volatile boolean closed;
  private final Map<String, Long> errorCounts = new ConcurrentHashMap<>();
  private Counter pollErrors;
  private Thread poller;

  /** Parses the URL at once: a malformed {@code kb.url} is a configuration error, thrown here. */
  public KbSource(KbConfig config, PrometheusRegistry registry) {
    this.config = config;
    this.url = KbUrl.parse(config.url(), config.baseDir());
    this.reader = new KbReader(config, url);
    this.infoFamily = RenderedFamily.of(KbSeries.INFO, List.of(Sample.of(KbSeries.INFO.name(), 1,
        "server", KbValues.label(config.server()), "node", KbValues.label(config.node()),
        "node_type", KbValues.label(config.nodeType()), "database", KbValues.label(url.display()))));
    if (registry != null) {
      registerHealth(registry);
    }
  }

  private void registerHealth(PrometheusRegistry registry) {
    GaugeWithCallback.builder().name(SourceHealth.UP).help(SourceHealth.UP_HELP).labelNames("source")
        .callback(cb -> cb.call(up ? 1 : 0, "kb"))
        .register(registry);
    GaugeWithCallback.builder().name("taskscope_kb_last_poll_success_timestamp_seconds")
        .help("Unix time of the last poll that read the KB database; the KB series are as old as this.")
        .callback(cb -> {
          double t = lastSuccessSeconds;
          if (!Double.isNaN(t)) {
            cb.call(t);
          }
        })
        .register(registry);
    GaugeWithCallback.builder().name("taskscope_kb_poll_duration_seconds")
        .help("Time the last poll of the KB database took.")
        .callback(cb -> {
          double t = lastPollDurationSeconds;
          if (!Double.isNaN(t)) {
            cb.call(t);
          }
        })
        .register(registry);
    pollErrors = Counter.builder().name("taskscope_kb_poll_errors_total")
        .help("Failed polls of the KB database by reason (missing, locked, not_a_database, foreign_schema, "
            + "unreachable, auth, query, custom_metrics).")
        .labelNames("reason").register(registry);
    for (String r : KbProblem.REASONS) {
      pollErrors.labelValues(r);
    }
    GaugeWithCallback.builder().name("taskscope_kb_custom_metrics_skipped")
        .help("Custom metrics (whole Metric rows) or Metric_value rows left out by the last poll, by reason.")
        .labelNames("reason")
        .callback(cb -> {
          Map<String, Integer> m = customSkipped;
          for (String r : CustomMetrics.REASONS) {
            cb.call(m.getOrDefault(r, 0), r);
          }
        })
        .register(registry);
  }

  /** Starts polling on a virtual thread: the first poll at once, then every poll interval. */
  public synchronized KbSource start() {
    if (poller == null) {
      poller = Thread.ofVirtual().name("taskscope-kb-poll").start(this::loop);
    }
    return this;
  }

  private void loop() {
    long intervalMillis = config.pollInterval().toMillis();
    while (!closed) {
      try {
        pollNow();
      } catch (RuntimeException e) {
        log.warn("event=kb_poll_failed database={} error=\"{}\"", reader.where(), e.toString(), e);
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Reads the database once, now, on the calling thread, and swaps the result in. Returns true when the read worked.
   * Polls never overlap. Never throws for database problems: they are reported through the health series and the log.
   */
  public boolean pollNow() {
    pollLock.lock();
    long start = System.nanoTime();
    try {
      return poll();
    } finally {
      lastPollDurationSeconds = (System.nanoTime() - start) / 1e9;
      polledOnce = true;
      pollLock.unlock();
    }
  }

  private boolean poll() {
    try (Connection c = reader.open()) {
      boolean sqlite = url.kind() == KbUrl.Kind.SQLITE;
      try {
        c.setAutoCommit(false); // one read transaction: a consistent view of all tables
        if (!sqlite) {
          c.setReadOnly(true);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        Map<String, KbReader.TableInfo> tables = KbReader.tables(c);
        reader.checkSchema(tables);
        List<RenderedFamily> sedna = reader.readSedna(c, tables);
        List<RenderedFamily> custom = customFamilies;
        if (CustomMetrics.present(tables)) {
          try {
            CustomMetrics.Result r = CustomMetrics.read(c, tables);
            custom = r.families();
            customSkipped = Map.copyOf(r.skipped());
            for (CustomMetrics.Skip s : r.skips()) {
              if (warnedSkips.add(s.metric() + '\u0000' + s.reason() + '\u0000' + s.detail())) {
                log.warn("event=kb_custom_metric_skipped metric=\"{}\" reason={} detail=\"{}\"", s.metric(),
                    s.reason(), s.detail());
              }
            }
            if (lastCustomProblem != null) {
              log.info("event=kb_custom_metrics_readable database={}", reader.where());
              lastCustomProblem = null;
            }
          } catch (SQLException e) {
            // Sedna's tables were fine: keep them fresh, keep the last good custom metrics, report the problem.
            String problem = "custom metric tables Metric/Metric_value of KB database " + reader.where()
                + " cannot be read: " + KbReader.firstLine(e);
            countError(KbProblem.CUSTOM_METRICS);
            if (c.getAutoCommit() == false && !sqlite) {
              c.rollback(); // PostgreSQL aborts the transaction on an error
            }
            if (!problem.equals(lastCustomProblem)) {
              log.warn("event=kb_custom_metrics_unreadable reason={} problem=\"{}\"", KbProblem.CUSTOM_METRICS,
                  problem);
              lastCustomProblem = problem;
            }
          }
        } else {
          custom = List.of();
          customSkipped = Map.of();
        }
        c.rollback(); // read only: nothing to commit, and the shared lock goes
        swap(sedna, custom);
        return true;
      } catch (SQLException e) {
        throw reader.classify(e, "reading");
      }
    } catch (KbProblem p) {
      failed(p);
      return false;
    } catch (SQLException closeFailed) {
      failed(reader.classify(closeFailed, "closing"));
      return false;
    }
  }

  private void swap(List<RenderedFamily> sedna, List<RenderedFamily> custom) {
    families = List.copyOf(sedna);
    customFamilies = List.copyOf(custom);
    lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
    up = true;
    if (lastProblem != null || !polledOnce) {
      log.info("event=kb_source_up database={} task_groups={} tasks={} custom_metrics={}", reader.where(),
          firstValue(KbSeries.TASK_GROUPS.name()), firstValue(KbSeries.TASKS.name()), customFamilies.size());
    }
    lastProblem = null;
  }

  private String firstValue(String family) {
    for (RenderedFamily f : families) {
      if (f.header().name().equals(family) && !f.samples().isEmpty()) {
        return io.taskscope.core.TextLines.formatValue(f.samples().get(0).value());
      }
    }
    return "0";
  }

  private void failed(KbProblem p) {
    up = false;
    countError(p.reason());
    String state = p.reason() + ": " + p.getMessage();
    if (!state.equals(lastProblem)) {
      log.warn("event=kb_source_down reason={} problem=\"{}\" keeping={}", p.reason(), p.getMessage(),
          Double.isNaN(lastSuccessSeconds) ? "nothing" : "last good data");
      lastProblem = state;
    }
  }

  private void countError(String reason) {
    errorCounts.merge(reason, 1L, Long::sum);
    if (pollErrors != null) {
      pollErrors.labelValues(reason).inc();
    }
  }

  @Override
  public void collect(FamilySink sink) {
    sink.family(infoFamily.header(), infoFamily.body());
    for (RenderedFamily f : families) {
      sink.family(f.header(), f.body());
    }
    for (RenderedFamily f : customFamilies) {
      sink.family(f.header(), f.body());
    }
  }

  /** 1 after a poll that read the database, 0 after one that failed (and before the first). */
  public boolean up() {
    return up;
  }

  /** True once a poll has finished, successful or not (for readiness). */
  public boolean polledOnce() {
    return polledOnce;
  }

  /** The current problem ("reason: message"), or null while the database reads fine. */
  public String problem() {
    return lastProblem;
  }

  /** Failed polls so far by reason (the values of {@code taskscope_kb_poll_errors_total}). */
  public Map<String, Long> errorCounts() {
    return Map.copyOf(errorCounts);
  }

  /** Metrics and rows the last poll skipped, by reason (the values of {@code taskscope_kb_custom_metrics_skipped}). */
  public Map<String, Integer> customSkipped() {
    return customSkipped;
  }

  /** The samples this source serves now, for tests and for the UI. */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    collect((h, b) -> b.forEachSample(out::add));
    return out;
  }

  public KbConfig config() {
    return config;
  }

  /** The SQLite file read, or null for PostgreSQL. */
  public Path sqliteFile() {
    return url.sqliteFile();
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = poller;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
