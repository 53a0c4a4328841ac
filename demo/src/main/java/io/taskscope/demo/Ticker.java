package io.taskscope.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a simulated part of the demo (workers, pipelines, exporters, the knowledge base) every tick on a daemon
 * thread, or never (manual parts, stepped by tests). A failing step is logged and the next tick comes anyway; after
 * {@link #close()} no step runs.
 */
public final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  public interface Step {
    void run() throws Exception;
  }

  private final String name;
  private ScheduledExecutorService timer;
  private volatile boolean closed;

  /** A ticker on thread {@code name} that runs nothing until {@link #start}: manual parts never start theirs. */
  public Ticker(String name) {
    this.name = name;
  }

  /** Runs {@code step} at once and then every {@code tick} (call once the owner is fully built). */
  public void start(Duration tick, Step step) {
    start(Duration.ZERO, tick, step);
  }

  /** Runs {@code step} after {@code first}, then every {@code tick}. */
  public synchronized void start(Duration first, Duration tick, Step step) {
    if (timer != null || closed) {
      throw new IllegalStateException(name + " already started or closed");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> safely(step), first.toMillis(), Math.max(10, tick.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  public boolean closed() {
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
