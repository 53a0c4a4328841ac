package io.taskscope.server;

import io.taskscope.forecast.history.PrometheusHistory;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.MetadataServiceOptions;
import io.taskscope.kg.RenderOptions;
import io.taskscope.prediction.ForecastJob;
import io.taskscope.prediction.ForecastScheduler;
import io.taskscope.prediction.ForecastService;
import io.taskscope.prediction.ForecastStore;
import io.taskscope.prediction.GraphForecastStore;
import io.taskscope.prediction.GraphQuery;
import io.taskscope.prediction.JobOptions;
import io.taskscope.prediction.TargetDiscovery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the {@code forecast:} block: where graphs are read (the embedded Metadata Service or a remote one), where
 * forecasts are kept (the embedded Metadata Service's TDB2, else a TDB2 store of their own under the data
 * directory), which Prometheus URLs may be called, and the job itself.
 */
final class Prediction {
  private Prediction() {}

  /** The service and what must be closed with it (a store of its own), in closing order. */
  record Built(ForecastService service, List<AutoCloseable> closeables) {}

  static Built build(ForecastSettings fs, ServeConfig.Kg kg, MetadataService embedded, Path dataDir, Clock clock) {
    return build(fs, kg, embedded, dataDir, clock, null);
  }

  /** As above; {@code history} reads every datasource instead of Prometheus (the demo's simulated history). */
  static Built build(ForecastSettings fs, ServeConfig.Kg kg, MetadataService embedded, Path dataDir, Clock clock,
      io.taskscope.prediction.HistoryReader history) {
    String kgPrometheus = kg == null ? null
        : kg.prometheusUrl() != null && !kg.prometheusUrl().isBlank() ? kg.prometheusUrl()
            : RenderOptions.defaults(kg.clusterName()).prometheusUrl();
    fs.validate(kgPrometheus);
    List<AutoCloseable> closeables = new ArrayList<>();
    GraphQuery graphs;
    if (fs.metadataServiceUrl() != null) {
      graphs = GraphQuery.http(fs.metadataServiceUrl(), Duration.ofSeconds(30));
    } else if (embedded != null) {
      graphs = GraphQuery.embedded(embedded);
    } else {
      throw new IllegalArgumentException("forecast: the graphs come from the embedded Metadata Service "
          + "(kg.metadataService: true) or from forecast.metadataService: URL; neither is set");
    }
    MetadataService storeDb = embedded;
    if (storeDb == null) {
      storeDb = MetadataService.open(dataDir.resolve("forecasts"), MetadataServiceOptions.defaults());
      closeables.add(storeDb);
    }
    ForecastStore store = new GraphForecastStore(storeDb);
    JobOptions options = fs.jobOptions();
    ForecastJob job = new ForecastJob(new TargetDiscovery(graphs, fs.datasourceAllowed(kgPrometheus)),
        url -> history != null ? history : new PrometheusHistory(url, options.http())::read, store, options, clock);
    return new Built(new ForecastService(job, store, clock), closeables);
  }

  /**
   * Starts the prediction service of {@code serve}: the daily schedule, its HTTP routes and its series on
   * {@code /metrics}; everything closes with the server.
   */
  static ForecastService start(ForecastSettings fs, ServeConfig.Kg kg, MetadataService embedded,
      TaskScopeServer server, Path dataDir) {
    return start(fs, kg, embedded, server, dataDir, null);
  }

  static ForecastService start(ForecastSettings fs, ServeConfig.Kg kg, MetadataService embedded,
      TaskScopeServer server, Path dataDir, io.taskscope.prediction.HistoryReader history) {
    Clock clock = Clock.systemUTC();
    Built built = build(fs, kg, embedded, dataDir, clock, history);
    built.closeables().forEach(server::closeWith);
    ForecastService service = built.service();
    io.taskscope.prediction.ForecastMetrics metrics = new io.taskscope.prediction.ForecastMetrics(service);
    metrics.refresh();
    service.onRunFinished(r -> metrics.refresh());
    server.addSource(metrics);
    io.taskscope.prediction.ForecastApi.mount(server.http().routes(), service);
    ForecastScheduler scheduler = new ForecastScheduler(service, fs.dailySchedule(), fs.retryBase(),
        fs.retryCount(), clock).start();
    server.closeWith(scheduler);
    return service;
  }
}
