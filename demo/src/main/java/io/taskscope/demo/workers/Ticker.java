package io.taskscope.demo.workers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a simulated actor's step now and then every tick on a daemon thread, or never (manual actors, stepped by
 * tests). A failing step is logged and the next tick comes anyway; after {@link #close()} no step runs.
 */
final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  interface Step {
    void run() throws Exception;
  }

  private final String name;
  private ScheduledExecutorService timer;
  private volatile boolean closed;

  /** A ticker on thread {@code name} that runs nothing until {@link #start}: manual actors never start theirs. */
  Ticker(String name) {
    this.name = name;
  }

  /** Runs {@code step} at once and then every {@code tick} (call once the owner is fully built). */
  synchronized void start(Duration tick, Step step) {
    if (timer != null || closed) {
      throw new IllegalStateException(name + " already started or closed");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> safely(step), 0, Math.max(10, tick.toMillis()), TimeUnit.MILLISECONDS);
  }

  boolean closed() {
    return closed;
  }

  private void safely(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      if (!closed) {
        LOG.warn("event=demo_step_failed actor={} error=\"{}\"", name, e.toString());
      }
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService timer;
    synchronized (this) {
      closed = true;
      timer = this.timer;
    }
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
