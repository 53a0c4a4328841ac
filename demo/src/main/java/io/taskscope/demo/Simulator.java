package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the simulated Sedna cluster forward. Each {@link #step()} advances the simulated clock by one tick and lets
 * every actor (tasks, worker pods, jobs, nodes) change its objects through the Kubernetes API, so watches and
 * informers see MODIFIED / ADDED / DELETED events. Steps are deterministic for a given seed.
 */
public final class Simulator {

  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

  private final KubernetesClient client;
  private final Random random;
  private final List<Actor> actors;
  private final Runnable afterStep;
  private volatile Duration tick;
  private volatile Instant now;
  private volatile long steps;
  private ScheduledExecutorService timer;

  Simulator(KubernetesClient client, long seed, Instant start, Duration tick, List<Actor> actors, Runnable afterStep) {
    this.client = client;
    this.random = new Random(seed ^ 0x5DEECE66DL);
    this.now = start;
    this.tick = tick;
    this.actors = List.copyOf(actors);
    this.afterStep = afterStep;
  }

  /** Advances the simulation by one tick (also callable while the timer runs; steps never overlap). */
  public synchronized void step() {
    steps++;
    now = now.plus(tick);
    for (Actor actor : actors) {
      try {
        actor.step(this);
      } catch (RuntimeException e) {
        LOG.warn("step {}: {} failed: {}", steps, actor, e.toString());
      }
    }
    afterStep.run();
    LOG.debug("step {} done (simulated time {})", steps, now);
    if (steps % 100 == 0) {
      LOG.info("simulator step {} (simulated time {})", steps, now);
    }
  }

  /** Number of steps taken so far. */
  public long steps() {
    return steps;
  }

  /** Starts stepping every {@code tick} on a daemon thread (restarts the timer if it runs). */
  public synchronized void start(Duration tick) {
    Objects.requireNonNull(tick, "tick");
    if (tick.isZero() || tick.isNegative()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
    stop();
    this.tick = tick;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "taskscope-demo-simulator");
      t.setDaemon(true);
      return t;
    });
    long ms = tick.toMillis();
    timer.scheduleAtFixedRate(this::step, ms, ms, TimeUnit.MILLISECONDS);
    LOG.info("simulator ticking every {} ms", ms);
  }

  /**
   * Stops the timer and lets a step in progress finish (up to 5 s) rather than interrupt its API calls; {@link #step()}
   * can still be called by hand.
   */
  public void stop() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdown();
      try {
        if (!t.awaitTermination(5, TimeUnit.SECONDS)) {
          t.shutdownNow();
        }
      } catch (InterruptedException e) {
        t.shutdownNow();
        Thread.currentThread().interrupt();
      }
      LOG.info("simulator stopped after {} steps", steps);
    }
  }

  // ---- for actors ----

  Instant now() {
    return now;
  }

  Random random() {
    return random;
  }

  KubernetesClient client() {
    return client;
  }

  static ResourceDefinitionContext context(Kind kind) {
    return new ResourceDefinitionContext.Builder().withGroup(SednaNames.GROUP).withVersion(SednaNames.VERSION)
        .withKind(kind.kind).withPlural(kind.plural).withNamespaced(true).build();
  }

  /** Writes the status of a Sedna CR through its status subresource; returns the stored object. */
  GenericKubernetesResource writeStatus(Kind kind, GenericKubernetesResource cr) {
    GenericKubernetesResource out = client.genericKubernetesResources(context(kind))
        .inNamespace(cr.getMetadata().getNamespace()).resource(cr).updateStatus();
    LOG.debug("status {} {}/{} rv={}", kind.kind, cr.getMetadata().getNamespace(), cr.getMetadata().getName(),
        out.getMetadata().getResourceVersion());
    return out;
  }

  /** Writes the status of a built-in object (pod, job, node, deployment) through its status subresource. */
  <T extends HasMetadata> T writeStatus(T obj) {
    T out = client.resource(obj).updateStatus();
    LOG.debug("status {} {}{} rv={}", obj.getKind(), ns(obj), obj.getMetadata().getName(),
        out.getMetadata().getResourceVersion());
    return out;
  }

  <T extends HasMetadata> T create(T obj) {
    T out = client.resource(obj).create();
    LOG.info("created {} {}{}", obj.getKind(), ns(obj), obj.getMetadata().getName());
    return out;
  }

  void delete(HasMetadata obj) {
    client.resource(obj).withGracePeriod(0).delete();
    LOG.info("deleted {} {}{}", obj.getKind(), ns(obj), obj.getMetadata().getName());
  }

  private static String ns(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? "" : ns + "/";
  }
}
