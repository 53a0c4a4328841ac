package io.taskscope.kg;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the knowledge graphs of the cluster's workloads (Deployments, StatefulSets, DaemonSets, Jobs and their
 * pods), nodes and the GLACIATION node in a {@link DeliveryTarget}, through informers and a durable {@link Outbox}.
 *
 * <p>Events only mark subgraphs dirty; a worker renders each dirty subgraph from the informer caches and queues it
 * only when its rendering differs from the last one queued (the renderer keeps only start/stop facts, so status
 * heartbeats cost nothing). At start-up, once every informer has listed, all subgraphs are reconciled: current
 * objects are rendered, and subgraphs recorded as sent whose object is gone get an end time and a terminated (nodes:
 * Unknown) status, as kg_exporter does. Graph ids: {@code {cluster}/{namespace}/{Kind}/{name}}, {@code
 * {cluster}/Node/{name}}, {@code {cluster}/GNode/{id}}.
 */
public final class KgExporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KgExporter.class);

  private final KubernetesClient client;
  private final KgExporterOptions opts;
  private final DeliveryTarget target;
  private final KgRenderer renderer;
  private final Outbox outbox;
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> workloadInformers = new HashMap<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
  private final SentGraphs sent;
  private final Map<String, HasMetadata> lastSeen = new ConcurrentHashMap<>();
  /** Workload (or bare pod) subgraph id → its pods that were deleted, kept so the graph records them as ended. */
  private final Map<String, GonePods> gonePods = new ConcurrentHashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private final Map<String, Long> dirtySince = new HashMap<>();
  /** Outbox sequence number → when its subgraph first became dirty (sorted: an ack covers a prefix). */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Long> queuedAt =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final CountDownLatch reconciled = new CountDownLatch(1);
  private volatile long reconcileMillis = -1;
  private volatile boolean closed;
  private Thread worker;
  private Thread deliverer;

  private final Counter updates;
  private final Counter renderErrors;
  private final Counter deliveries;
  private final Counter deliveryErrors;
  private final Histogram latency;
  private final List<Long> latencyNanos = new ArrayList<>();

  private KgExporter(KubernetesClient client, KgExporterOptions opts, DeliveryTarget target,
      PrometheusRegistry registry) {
    this.client = client;
    this.opts = opts;
    this.target = target;
    this.renderer = new KgRenderer(opts.render());
    this.outbox = Outbox.open(opts.outboxDir().resolve("outbox"));
    this.sent = SentGraphs.load(opts.outboxDir());
    updates = Counter.builder().name("taskscope_kg_graph_updates_total")
        .help("Subgraph updates queued for delivery, by kind (Deployment, Node, GNode, ...).")
        .labelNames("kind").register(registry);
    renderErrors = Counter.builder().name("taskscope_kg_render_errors_total")
        .help("Subgraphs that could not be rendered or failed SHACL validation, by kind.")
        .labelNames("kind").register(registry);
    deliveries = Counter.builder().name("taskscope_kg_deliveries_total")
        .help("Subgraph updates the delivery target accepted.").labelNames("target").register(registry);
    deliveryErrors = Counter.builder().name("taskscope_kg_delivery_errors_total")
        .help("Failed delivery attempts (each is retried, in order), by target and reason.")
        .labelNames("target", "reason").register(registry);
    latency = Histogram.builder().name("taskscope_kg_update_latency_seconds")
        .help("From the first event that changed a subgraph to its delivery.").register(registry);
    GaugeWithCallback.builder().name("taskscope_kg_outbox_pending")
        .help("Subgraph updates in the durable outbox waiting for delivery.")
        .callback(cb -> cb.call(outbox.pending())).register(registry);
  }

  /** Starts informers, the render worker and the delivery loop; returns at once. */
  public static KgExporter start(KubernetesClient client, KgExporterOptions opts, DeliveryTarget target,
      PrometheusRegistry registry) {
    KgExporter e = new KgExporter(client, opts, target, registry);
    e.startInformers();
    return e;
  }

  // ------------------------------------------------------------------ informers

  private void startInformers() {
    List<CompletableFuture<Void>> synced = new ArrayList<>();
    addWorkload("Deployment", client.apps().deployments().inAnyNamespace().runnableInformer(0), synced);
    addWorkload("StatefulSet", client.apps().statefulSets().inAnyNamespace().runnableInformer(0), synced);
    addWorkload("DaemonSet", client.apps().daemonSets().inAnyNamespace().runnableInformer(0), synced);
    addWorkload("Job", client.batch().v1().jobs().inAnyNamespace().runnableInformer(0), synced);
    pods = client.pods().inAnyNamespace().runnableInformer(0);
    pods.addIndexers(Map.of("owner", p -> {
      String k = podKey(p);
      return k == null ? List.of() : List.of(k);
    }));
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod p) {
        podChanged(p, false);
      }

      @Override
      public void onUpdate(Pod old, Pod p) {
        podChanged(p, false);
      }

      @Override
      public void onDelete(Pod p, boolean unknown) {
        podChanged(p, true);
      }
    });
    synced.add(start(pods));
    nodes = client.nodes().runnableInformer(0);
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(io.fabric8.kubernetes.api.model.Node n) {
        lastSeen.put(renderer.nodeId(n.getMetadata().getName()).value(), n);
        markDirty(renderer.nodeId(n.getMetadata().getName()).value());
        markDirty(renderer.gnodeId().value());
      }

      @Override
      public void onUpdate(io.fabric8.kubernetes.api.model.Node o, io.fabric8.kubernetes.api.model.Node n) {
        lastSeen.put(renderer.nodeId(n.getMetadata().getName()).value(), n);
        markDirty(renderer.nodeId(n.getMetadata().getName()).value());
      }

      @Override
      public void onDelete(io.fabric8.kubernetes.api.model.Node n, boolean unknown) {
        lastSeen.put(renderer.nodeId(n.getMetadata().getName()).value(), n);
        markDirty(renderer.nodeId(n.getMetadata().getName()).value());
        markDirty(renderer.gnodeId().value());
      }
    });
    synced.add(start(nodes));
    worker = Thread.ofPlatform().daemon().name("taskscope-kg-render").start(() -> {
      try {
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).join();
      } catch (RuntimeException e) {
        log.warn("event=kg_informer_sync_failed error=\"{}\"", e.toString());
      }
      reconcile();
      renderLoop();
    });
    deliverer = Thread.ofPlatform().daemon().name("taskscope-kg-deliver").start(this::deliverLoop);
  }

  private CompletableFuture<Void> start(SharedIndexInformer<?> informer) {
    informer.exceptionHandler((started, t) -> {
      log.warn("event=kg_watch_failed error=\"{}\" retry=true", t.toString());
      return !closed;
    });
    return informer.start().toCompletableFuture();
  }

  private <T extends HasMetadata> void addWorkload(String kind, SharedIndexInformer<T> informer,
      List<CompletableFuture<Void>> synced) {
    workloadInformers.put(kind, informer);
    informer.addEventHandler(handler(o -> {
      String id = renderer.workloadId(kind, o.getMetadata().getNamespace(), o.getMetadata().getName()).value();
      lastSeen.put(id, o);
      markDirty(id);
    }));
    synced.add(start(informer));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> f) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        f.accept(o);
      }

      @Override
      public void onUpdate(T old, T o) {
        f.accept(o);
      }

      @Override
      public void onDelete(T o, boolean unknown) {
        f.accept(o);
      }
    };
  }

  /**
   * Marks the pod's subgraph dirty. A deleted pod is remembered as gone (its last state and when it went), so its
   * workload's graph keeps it as terminated instead of dropping it; a pod of the same name coming back (a
   * StatefulSet's) is live again.
   */
  private void podChanged(Pod p, boolean deleted) {
    String k = podKey(p);
    if (k == null) {
      return;
    }
    String name = p.getMetadata().getName();
    if (deleted) {
      gonePods.computeIfAbsent(k, x -> new GonePods(opts.maxGonePods())).add(p, Instant.now());
    } else {
      GonePods g = gonePods.get(k);
      if (g != null) {
        g.remove(name);
      }
    }
    markDirty(k);
  }

  /** Subgraph id of the workload a pod belongs to, or null when it belongs to none TaskScope graphs. */
  private String podKey(Pod p) {
    String[] owner = KgRenderer.ownerOf(p);
    if (owner == null) {
      return renderer.podId(p.getMetadata().getNamespace(), p.getMetadata().getName()).value();
    }
    if (!KgRenderer.WORKLOAD_KINDS.contains(owner[0])) {
      return null;
    }
    return renderer.workloadId(owner[0], p.getMetadata().getNamespace(), owner[1]).value();
  }

  private void markDirty(String id) {
    synchronized (dirty) {
      dirty.add(id);
      dirtySince.putIfAbsent(id, System.nanoTime());
      dirty.notifyAll();
    }
  }

  // ------------------------------------------------------------------ rendering

  private void reconcile() {
    long t0 = System.nanoTime();
    Set<String> all = new LinkedHashSet<>(sent.ids());
    workloadInformers.forEach((kind, inf) -> inf.getStore().list().forEach(o -> {
      String id = renderer.workloadId(kind, o.getMetadata().getNamespace(), o.getMetadata().getName()).value();
      lastSeen.putIfAbsent(id, o);
      all.add(id);
    }));
    pods.getStore().list().forEach(p -> {
      String k = podKey(p);
      if (k != null) {
        all.add(k);
      }
    });
    nodes.getStore().list().forEach(n -> all.add(renderer.nodeId(n.getMetadata().getName()).value()));
    all.add(renderer.gnodeId().value());
    synchronized (dirty) {
      dirty.removeAll(all);
    }
    process(all);
    reconcileMillis = (System.nanoTime() - t0) / 1_000_000;
    log.info("event=kg_reconciled subgraphs={} millis={}", all.size(), reconcileMillis);
    reconciled.countDown();
  }

  private void renderLoop() {
    while (!closed) {
      Set<String> batch;
      synchronized (dirty) {
        while (dirty.isEmpty() && !closed) {
          try {
            dirty.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      try {
        Thread.sleep(opts.debounce().toMillis());
      } catch (InterruptedException e) {
        return;
      }
      synchronized (dirty) {
        batch = new LinkedHashSet<>(dirty);
        dirty.clear();
      }
      try {
        process(batch);
      } catch (RuntimeException e) {
        log.warn("event=kg_render_batch_failed error=\"{}\"", e.toString());
      }
    }
  }

  private void process(Collection<String> ids) {
    List<Outbox.Entry> entries = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    Map<String, String> newHashes = new HashMap<>();
    for (String id : ids) {
      String kind = kindOf(id);
      Graph g;
      boolean ended;
      try {
        Rendered r = render(id);
        if (r == null) {
          continue;
        }
        g = r.graph;
        ended = r.ended;
      } catch (RuntimeException e) {
        renderErrors.labelValues(kind).inc();
        log.warn("event=kg_render_failed id={} error=\"{}\"", id, e.toString());
        continue;
      }
      if (opts.validate()) {
        var report = Ontology.validate(g);
        if (!report.conforms()) {
          renderErrors.labelValues(kind).inc();
          log.warn("event=kg_shacl_failed id={} report=\"{}\"", id, Ontology.describe(report).replace('\n', ' '));
          continue;
        }
      }
      String nt = RdfIo.canonical(g);
      String hash = (ended ? "!" : "") + RdfIo.sha256(nt);
      if (hash.equals(sent.hash(id))) {
        synchronized (dirty) {
          if (!dirty.contains(id)) {
            dirtySince.remove(id);
          }
        }
        continue;
      }
      entries.add(new Outbox.Entry(0, id, nt));
      kinds.add(kind);
      newHashes.put(id, hash);
    }
    if (entries.isEmpty()) {
      return;
    }
    long last = outbox.append(entries);
    long first = last - entries.size() + 1;
    for (int i = 0; i < entries.size(); i++) {
      String id = entries.get(i).id();
      Long since;
      synchronized (dirty) {
        since = dirty.contains(id) ? dirtySince.get(id) : dirtySince.remove(id);
      }
      if (since != null) {
        queuedAt.put(first + i, since);
      }
      updates.labelValues(kinds.get(i)).inc();
    }
    sent.record(newHashes);
  }

  private record Rendered(Graph graph, boolean ended) {}

  private Rendered render(String id) {
    String[] seg = id.split("/");
    String kind = kindOf(id);
    if (kind.equals("GNode")) {
      return new Rendered(renderer.gnode(nodes.getStore().list().stream().map(n -> n.getMetadata().getName())
          .toList()), false);
    }
    if (kind.equals("Node")) {
      String name = seg[2];
      var n = nodes.getStore().getByKey(name);
      if (n != null) {
        return new Rendered(renderer.node(n, null), false);
      }
      if (!sent.sentLive(id)) {
        return null;
      }
      var last = lastSeen.get(id) instanceof io.fabric8.kubernetes.api.model.Node ln ? ln : GoneObjects.node(name);
      return new Rendered(renderer.node(last, Instant.now()), true);
    }
    String ns = seg[1];
    String name = seg[3];
    if (kind.equals("Pod")) {
      Pod p = pods.getStore().getByKey(ns + "/" + name);
      if (p != null) {
        return new Rendered(renderer.podFragment(p), false);
      }
      if (!sent.sentLive(id)) {
        return null;
      }
      GonePods g = gonePods.remove(id);
      Pod last = g == null ? null : g.last(name);
      if (last == null) {
        last = GoneObjects.pod(ns, name);
      }
      return new Rendered(renderer.podFragment(last, g == null ? Instant.now() : g.endedAt(name)), true);
    }
    SharedIndexInformer<? extends HasMetadata> inf = workloadInformers.get(kind);
    if (inf == null) {
      return null;
    }
    HasMetadata w = inf.getStore().getByKey(ns + "/" + name);
    if (w != null) {
      List<Pod> owned = pods.getIndexer().byIndex("owner", id);
      GonePods g = gonePods.get(id);
      return new Rendered(renderer.workload(w, owned, g == null ? Map.of() : g.snapshot(owned), null), false);
    }
    gonePods.remove(id);
    if (!sent.sentLive(id)) {
      return null;
    }
    HasMetadata last = lastSeen.get(id);
    if (last == null) {
      last = GoneObjects.workload(kind, ns, name);
    }
    return new Rendered(renderer.workload(last, List.of(), Instant.now()), true);
  }

  private static String kindOf(String id) {
    String[] seg = id.split("/");
    return seg.length == 4 ? seg[2] : seg.length == 3 ? seg[1] : "unknown";
  }

  // ------------------------------------------------------------------ delivery

  private void deliverLoop() {
    long delay = 100;
    boolean down = false;
    while (!closed) {
      List<Outbox.Entry> batch;
      try {
        batch = outbox.headBatch(256, 500);
      } catch (InterruptedException ie) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        List<Map.Entry<SubgraphId, Graph>> updates = new ArrayList<>();
        for (Outbox.Entry e : batch) {
          updates.add(Map.entry(new SubgraphId(e.id()), RdfIo.parseNTriples(e.ntriples())));
        }
        target.putAll(updates);
      } catch (DeliveryTarget.DeliveryException | RuntimeException ex) {
        String reason = ex instanceof DeliveryTarget.DeliveryException de ? de.reason() : "error";
        deliveryErrors.labelValues(target.name(), reason).inc();
        if (!down) {
          log.warn("event=kg_delivery_failed target={} id={} reason={} error=\"{}\" retry=true", target.name(),
              batch.get(0).id(), reason, ex.getMessage());
          down = true;
        }
        try {
          Thread.sleep(delay);
        } catch (InterruptedException ie) {
          return;
        }
        delay = Math.min(delay * 2, Math.max(100, opts.maxRetryDelay().toMillis()));
        continue;
      }
      if (down) {
        log.info("event=kg_delivery_recovered target={} pending={}", target.name(), outbox.pending());
        down = false;
      }
      delay = 100;
      long lastSeq = batch.get(batch.size() - 1).seq();
      outbox.ackThrough(lastSeq);
      deliveries.labelValues(target.name()).inc(batch.size());
      long now = System.nanoTime();
      // Updates the outbox coalesced into a newer version of their subgraph were delivered with it: count them too.
      var covered = queuedAt.headMap(lastSeq, true);
      for (var it = covered.entrySet().iterator(); it.hasNext(); ) {
        Long since = it.next().getValue();
        it.remove();
        if (since != null) {
          long nanos = now - since;
          latency.observe(nanos / 1e9);
          synchronized (latencyNanos) {
            if (latencyNanos.size() < 1_000_000) {
              latencyNanos.add(nanos);
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ observation

  /** Waits for the start-up reconcile to have queued every subgraph. */
  public boolean awaitReconciled(long timeout, TimeUnit unit) throws InterruptedException {
    return reconciled.await(timeout, unit);
  }

  /** Milliseconds the start-up reconcile took (render + queue), or -1 before it ended. */
  public long reconcileMillis() {
    return reconcileMillis;
  }

  /** Waits until nothing is dirty or pending; false on timeout. */
  public boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    if (!awaitReconciled(timeoutMs, TimeUnit.MILLISECONDS)) {
      return false;
    }
    while (System.currentTimeMillis() < deadline) {
      boolean clean;
      synchronized (dirty) {
        clean = dirty.isEmpty();
      }
      if (clean && outbox.awaitEmpty(Math.max(1, deadline - System.currentTimeMillis()))) {
        Thread.sleep(opts.debounce().toMillis() + 20);
        synchronized (dirty) {
          if (dirty.isEmpty() && outbox.pending() == 0) {
            return true;
          }
        }
      } else {
        Thread.sleep(10);
      }
    }
    return false;
  }

  public int pending() {
    return outbox.pending();
  }

  /** Ids of the pending updates, oldest first. */
  public List<String> pendingIds() {
    return outbox.pendingEntries().stream().map(Outbox.Entry::id).toList();
  }

  /** Event-to-delivered latencies observed so far, in nanoseconds (for the benchmark). */
  public List<Long> latencies() {
    synchronized (latencyNanos) {
      return List.copyOf(latencyNanos);
    }
  }

  public void clearLatencies() {
    synchronized (latencyNanos) {
      latencyNanos.clear();
    }
  }

  @Override
  public void close() {
    closed = true;
    workloadInformers.values().forEach(SharedIndexInformer::close);
    if (pods != null) {
      pods.close();
    }
    if (nodes != null) {
      nodes.close();
    }
    synchronized (dirty) {
      dirty.notifyAll();
    }
    try {
      if (worker != null) {
        worker.interrupt();
        worker.join(5000);
      }
      if (deliverer != null) {
        // Let a delivery in flight finish and be acknowledged, so a clean stop never redelivers.
        deliverer.join(2000);
        deliverer.interrupt();
        deliverer.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    outbox.close();
  }
}
