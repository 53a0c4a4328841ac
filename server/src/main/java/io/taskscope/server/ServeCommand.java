package io.taskscope.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.taskscope.crstate.ConfigException;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.kube.sedna.SednaDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run TaskScope against a real cluster (kubeconfig or in-cluster), configured by YAML.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "TaskScope YAML config (listen, kubernetes, crstate).")
  Path config;

  @Option(names = "--port", description = "Overrides listen.port.")
  Integer port;

  @Option(names = "--host", description = "Overrides listen.host (address to bind).")
  String host;

  @Option(names = "--push-only", description = "Run only the push hub (a drop-in for a Pushgateway; no Kubernetes).")
  boolean pushOnly;

  @Option(names = "--data-dir", defaultValue = "taskscope-data",
      description = "Directory for TaskScope's data (push store push.db). Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--enable-admin-api", description = "Enable PUT /api/v1/admin/wipe (as Pushgateway's flag).")
  boolean adminApi;

  @Option(names = "--push-store",
      description = "Push store: postgresql://user@host:port/db or a jdbc:postgresql: URL (default: SQLite push.db "
          + "under --data-dir). Overrides push.store.")
  String pushStore;

  @Option(names = "--push-max-body-bytes", description = "Largest accepted push body (default 16777216).")
  Long maxBody;

  @picocli.CommandLine.Mixin
  ShardOptions sharding = new ShardOptions();

  @Override
  public Integer call() throws Exception {
    io.taskscope.kube.Shard shard;
    try {
      shard = (sharding == null ? new ShardOptions() : sharding).resolve(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("taskscope serve: " + e.getMessage());
      return 2;
    }
    ServeConfig sc;
    try {
      sc = config == null ? ServeConfig.empty() : ServeConfig.load(config);
    } catch (java.io.IOException e) {
      System.err.println(config + ": " + e.getMessage());
      return 2;
    }
    if (sc.kg() != null && !pushOnly) {
      try {
        // checked before anything binds or connects: a bad kg block is a config error, not a half-started server
        sc.kg().target();
        io.taskscope.kg.RenderOptions.defaults(sc.kg().clusterName());
      } catch (IllegalArgumentException e) {
        System.err.println(config + ": " + e.getMessage());
        return 2;
      }
    }
    if (sc.forecast() != null && sc.forecast().on() && !pushOnly) {
      try {
        sc.forecast().validate(sc.kg() == null ? null : sc.kg().prometheusUrl());
        if (sc.forecast().metadataServiceUrl() == null && (sc.kg() == null || !sc.kg().runsMetadataService())) {
          throw new IllegalArgumentException("forecast: the graphs come from the embedded Metadata Service "
              + "(kg.metadataService: true) or from forecast.metadataService: URL; neither is set");
        }
      } catch (IllegalArgumentException e) {
        System.err.println(config + ": " + e.getMessage());
        return 2;
      }
    }
    TaskScopeServer.Front front;
    try {
      // checked before anything binds: a token hash used twice, an unknown role or a bad limit is a config error
      sc.accessPolicy();
      front = new TaskScopeServer.Front(sc.access(), sc.limits().toServerLimits(), !pushOnly);
    } catch (IllegalArgumentException e) {
      System.err.println((config == null ? "taskscope serve" : config.toString()) + ": " + e.getMessage());
      return 2;
    }
    io.taskscope.push.PushConfig pc = sc.push();
    if (maxBody != null) {
      pc = pc.withMaxBodyBytes(maxBody);
    }
    java.util.Map<String, String> flags = new java.util.TreeMap<>();
    flags.put("push-only", Boolean.toString(pushOnly));
    flags.put("data-dir", dataDir.toString());
    flags.put("enable-admin-api", Boolean.toString(adminApi));
    flags.put("push-store", pushStore == null ? "" : pushStore.replaceAll(":[^:@/]*@", ":***@"));
    flags.put("push-max-body-bytes", Long.toString(pc.maxBody()));
    flags.put("config", config == null ? "" : config.toString());
    TaskScopeServer.PushOptions po = new TaskScopeServer.PushOptions(pc, dataDir, pushStore, adminApi, flags);
    if (pushOnly) {
      TaskScopeServer server;
      try {
        server = TaskScopeServer.startPushOnly(host != null ? host : sc.host(), port != null ? port : sc.port(), po,
            front);
      } catch (IllegalArgumentException | java.sql.SQLException e) {
        System.err.println("taskscope serve --push-only: " + e.getMessage());
        return 2;
      }
      System.out.println("TaskScope push hub serving on http://" + (host != null ? host : sc.host()) + ":" + server.port()
          + "/metrics (store " + server.push().hub().store().describe() + ")");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stop.countDown();
      }));
      stop.await();
      return 0;
    }
    List<CrStateConfig> parts = new ArrayList<>();
    try {
      if (sc.sednaDefaults()) {
        parts.add(SednaDefaults.config());
      }
      if (!sc.crstateFiles().isEmpty()) {
        Path base = config == null ? Path.of(".") : config.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (String f : sc.crstateFiles()) {
          Path p = base.resolve(f);
          if (!Files.isReadable(p)) {
            System.err.println(config + ": crstate.files: cannot read " + p);
            return 2;
          }
          files.add(p);
        }
        parts.add(CrStateConfig.load(files));
      }
      CrStateConfig crs = CrStateConfig.merge(parts);
      Config kc = sc.kubernetes().kubeconfig() != null
          ? Config.fromKubeconfig(sc.kubernetes().context(), Files.readString(Path.of(sc.kubernetes().kubeconfig())),
              sc.kubernetes().kubeconfig())
          : sc.kubernetes().context() != null ? Config.autoConfigure(sc.kubernetes().context()) : Config.autoConfigure(null);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(kc).build();
      TaskScopeServer server = TaskScopeServer.start(client, crs, host != null ? host : sc.host(), port != null ? port : sc.port(),
          sc.resyncMillis(), po, front, shard);
      if (sc.kb() != null && sc.kb().url() != null) {
        Path base = config == null ? Path.of(".").toAbsolutePath() : config.toAbsolutePath().getParent();
        io.taskscope.kb.KbSource kb = new io.taskscope.kb.KbSource(sc.kb().toConfig(base), server.registry()).start();
        server.addSource(kb).closeWith(kb);
      }
      io.taskscope.kg.MetadataService metadata = null;
      if (sc.kg() != null) {
        metadata = KnowledgeGraph.start(sc.kg(), client, server, dataDir);
      }
      io.taskscope.prediction.ForecastService forecasts = null;
      if (sc.forecast() != null && sc.forecast().on()) {
        forecasts = Prediction.start(sc.forecast(), sc.kg(), metadata, server, dataDir);
      }
      OpsUiWiring.start(client, server, sc.ui().toSettings(), metadata, sc.kg() == null ? null : sc.kg().clusterName(),
          forecasts);
      server.routesComplete();
      System.out.println("TaskScope serving on http://" + sc.host() + ":" + server.port() + "/metrics (cluster "
          + kc.getMasterUrl() + ")");
      if (shard.sharded()) {
        String pod = sharding.pod != null ? sharding.pod : System.getenv("POD_NAME");
        System.out.println("Shard " + shard.index() + " of " + shard.total()
            + (pod == null ? "" : " (pod " + sharding.namespace(System.getenv()) + "/" + pod + ")"));
      }
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        client.close();
        stop.countDown();
      }));
      stop.await();
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException | java.sql.SQLException e) {
      System.err.println("taskscope serve: " + e.getMessage());
      return 2;
    }
  }
}
