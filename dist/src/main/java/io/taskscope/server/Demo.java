package io.taskscope.server;

import io.taskscope.demo.DemoCluster;
import io.taskscope.demo.DemoOptions;
import io.taskscope.demo.Ticker;
import io.taskscope.demo.sim.SimulatedExporters;
import io.taskscope.demo.workers.PipelineSteps;
import io.taskscope.demo.workers.WorkerFleet;
import io.taskscope.kb.KbConfig;
import io.taskscope.kb.KbDemoData;
import io.taskscope.kb.KbSource;
import io.taskscope.kg.MetadataService;
import io.taskscope.kube.sedna.SednaDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code taskscope demo} runs, in one object: the simulated cluster, TaskScope watching it with the push hub
 * mounted, and the demo's data directory. The end-to-end tests start exactly this.
 */
public final class Demo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  /** How to run the demo. {@code autoTick} false leaves stepping to the caller (tests). */
  public record Settings(String host, int port, Path dataDir, Duration tick, long seed, boolean autoTick,
      io.taskscope.ui.UiSettings ui) {
    public Settings(String host, int port, Path dataDir, Duration tick, long seed, boolean autoTick) {
      this(host, port, dataDir, tick, seed, autoTick, io.taskscope.ui.UiSettings.NONE);
    }

    public static Settings forTest() {
      return new Settings("127.0.0.1", 0, null, Duration.ofMillis(500), 42, false);
    }

    /** These settings with the ops UI's Prometheus, Grafana and Loki URLs (none by default: the demo has none). */
    public Settings withUi(io.taskscope.ui.UiSettings ui) {
      return new Settings(host, port, dataDir, tick, seed, autoTick, ui);
    }
  }

  private final DemoCluster cluster;
  private final TaskScopeServer server;
  private final Path dataDir;
  private Runnable kbTick = () -> { };
  private KbSource kb;
  private MetadataService metadata;
  private WorkerFleet fleet;
  private PipelineSteps pipelines;
  private SimulatedExporters exporters;
  private io.taskscope.ui.OpsUi ui;
  private io.taskscope.prediction.ForecastService prediction;

  private Demo(DemoCluster cluster, TaskScopeServer server, Path dataDir) {
    this.cluster = cluster;
    this.server = server;
    this.dataDir = dataDir;
  }

  public static Demo start(Settings settings) throws Exception {
    DemoCluster cluster = DemoCluster.start(new DemoOptions(settings.seed(), settings.tick(), settings.autoTick()));
    try {
      Path dir = settings.dataDir() != null ? settings.dataDir() : Files.createTempDirectory("taskscope-demo-");
      Files.createDirectories(dir);
      TaskScopeServer server = TaskScopeServer.start(cluster.client(), SednaDefaults.config(), settings.host(),
          settings.port(), 0,
          new TaskScopeServer.PushOptions(null, dir, null, true, Map.of("data-dir", dir.toString())),
          new TaskScopeServer.Front(new ServeConfig.Access(null, null), io.taskscope.core.http.ServerLimits.DEFAULTS,
              true));
      Demo demo = new Demo(cluster, server, dir);
      demo.startKnowledgeBase(settings);
      demo.startKnowledgeGraph();
      demo.startWorkers(settings);
      demo.startPipelines(settings);
      demo.startSimulatedExporters(settings);
      demo.startPrediction(settings);
      demo.ui = OpsUiWiring.start(cluster.client(), server, settings.ui(), demo.metadata, "demo",
          demo.prediction);
      demo.ui.resources(demo.exporterSamples());
      server.routesComplete();
      return demo;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The lifelong-learning knowledge base as Sedna's KB server keeps it: a SQLite file with Sedna's schema and the
   * custom-metric tables, filled and grown by {@link KbDemoData}, read by a {@link KbSource} like a real one.
   */
  private void startKnowledgeBase(Settings settings) throws Exception {
    Path file = dataDir.resolve("kb").resolve("kb.sqlite3");
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      KbDemoData.create(file);
    }
    KbConfig config = new KbConfig("sqlite:///" + file.toAbsolutePath(), "kb.sedna:9020", "cloud-node", "cloud",
        Duration.ofSeconds(1), null, dataDir);
    KbSource kb = new KbSource(config, server.registry()).start();
    server.addSource(kb).closeWith(kb);
    AtomicLong n = new AtomicLong();
    Runnable grow = () -> {
      try {
        KbDemoData.tick(file, n.incrementAndGet());
      } catch (java.sql.SQLException e) {
        log.warn("event=demo_kb_tick_failed file={} error=\"{}\"", file, e.toString());
      }
    };
    if (settings.autoTick()) {
      Ticker ticker = new Ticker("taskscope-demo-kb");
      ticker.start(settings.tick(), settings.tick(), grow::run);
      server.closeWith(ticker);
    }
    this.kbTick = grow;
    this.kb = kb;
  }

  /**
   * The embedded Metadata Service (Jena TDB2 under the data directory) on TaskScope's port, fed by the KG exporter
   * watching the simulated cluster's workloads and nodes.
   */
  private void startKnowledgeGraph() {
    // the same wiring as `serve` with `kg: {cluster: demo}`
    this.metadata = KnowledgeGraph.start(new ServeConfig.Kg("demo", true, "embedded", null, null, null, null),
        cluster.client(), server, dataDir);
  }

  /**
   * The prediction service over the demo's graphs, reading {@link SimulatedHistory} instead of a Prometheus: a first
   * run once the graphs are there (then daily), so forecasts, their charts and series exist from the start.
   */
  private void startPrediction(Settings settings) {
    ForecastSettings fs = new ForecastSettings(null, null, null, "14d", "30m", "24h", 2, null, null, null, null, null,
        null);
    ServeConfig.Kg kg = new ServeConfig.Kg("demo", true, "embedded", null, null, null, null);
    prediction = Prediction.start(fs, kg, metadata, server, dataDir, new SimulatedHistory());
    if (settings.autoTick()) {
      Thread.ofVirtual().name("taskscope-demo-forecast").start(() -> {
        try {
          Thread.sleep(3000); // let the exporter render the cluster's graphs first
          prediction.runAndWait("demo", null, null, io.taskscope.prediction.ForecastJob.Listener.NONE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          log.warn("event=demo_forecast_failed error=\"{}\"", e.toString()); // e.g. the demo closed meanwhile
        }
      });
    }
  }

  /** The prediction service (tests run it by hand: {@code prediction().runAndWait(...)}). */
  public io.taskscope.prediction.ForecastService prediction() {
    return prediction;
  }

  /** Simulated Sedna workers pushing their algorithm metrics through the real push API with the Java SDK. */
  private void startWorkers(Settings settings) {
    fleet = settings.autoTick()
        ? WorkerFleet.start(baseUrl(), cluster.client(), settings.tick(), settings.seed())
        : WorkerFleet.manual(baseUrl(), cluster.client(), settings.seed());
    server.closeWith(fleet);
  }

  /**
   * Seed 004's pipeline users (alice, bob) pushing their applications' run time, images and model accuracy through
   * the Simplepipe endpoint, one group per user namespace and application: the data of the pipelines dashboard.
   */
  private void startPipelines(Settings settings) {
    pipelines = settings.autoTick()
        ? PipelineSteps.start(baseUrl(), settings.tick(), settings.seed())
        : PipelineSteps.manual(baseUrl(), settings.seed());
    server.closeWith(pipelines);
  }

  /**
   * kube-state-metrics, cAdvisor, Kepler and DCGM series of the simulated pods and nodes on TaskScope's port under
   * {@code /sim/...}: those exporters cannot run here, so the demo stands in for them (HELP says "SIMULATED").
   */
  private void startSimulatedExporters(Settings settings) {
    exporters = new SimulatedExporters(cluster.client(), settings.tick(), settings.seed());
    if (settings.autoTick()) {
      exporters.start();
    }
    exporters.mount(server.http()::route);
    server.closeWith(exporters);
  }

  /**
   * The simulated cAdvisor, Kepler and DCGM samples, read in-process for the task pages' resource charts (the demo
   * has no Prometheus to hold the recording rules over them; {@code serve} leaves those charts to Prometheus).
   */
  private io.taskscope.ui.ResourceSource exporterSamples() {
    return (family, sink) -> {
      for (String path : java.util.List.of(SimulatedExporters.CADVISOR, SimulatedExporters.KEPLER,
          SimulatedExporters.DCGM)) {
        exporters.source(path).collect((header, body) -> {
          if (family.test(header.name())) {
            body.forEachSample(sink);
          }
        });
      }
    };
  }

  /** The ops UI on the demo's port. */
  public io.taskscope.ui.OpsUi ui() {
    return ui;
  }

  /** The simulated exporters (tests step them by hand with {@link SimulatedExporters#step()}). */
  public SimulatedExporters simulatedExporters() {
    return exporters;
  }

  /** One step of the simulated workers (tests step by hand). */
  public void stepWorkers() throws Exception {
    fleet.step();
  }

  /** One step of the simulated pipelines: the applications whose turn it is push a run (tests step by hand). */
  public void stepPipelines() throws InterruptedException {
    pipelines.step();
  }

  /** The simulated Simplepipe pipelines. */
  public PipelineSteps pipelines() {
    return pipelines;
  }

  public MetadataService metadata() {
    return metadata;
  }

  /** Advances the simulated knowledge base by one step and reads it at once (tests step by hand). */
  public void stepKnowledgeBase() {
    kbTick.run();
    kb.pollNow();
  }

  public DemoCluster cluster() {
    return cluster;
  }

  public TaskScopeServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Base URL of TaskScope's port, e.g. {@code http://127.0.0.1:9470}. */
  public String baseUrl() {
    String host = server.http().host();
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port();
  }

  @Override
  public void close() {
    // The simulation first: a watch event in flight while TaskScope's informers close their watches can hold the
    // mock API server's event loop (seen: its shutdown timing out after a demo test).
    if (cluster.simulator() != null) {
      cluster.simulator().stop();
    }
    server.close();
    cluster.close();
  }
}
