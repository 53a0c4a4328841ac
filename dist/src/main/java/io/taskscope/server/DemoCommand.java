package io.taskscope.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run everything in one process against a simulated Sedna cluster (embedded Kubernetes API).")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9470", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--data-dir", description = "Directory for TaskScope's data (push store, graphs).")
  java.nio.file.Path dataDir;

  @Option(names = "--tick", defaultValue = "2s", description = "How often the simulated cluster changes (e.g. 500ms, 2s).")
  String tick;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation.")
  long seed;

  /** Held so the level sticks: java.util.logging keeps loggers weakly. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING); // it logs every request at INFO
    Demo demo = Demo.start(new Demo.Settings(host, port, dataDir, io.taskscope.core.config.ConfigDuration.parse(tick, "--tick").toDuration(), seed, true));
    String base = demo.baseUrl();
    System.out.printf("TaskScope demo is up in %.1f s (simulated cluster ticks every %s)%n",
        (System.nanoTime() - t0) / 1e9, tick);
    System.out.println("  metrics:            " + base + "/metrics");
    System.out.println("  health / readiness: " + base + "/-/healthy  " + base + "/-/ready");
    System.out.println("  push (Pushgateway): " + base + "/metrics/job/JOB  (store " + demo.dataDir().resolve("push.db") + ")");
    System.out.println("  metadata service:   " + base + "/subgraph  " + base + "/sparql  (knowledge graphs, docs/kg.md)");
    System.out.println("  Kubernetes API:     " + demo.cluster().masterUrl() + "  (embedded, simulated Sedna cluster)");
    System.out.println("Press Ctrl-C to stop.");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
