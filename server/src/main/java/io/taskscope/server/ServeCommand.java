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

  @Override
  public Integer call() throws Exception {
    ServeConfig sc;
    try {
      sc = config == null ? new ServeConfig(null, null, null) : ServeConfig.load(config);
    } catch (java.io.IOException e) {
      System.err.println(config + ": " + e.getMessage());
      return 2;
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
      TaskScopeServer server = TaskScopeServer.start(client, crs, sc.host(), port != null ? port : sc.port(),
          sc.resyncMillis());
      System.out.println("TaskScope serving on http://" + sc.host() + ":" + server.port() + "/metrics (cluster "
          + kc.getMasterUrl() + ")");
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
    }
  }
}
