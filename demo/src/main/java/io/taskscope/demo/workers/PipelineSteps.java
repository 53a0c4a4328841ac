package io.taskscope.demo.workers;

import io.taskscope.demo.Ticker;
import io.taskscope.sdk.MetricCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's sequential pipelines in the demo: Alice and Bob time their workflow steps and hand the results to
 * Simplepipe, which pushes them when the step ends. Each simulated application finishes a run every few ticks and
 * pushes Simplepipe's metrics JSON through the real {@code /api/v1/simplepipe} endpoint with the Java
 * {@link MetricCollector}: the user is the {@code namespace} grouping label (one namespace per user, as with a
 * Pushgateway per user namespace), the application the job. Every run replaces its group, so
 * {@code push_time_seconds} tells how stale each application is. Errors are logged, never thrown out of a tick.
 */
public final class PipelineSteps implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineSteps.class);

  /**
   * One user's application: typical run time, how many ticks between two runs, images per run (0: none) and, for a
   * training step, the accuracy its model starts at.
   */
  public record Application(String user, String name, double runSeconds, int everyTicks, int images,
      double startAccuracy) {
    boolean trains() {
      return startAccuracy > 0;
    }
  }

  public static final List<Application> APPLICATIONS = List.of(
      new Application("alice", "image-resize", 42, 2, 1200, 0),
      new Application("alice", "train-model", 310, 5, 5000, 0.86),
      new Application("bob", "etl-daily", 95, 3, 0, 0),
      new Application("bob", "train-model", 280, 4, 4800, 0.82));

  private final Map<String, MetricCollector> perUser = new LinkedHashMap<>();
  private final Map<Application, Integer> runs = new LinkedHashMap<>();
  private final Random rnd;
  private final Ticker ticker;
  private long steps;
  private long failures;

  private PipelineSteps(String pushBaseUrl, long seed) {
    this.rnd = new Random(seed * 7 + 4);
    for (Application a : APPLICATIONS) {
      perUser.computeIfAbsent(a.user(), u -> MetricCollector.builder().url(pushBaseUrl).label("namespace", u)
          .timeout(Duration.ofSeconds(5)).build());
      runs.put(a, 0);
    }
    ticker = new Ticker("taskscope-demo-pipelines");
  }

  /** Starts the pipelines: a first step at once (every application reports a run), then one every {@code tick}. */
  public static PipelineSteps start(String pushBaseUrl, Duration tick, long seed) {
    PipelineSteps p = new PipelineSteps(pushBaseUrl, seed);
    p.ticker.start(tick, p::step);
    return p;
  }

  /** Pipelines without a timer: the caller runs {@link #step()} (tests). */
  public static PipelineSteps manual(String pushBaseUrl, long seed) {
    return new PipelineSteps(pushBaseUrl, seed);
  }

  public synchronized long steps() {
    return steps;
  }

  /** Runs whose push TaskScope refused or that could not be sent (logged). */
  public synchronized long failures() {
    return failures;
  }

  /** Runs an application has pushed so far. */
  public synchronized int runs(Application a) {
    return runs.getOrDefault(a, 0);
  }

  /** One tick: every application whose turn it is finishes a run and pushes its metrics. */
  public synchronized void step() throws InterruptedException {
    if (ticker.closed()) {
      return;
    }
    for (Application a : APPLICATIONS) {
      if (steps % a.everyTicks() != 0) {
        continue;
      }
      int run = runs.get(a) + 1;
      try {
        perUser.get(a.user()).parseAndPush(metrics(a, run), a.name());
        runs.put(a, run);
      } catch (java.io.IOException | RuntimeException e) {
        failures++;
        LOG.warn("event=demo_pipeline_push_failed user={} application={} error={}", a.user(), a.name(),
            e.getMessage());
      }
    }
    steps++;
  }

  /** What the step writes for Simplepipe at the end of run {@code run}. */
  private List<Map<String, Object>> metrics(Application a, int run) {
    List<Map<String, Object>> out = new ArrayList<>();
    double seconds = Math.round(a.runSeconds() * (0.85 + 0.3 * rnd.nextDouble()) * 100) / 100.0;
    out.add(metric("run_time_seconds", "Wall-clock run time of the application", seconds, "gauge"));
    if (a.images() > 0) {
      // Simplepipe accepts numeric strings as gauge values; Alice and Bob's scripts write them either way
      long images = Math.round(a.images() * (0.9 + 0.2 * rnd.nextDouble()));
      out.add(metric("images_processed", "Images the run processed", Long.toString(images), "gauge"));
    } else {
      out.add(metric("rows_processed", "Rows the run loaded", 50_000 + rnd.nextInt(20_000), "gauge"));
    }
    if (a.trains()) {
      // training improves slowly and levels off below 1, with some noise between runs
      double accuracy = Math.min(0.99, a.startAccuracy() + 0.1 * (1 - Math.exp(-run / 20.0))
          + (rnd.nextDouble() - 0.5) * 0.01);
      out.add(metric("model_accuracy", "Validation accuracy of the trained model",
          Math.round(accuracy * 10_000) / 10_000.0, "gauge"));
    }
    return out;
  }

  private static Map<String, Object> metric(String name, String description, Object value, String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("value", value);
    m.put("metric_type", type);
    return m;
  }

  @Override
  public void close() {
    ticker.close();
  }
}
