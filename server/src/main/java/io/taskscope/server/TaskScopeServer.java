package io.taskscope.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.MetricSource;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.ServerLimits;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.kube.KubeWatcher;
import io.taskscope.kube.ObjectRenderer;
import io.taskscope.kube.sedna.JobFamilies;
import io.taskscope.kube.sedna.PodFamilies;
import io.taskscope.kube.sedna.TaskRef;
import io.taskscope.push.PushService;
import io.taskscope.push.TaskResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running TaskScope: the cluster watcher (unless push-only), the push hub and the HTTP port, wired together. */
public final class TaskScopeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskScopeServer.class);

  /** How to open the push hub. {@code dataDir} holds push.db unless {@code store} names another store. */
  public record PushOptions(io.taskscope.push.PushConfig config, java.nio.file.Path dataDir, String store,
      boolean adminApi, Map<String, String> flags) {}

  /**
   * The port's front door: tokens besides push.tenancy's ({@code access:}), the connection limits ({@code limits:}),
   * and whether routes are mounted after the port listens ({@code /-/ready} then waits for {@link #routesComplete}).
   */
  public record Front(ServeConfig.Access access, ServerLimits limits, boolean moreRoutes) {
    public static Front defaults() {
      return new Front(new ServeConfig.Access(null, null), ServerLimits.DEFAULTS, false);
    }
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final KubeWatcher watcher;
  private final PushService push;
  private final HttpApi http;
  private final List<MetricSource> extraSources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TaskScopeServer(KubernetesClient client, CrStateConfig config, String host, int port, long resyncMillis,
      PushOptions pushOptions, Front front, io.taskscope.kube.Shard shard) throws Exception {
    if (client != null) {
      PodFamilies pods = new PodFamilies();
      JobFamilies jobs = new JobFamilies();
      this.watcher = new KubeWatcher(client, config, registry, ObjectRenderer.of(pods.headers(), pods::render),
          ObjectRenderer.of(jobs.headers(), jobs::render), resyncMillis)
          .shard(shard).with(new io.taskscope.kube.sedna.TaskProgressFamilies());
    } else {
      this.watcher = null;
    }
    this.push = pushOptions == null ? null : PushService.start(pushOptions.config(), pushOptions.dataDir(),
        pushOptions.store(), pushOptions.adminApi(), registry, watcher == null ? TaskResolver.NONE
            : taskResolver(watcher), pushOptions.flags());
    Exposition exposition = new Exposition(registry, this::sources);
    try {
      AccessPolicy.Builder policy = AccessPolicy.builder();
      front.access().addTo(policy);
      if (push != null) {
        push.tenancy().addTo(policy);
      }
      this.http = new HttpApi(host, port, exposition, registry, watcher == null ? () -> true : watcher::ready,
          policy.build(), front.limits());
    } catch (IOException | RuntimeException e) {
      if (push != null) {
        push.close();
      }
      throw e;
    }
    if (push != null) {
      push.mount(http.routes());
    }
    if (front.moreRoutes()) {
      http.awaitRoutes();
    }
  }

  /** Every route is mounted (after a start with {@link Front#moreRoutes}): {@code /-/ready} may say 200. */
  public void routesComplete() {
    http.routesComplete();
  }

  /**
   * The one warning of a port reachable from other hosts without any token, or null: anyone who can reach it may push,
   * read and write graphs, and compact.
   */
  static String openPortWarning(String host, AccessPolicy policy) {
    if (policy.tokensConfigured()) {
      return null;
    }
    try {
      if (java.net.InetAddress.getByName(host).isLoopbackAddress()) {
        return null;
      }
    } catch (java.net.UnknownHostException e) {
      // cannot tell: warn
    }
    return "event=open_port host=" + host + " reason=\"no access tokens configured: anyone who can reach this port may "
        + "push, read and write graphs; set access.tokens or push.tenancy (docs/security.md) or listen on 127.0.0.1\"";
  }

  private List<MetricSource> sources() {
    List<MetricSource> s = new ArrayList<>(watcher == null ? List.of() : watcher.sources());
    if (push != null) {
      s.add(push.hub());
    }
    s.addAll(extraSources);
    return s;
  }

  /**
   * The current samples of the {@code /metrics} sources (not the server's own instruments) whose family name
   * {@code family} accepts, read in-process: the sources hold samples as objects already, so this skips rendering
   * text and parsing it back, and families nobody asked for are never visited. For the ops UI's charts.
   */
  public void collectSamples(java.util.function.Predicate<String> family,
      java.util.function.Consumer<io.taskscope.core.Sample> sink) {
    for (MetricSource source : sources()) {
      source.collect((header, body) -> {
        if (family.test(header.name())) {
          body.forEachSample(sink);
        }
      });
    }
  }

  /** Adds a source to {@code /metrics} (knowledge-base metrics, graphs' health, ...). */
  public TaskScopeServer addSource(MetricSource source) {
    extraSources.add(source);
    return this;
  }

  /** Closes {@code c} when the server closes, in reverse order of registration. */
  public TaskScopeServer closeWith(AutoCloseable c) {
    closeables.add(0, c);
    return this;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * The task join for pushed groups: a {@code pod} (else {@code instance}) grouping label naming a pod in the cache
   * (in the group's {@code namespace} when it has one, else the only pod of that name) that belongs to a Sedna task
   * gives {@code kind}, {@code name} and, when known, {@code worker} (the worker type).
   */
  static TaskResolver taskResolver(KubeWatcher watcher) {
    return grouping -> {
      String podName = grouping.get("pod");
      if (podName == null || podName.isEmpty()) {
        podName = grouping.get("instance");
      }
      if (podName == null || podName.isEmpty()) {
        return Map.of();
      }
      String ns = grouping.get("namespace");
      Optional<Pod> pod = ns != null ? watcher.pod(ns, podName) : watcher.podNamed(podName);
      Optional<TaskRef> task = pod.flatMap(TaskRef::of);
      if (task.isEmpty() || task.get().isSystemComponent()) {
        return Map.of();
      }
      Map<String, String> l = new LinkedHashMap<>();
      l.put("kind", task.get().kind());
      l.put("name", task.get().name());
      if (!task.get().workerType().isEmpty()) {
        l.put("worker", task.get().workerType());
      }
      if (ns == null && !task.get().namespace().isEmpty()) {
        l.put("namespace", task.get().namespace());
      }
      return l;
    };
  }

  public static TaskScopeServer start(KubernetesClient client, CrStateConfig config, String host, int port,
      long resyncMillis) throws Exception {
    return start(client, config, host, port, resyncMillis, null);
  }

  public static TaskScopeServer start(KubernetesClient client, CrStateConfig config, String host, int port,
      long resyncMillis, PushOptions push) throws Exception {
    return start(client, config, host, port, resyncMillis, push, Front.defaults());
  }

  public static TaskScopeServer start(KubernetesClient client, CrStateConfig config, String host, int port,
      long resyncMillis, PushOptions push, Front front) throws Exception {
    return start(client, config, host, port, resyncMillis, push, front, io.taskscope.kube.Shard.ALL);
  }

  /** As above, rendering only the objects {@code shard} owns ({@code serve --shard/--total-shards/--pod}). */
  public static TaskScopeServer start(KubernetesClient client, CrStateConfig config, String host, int port,
      long resyncMillis, PushOptions push, Front front, io.taskscope.kube.Shard shard) throws Exception {
    TaskScopeServer s = new TaskScopeServer(client, config, host, port, resyncMillis, push, front, shard);
    if (s.watcher != null) {
      s.watcher.start();
    }
    s.http.start();
    log.info("event=server_started host={} port={} resources={} push={} tokens={}", host, s.port(),
        config == null ? 0 : config.resources().size(), s.push == null ? "off" : s.push.hub().store().describe(),
        s.http.policy().names().size());
    String warning = openPortWarning(host, s.http.policy());
    if (warning != null) {
      log.warn(warning);
    }
    return s;
  }

  /** Only the push hub (no Kubernetes): {@code taskscope serve --push-only}. */
  public static TaskScopeServer startPushOnly(String host, int port, PushOptions push) throws Exception {
    return start(null, null, host, port, 0, push);
  }

  public static TaskScopeServer startPushOnly(String host, int port, PushOptions push, Front front) throws Exception {
    return start(null, null, host, port, 0, push, front);
  }

  public int port() {
    return http.port();
  }

  public KubeWatcher watcher() {
    return watcher;
  }

  public PushService push() {
    return push;
  }

  public HttpApi http() {
    return http;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("event=close_failed component={} error=\"{}\"", c.getClass().getSimpleName(), e.toString());
      }
    }
    http.close();
    if (watcher != null) {
      watcher.close();
    }
    if (push != null) {
      push.close();
    }
  }
}
