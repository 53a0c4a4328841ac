package io.taskscope.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.kube.KubeWatcher;
import io.taskscope.kube.ObjectRenderer;
import io.taskscope.kube.sedna.JobFamilies;
import io.taskscope.kube.sedna.PodFamilies;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running TaskScope: the cluster watcher and the HTTP port, wired together. */
public final class TaskScopeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskScopeServer.class);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final KubeWatcher watcher;
  private final HttpApi http;

  private TaskScopeServer(KubernetesClient client, CrStateConfig config, String host, int port, long resyncMillis)
      throws IOException {
    PodFamilies pods = new PodFamilies();
    JobFamilies jobs = new JobFamilies();
    this.watcher = new KubeWatcher(client, config, registry, ObjectRenderer.of(pods.headers(), pods::render),
        ObjectRenderer.of(jobs.headers(), jobs::render), resyncMillis);
    Exposition exposition = new Exposition(registry, watcher::sources);
    this.http = new HttpApi(host, port, exposition, registry, watcher::ready);
  }

  public static TaskScopeServer start(KubernetesClient client, CrStateConfig config, String host, int port,
      long resyncMillis) throws IOException {
    TaskScopeServer s = new TaskScopeServer(client, config, host, port, resyncMillis);
    s.watcher.start();
    s.http.start();
    log.info("event=server_started host={} port={} resources={}", host, s.port(), config.resources().size());
    return s;
  }

  public int port() {
    return http.port();
  }

  public KubeWatcher watcher() {
    return watcher;
  }

  public HttpApi http() {
    return http;
  }

  @Override
  public void close() {
    http.close();
    watcher.close();
  }
}
