package io.taskscope.prediction;

import io.taskscope.core.RenderedFamily;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricSource;
import io.taskscope.core.MetricType;
import io.taskscope.core.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction service on {@code /metrics}. Forecast values come from a snapshot rendered off the scrape path: a
 * stored forecast may have to be read from disk, so {@link #collect} never asks for one. When the last run differs from
 * the one the snapshot was built after, a scrape starts a rebuild on a virtual thread and serves the old snapshot until
 * it is done (one scrape late, never blocked). The run and state families come straight from {@link Forecasts}'
 * in-memory answers ({@code lastRun}, {@code lastSuccess}, {@code targetStates}).
 */
public final class ForecastMetrics implements MetricSource {
  private static final Logger log = LoggerFactory.getLogger(ForecastMetrics.class);
  static final FamilyHeader FORECAST = new FamilyHeader("taskscope_forecast",
      "Stored forecast of a target's metric the given horizon after its last history sample: the point forecast "
          + "(bound=point) and the 80 % prediction interval (bound=lower, bound=upper). Horizons beyond the "
          + "forecast are left out.", MetricType.GAUGE);
  static final FamilyHeader LAST_SUCCESS = new FamilyHeader("taskscope_forecast_last_success_timestamp_seconds",
      "Unix time a forecast run last stored at least one forecast.", MetricType.GAUGE);
  static final FamilyHeader TARGETS = new FamilyHeader("taskscope_forecast_targets",
      "Targets by state after their latest run: ok (forecast stored), failed (history unreadable; the previous "
          + "forecast is kept), skipped (not a usable target).", MetricType.GAUGE);
  static final FamilyHeader RUN_DURATION = new FamilyHeader("taskscope_forecast_run_duration_seconds",
      "Time the last finished forecast run took.", MetricType.GAUGE);
  static final Map<String, Duration> HORIZONS = Map.of("1h", Duration.ofHours(1), "6h", Duration.ofHours(6),
      "24h", Duration.ofHours(24));
  private static final List<String> HORIZON_ORDER = List.of("1h", "6h", "24h");
  /** Wait after a failed rebuild before a scrape tries again (a store that cannot be read should not be hammered). */
  private static final long RETRY_NANOS = Duration.ofMinutes(1).toNanos();

  private final Forecasts forecasts;
  private final AtomicBoolean rebuilding = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(null, RenderedFamily.of(FORECAST, List.of()), false, 0);

  /** The forecast family and the run it was built after; {@code failed} when that build could not read a forecast. */
  private record Snapshot(String runKey, RenderedFamily family, boolean failed, long builtAtNanos) {}

  public ForecastMetrics(Forecasts forecasts) {
    this.forecasts = Objects.requireNonNull(forecasts, "forecasts");
  }

  @Override
  public void collect(FamilySink sink) {
    String key = runKey();
    Snapshot s = snapshot;
    if (!key.equals(s.runKey()) || (s.failed() && System.nanoTime() - s.builtAtNanos() > RETRY_NANOS)) {
      rebuildLater();
    }
    if (!s.family().body().isEmpty()) {
      sink.family(s.family().header(), s.family().body());
    }
    Optional<Instant> success = forecasts.lastSuccess();
    if (success.isPresent()) {
      RenderedFamily f = RenderedFamily.of(LAST_SUCCESS,
          List.of(Sample.of(LAST_SUCCESS.name(), success.get().toEpochMilli() / 1000.0)));
      sink.family(f.header(), f.body());
    }
    Map<RunReport.Outcome, Integer> states = forecasts.targetStates();
    List<Sample> counts = new ArrayList<>(3);
    for (RunReport.Outcome o : RunReport.Outcome.values()) {
      counts.add(Sample.of(TARGETS.name(), states.getOrDefault(o, 0), "state", o.name().toLowerCase(Locale.ROOT)));
    }
    RenderedFamily t = RenderedFamily.of(TARGETS, counts);
    sink.family(t.header(), t.body());
    Optional<RunReport> last = forecasts.lastRun();
    if (last.isPresent() && last.get().finished() != null) {
      double secs = Duration.between(last.get().started(), last.get().finished()).toMillis() / 1000.0;
      RenderedFamily d = RenderedFamily.of(RUN_DURATION, List.of(Sample.of(RUN_DURATION.name(), secs)));
      sink.family(d.header(), d.body());
    }
  }

  /**
   * Rebuilds the forecast family now, on the calling thread (it reads every stored forecast): at start-up, after a
   * run, in tests. Returns false when a forecast could not be read (the previous family stays).
   */
  public boolean refresh() {
    String key = runKey();
    try {
      List<Sample> samples = new ArrayList<>();
      for (String id : forecasts.targetIds()) {
        forecasts.forecast(id).ifPresent(f -> addSamples(f, samples));
      }
      snapshot = new Snapshot(key, RenderedFamily.of(FORECAST, samples), false, System.nanoTime());
      return true;
    } catch (RuntimeException e) {
      Snapshot old = snapshot;
      snapshot = new Snapshot(key, old.family(), true, System.nanoTime());
      log.warn("event=forecast_metrics_refresh_failed run={} error=\"{}\"", key, e.toString());
      return false;
    }
  }

  private void rebuildLater() {
    if (rebuilding.compareAndSet(false, true)) {
      Thread.ofVirtual().name("taskscope-forecast-metrics").start(() -> {
        try {
          refresh();
        } finally {
          rebuilding.set(false);
        }
      });
    }
  }

  private String runKey() {
    return forecasts.lastRun().map(r -> r.id() + "@" + r.finished()).orElse("none");
  }

  static void addSamples(StoredForecast f, List<Sample> out) {
    String id = f.target().id();
    String metric = f.target().metric();
    for (String h : HORIZON_ORDER) {
      int i = f.indexAhead(HORIZONS.get(h));
      if (i < 0) {
        continue;
      }
      add(out, id, metric, h, "point", f.point(), i);
      add(out, id, metric, h, "lower", f.lower80(), i);
      add(out, id, metric, h, "upper", f.upper80(), i);
    }
  }

  private static void add(List<Sample> out, String id, String metric, String horizon, String bound, double[] v,
      int i) {
    if (i < v.length && Double.isFinite(v[i])) {
      out.add(Sample.of(FORECAST.name(), v[i], "target", id, "metric", metric, "horizon", horizon, "bound", bound));
    }
  }
}
