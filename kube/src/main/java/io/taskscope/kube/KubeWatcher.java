package io.taskscope.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.MetricSource;
import io.taskscope.core.ObjectStore;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.SourceHealth;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.ResourceGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster and keeps one {@link ObjectStore} per compiled resource config, plus stores for pods and jobs.
 *
 * <p>Custom resources are found through an informer on CustomResourceDefinitions: every served version of a CRD whose
 * group/version/kind a config entry matches (wildcards included) gets its own generic informer, also for CRDs
 * installed after start-up. Each informer renders an object once per event; scrapes only copy the rendered lines.
 * A resource whose list or watch fails (RBAC, API server gone) keeps its last state, shows {@code taskscope_source_up 0}
 * and is retried by the informer; the other resources are unaffected.
 */
public final class KubeWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubeWatcher.class);
  static final String CRD_RESOURCE = "apiextensions.k8s.io/v1/CustomResourceDefinition";

  private final KubernetesClient client;
  private final CrStateConfig config;
  private final long resyncMillis;
  private final ObjectRenderer<Pod> podRenderer;
  private final ObjectRenderer<Job> jobRenderer;
  private final Map<ResourceGenerator, ObjectStore> crStores = new ConcurrentHashMap<>();
  private final Map<String, ResourceWatch> watches = new ConcurrentHashMap<>();
  private final ObjectStore podStore;
  private final ObjectStore jobStore;
  private final Counter renderErrors;
  private final Counter watchErrors;
  private volatile boolean closed;
  private volatile Shard shard = Shard.ALL;
  private final List<CustomResourceFamilies> extras = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<CustomResourceFamilies, ObjectStore> extraStores = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<Pod> podInformer;
  private Thread discovery;
  private final long discoveryMillis = 30_000;

  public KubeWatcher(KubernetesClient client, CrStateConfig config, PrometheusRegistry registry,
      ObjectRenderer<Pod> podRenderer, ObjectRenderer<Job> jobRenderer, long resyncMillis) {
    this.client = client;
    this.config = config;
    this.resyncMillis = resyncMillis;
    this.podRenderer = podRenderer;
    this.jobRenderer = jobRenderer;
    for (ResourceGenerator g : config.resources()) {
      crStores.put(g, new ObjectStore(g.headers()));
    }
    this.podStore = podRenderer == null ? null : new ObjectStore(podRenderer.headers());
    this.jobStore = jobRenderer == null ? null : new ObjectStore(jobRenderer.headers());
    this.renderErrors = Counter.builder().name("taskscope_crstate_errors_total")
        .help("Custom-resource metrics that could not be produced for an object (path missing, wrong type, bad JSON).")
        .labelNames("resource", "metric").register(registry);
    this.watchErrors = Counter.builder().name("taskscope_source_errors_total")
        .help("List/watch failures per watched resource, by reason.")
        .labelNames("resource", "reason").register(registry);
    GaugeWithCallback.builder().name(SourceHealth.UP).help(SourceHealth.UP_HELP)
        .labelNames("resource")
        .callback(cb -> watches.values().forEach(w -> cb.call(w.up() ? 1 : 0, w.resource())))
        .register(registry);
    GaugeWithCallback.builder().name("taskscope_source_last_event_age_seconds")
        .help("Seconds since the last event (add, update, delete or resync) from a watched resource.")
        .labelNames("resource")
        .callback(cb -> watches.values().forEach(w -> cb.call(w.lastEventAgeSeconds(), w.resource())))
        .register(registry);
    GaugeWithCallback.builder().name("taskscope_source_objects")
        .help("Objects held in the informer cache of a watched resource.")
        .labelNames("resource")
        .callback(cb -> watches.values().forEach(w -> {
          SharedIndexInformer<?> i = w.informer();
          cb.call(i == null ? 0 : i.getStore().list().size(), w.resource());
        }))
        .register(registry);
  }

  /**
   * Renders only the objects (custom resources, pods, jobs) this shard owns; call before {@link #start()}. Informers
   * still list and cache every object (the pod cache serves the push hub's task join on every shard); only rendering
   * and the exported series are split. See {@link Shard}.
   */
  public KubeWatcher shard(Shard s) {
    this.shard = s == null ? Shard.ALL : s;
    log.info("event=sharding shard={} total_shards={}", shard.index(), shard.total());
    return this;
  }

  public Shard shard() {
    return shard;
  }

  /**
   * Adds Java-rendered families for custom resources that a config entry watches (facts the config format cannot
   * express); they are fed by the same informers. Call before {@link #start()}.
   */
  public KubeWatcher with(CustomResourceFamilies families) {
    extras.add(families);
    extraStores.put(families, new ObjectStore(families.headers()));
    return this;
  }

  /** Starts every informer; returns at once. Progress shows in {@link #ready()} and the health series. */
  public void start() {
    SharedIndexInformer<CustomResourceDefinition> crds = client.apiextensions().v1().customResourceDefinitions()
        .runnableInformer(resyncMillis);
    ResourceWatch crdWatch = new ResourceWatch(CRD_RESOURCE);
    crds.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CustomResourceDefinition crd) {
        crdWatch.touched();
        crdChanged(crd);
      }

      @Override
      public void onUpdate(CustomResourceDefinition oldCrd, CustomResourceDefinition crd) {
        crdWatch.touched();
        crdChanged(crd);
      }

      @Override
      public void onDelete(CustomResourceDefinition crd, boolean unknownFinalState) {
        crdWatch.touched();
        crdRemoved(crd);
      }
    });
    startWatch(crdWatch, crds);
    discovery = Thread.ofVirtual().name("taskscope-discovery").start(() -> discoverWhileCrdsUnavailable(crdWatch));
    if (podStore != null) {
      ResourceWatch w = new ResourceWatch("v1/Pod");
      SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(resyncMillis);
      podInformer = pods;
      pods.addEventHandler(typedHandler(w, podStore, podRenderer::render));
      startWatch(w, pods);
    }
    if (jobStore != null) {
      ResourceWatch w = new ResourceWatch("batch/v1/Job");
      SharedIndexInformer<Job> jobs = client.batch().v1().jobs().inAnyNamespace().runnableInformer(resyncMillis);
      jobs.addEventHandler(typedHandler(w, jobStore, jobRenderer::render));
      startWatch(w, jobs);
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> typedHandler(
      ResourceWatch w, ObjectStore store, Function<T, RenderedObject> render) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        w.touched();
        if (owned(obj)) {
          put(store, obj, render);
        }
      }

      @Override
      public void onUpdate(T oldObj, T obj) {
        w.touched();
        if (owned(obj)) {
          put(store, obj, render);
        }
      }

      @Override
      public void onDelete(T obj, boolean unknownFinalState) {
        w.touched();
        store.remove(obj.getMetadata().getUid());
      }
    };
  }

  private boolean owned(HasMetadata obj) {
    return shard.owns(obj.getMetadata() == null ? null : obj.getMetadata().getUid());
  }

  private static <T extends HasMetadata> void put(ObjectStore store, T obj, Function<T, RenderedObject> render) {
    try {
      store.put(obj.getMetadata().getUid(), render.apply(obj));
    } catch (RuntimeException e) {
      // A renderer bug must cost one object, not the informer thread.
      log.warn("event=render_failed kind={} namespace={} name={} error=\"{}\"", obj.getKind(),
          obj.getMetadata().getNamespace(), obj.getMetadata().getName(), e.toString());
    }
  }

  private void startWatch(ResourceWatch w, SharedIndexInformer<?> informer) {
    w.attach(informer);
    informer.exceptionHandler((started, t) -> {
      String reason = w.failed(t);
      watchErrors.labelValues(w.resource(), reason).inc();
      log.warn("event=watch_failed resource={} reason={} retry=true error=\"{}\"", w.resource(), reason,
          String.valueOf(t.getMessage()).replace('"', '\''));
      return !closed;
    });
    watches.put(w.resource(), w);
    informer.start().whenComplete((ok, t) -> {
      if (t != null) {
        log.warn("event=informer_stopped resource={} error=\"{}\"", w.resource(), t.toString());
      } else {
        log.info("event=informer_synced resource={}", w.resource());
      }
    });
  }

  private synchronized void crdChanged(CustomResourceDefinition crd) {
    if (closed) {
      return;
    }
    var spec = crd.getSpec();
    String group = spec.getGroup();
    String kind = spec.getNames().getKind();
    String plural = spec.getNames().getPlural();
    boolean namespaced = "Namespaced".equals(spec.getScope());
    for (CustomResourceDefinitionVersion v : spec.getVersions()) {
      ResourceKey key = new ResourceKey(group, v.getName(), kind, plural, namespaced);
      boolean served = Boolean.TRUE.equals(v.getServed());
      for (ResourceGenerator g : config.resources()) {
        if (!g.matches(group, v.getName(), kind)) {
          continue;
        }
        String id = watchId(key, g);
        if (served && !watches.containsKey(id)) {
          watchCustomResource(key, g, id);
        } else if (!served && watches.containsKey(id)) {
          stopCustomResource(id, g);
        }
      }
    }
  }

  private synchronized void crdRemoved(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    for (CustomResourceDefinitionVersion v : spec.getVersions()) {
      ResourceKey key = new ResourceKey(spec.getGroup(), v.getName(), spec.getNames().getKind(),
          spec.getNames().getPlural(), "Namespaced".equals(spec.getScope()));
      for (ResourceGenerator g : config.resources()) {
        String id = watchId(key, g);
        if (watches.containsKey(id)) {
          stopCustomResource(id, g);
        }
      }
    }
  }

  private String watchId(ResourceKey key, ResourceGenerator g) {
    // Two config entries may match one resource (an exact one and a wildcard); each keeps its own informer and store.
    long matching = config.resources().stream().filter(r -> r.matches(key.group(), key.version(), key.kind())).count();
    return matching > 1 ? key.id() + "#" + config.resources().indexOf(g) : key.id();
  }

  private void watchCustomResource(ResourceKey key, ResourceGenerator g, String id) {
    ObjectStore store = crStores.get(g);
    ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder()
        .withGroup(key.group()).withVersion(key.version()).withKind(key.kind())
        .withPlural(key.plural()).withNamespaced(key.namespaced()).build();
    SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(ctx)
        .inAnyNamespace().runnableInformer(resyncMillis);
    ResourceWatch w = new ResourceWatch(id);
    String resource = key.id();
    informer.addEventHandler(typedHandler(w, store, obj -> renderCustomResource(g, resource, obj)));
    for (CustomResourceFamilies f : extras) {
      if (f.handles(key.group(), key.kind())) {
        informer.addEventHandler(typedHandler(w, extraStores.get(f), obj -> f.render(asMap(obj))));
      }
    }
    log.info("event=watch_start resource={} plural={} namespaced={}", id, key.plural(), key.namespaced());
    startWatch(w, informer);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(GenericKubernetesResource obj) {
    return client.getKubernetesSerialization().convertValue(obj, Map.class);
  }

  private RenderedObject renderCustomResource(ResourceGenerator g, String resource, GenericKubernetesResource obj) {
    Map<String, Object> map = asMap(obj);
    return g.render(map, (res, metric, reason) -> {
      renderErrors.labelValues(resource, metric).inc();
      if (log.isDebugEnabled()) {
        log.debug("event=crstate_error resource={} metric={} namespace={} name={} reason=\"{}\"", resource, metric,
            obj.getMetadata().getNamespace(), obj.getMetadata().getName(), reason);
      }
    });
  }

  private void stopCustomResource(String id, ResourceGenerator g) {
    ResourceWatch w = watches.remove(id);
    if (w == null) {
      return;
    }
    SharedIndexInformer<?> informer = w.informer();
    if (informer != null) {
      for (Object o : informer.getStore().list()) {
        String uid = ((HasMetadata) o).getMetadata().getUid();
        crStores.get(g).remove(uid);
        extraStores.values().forEach(s -> s.remove(uid));
      }
    }
    w.stop();
    log.info("event=watch_stop resource={}", id);
  }

  /**
   * When CRDs cannot be listed (RBAC often denies it), config entries that name an exact group/version/kind are found
   * through API discovery instead, so those resources still get watched. Wildcard entries need the CRD list.
   */
  private void discoverWhileCrdsUnavailable(ResourceWatch crdWatch) {
    long lastRun = 0;
    while (!closed) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      if (closed || crdWatch.up() || crdWatch.lastError() == null
          || System.currentTimeMillis() - lastRun < discoveryMillis) {
        continue;
      }
      lastRun = System.currentTimeMillis();
      for (ResourceGenerator g : config.resources()) {
        if (g.group().equals("*") || g.version().equals("*") || g.kind().equals("*")
            || g.version().isEmpty() || g.kind().isEmpty()) {
          continue;
        }
        try {
          var list = client.getApiResources(g.group() + "/" + g.version());
          if (list == null) {
            continue;
          }
          for (var r : list.getResources()) {
            if (g.kind().equals(r.getKind()) && !r.getName().contains("/")) {
              ResourceKey key = new ResourceKey(g.group(), g.version(), g.kind(), r.getName(),
                  Boolean.TRUE.equals(r.getNamespaced()));
              synchronized (this) {
                String id = watchId(key, g);
                if (!closed && !watches.containsKey(id)) {
                  log.info("event=discovered resource={} via=api_discovery reason=crd_list_unavailable", id);
                  watchCustomResource(key, g, id);
                }
              }
            }
          }
        } catch (RuntimeException e) {
          log.debug("event=discovery_failed group={} version={} error=\"{}\"", g.group(), g.version(), e.toString());
        }
      }
    }
  }

  /** True once every started informer has listed once, or failed in a way that retrying will report. */
  /** A pod from the informer cache (no API call); empty before the pod informer has listed or without it. */
  public java.util.Optional<Pod> pod(String namespace, String name) {
    SharedIndexInformer<Pod> i = podInformer;
    if (i == null || namespace == null || name == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(i.getStore().getByKey(namespace + "/" + name));
  }

  /** The one cached pod of that name in any namespace; empty when there is none or several. */
  public java.util.Optional<Pod> podNamed(String name) {
    SharedIndexInformer<Pod> i = podInformer;
    if (i == null || name == null) {
      return java.util.Optional.empty();
    }
    Pod found = null;
    for (Pod p : i.getStore().list()) {
      if (p.getMetadata() != null && name.equals(p.getMetadata().getName())) {
        if (found != null) {
          return java.util.Optional.empty();
        }
        found = p;
      }
    }
    return java.util.Optional.ofNullable(found);
  }

  public boolean ready() {
    ResourceWatch crd = watches.get(CRD_RESOURCE);
    return crd != null && crd.settled() && watches.values().stream().allMatch(ResourceWatch::settled);
  }

  public List<MetricSource> sources() {
    List<MetricSource> out = new ArrayList<>();
    for (ResourceGenerator g : config.resources()) {
      out.add(crStores.get(g));
    }
    if (podStore != null) {
      out.add(podStore);
    }
    if (jobStore != null) {
      out.add(jobStore);
    }
    for (CustomResourceFamilies f : extras) {
      out.add(extraStores.get(f));
    }
    return out;
  }

  /** Watches by resource id, for health reports and tests. */
  public Map<String, ResourceWatch> watches() {
    return Map.copyOf(watches);
  }

  @Override
  public void close() {
    closed = true;
    if (discovery != null) {
      discovery.interrupt();
    }
    watches.values().forEach(ResourceWatch::stop);
  }
}
