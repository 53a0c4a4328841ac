package io.taskscope.kg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param render what the graphs say besides the objects (cluster, datasources, dashboards, GNode)
 * @param outboxDir where the durable outbox and the exporter's record of sent graphs live
 * @param debounce events within this window are rendered together (one update per subgraph)
 * @param validate validate every graph with the SHACL shapes before it is queued (a failing graph is not sent and
 *     counts in {@code taskscope_kg_render_errors_total})
 * @param maxRetryDelay longest wait between delivery attempts while the target is down
 */
public record KgExporterOptions(RenderOptions render, Path outboxDir, Duration debounce, boolean validate,
    Duration maxRetryDelay) {
  public KgExporterOptions {
    Objects.requireNonNull(render, "render");
    Objects.requireNonNull(outboxDir, "outboxDir");
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
  }

  public static KgExporterOptions defaults(String cluster, Path outboxDir) {
    return new KgExporterOptions(RenderOptions.defaults(cluster), outboxDir, Duration.ofMillis(50), false,
        Duration.ofSeconds(10));
  }

  public KgExporterOptions withValidate(boolean v) {
    return new KgExporterOptions(render, outboxDir, debounce, v, maxRetryDelay);
  }

  public KgExporterOptions withMaxRetryDelay(Duration d) {
    return new KgExporterOptions(render, outboxDir, debounce, validate, d);
  }

  /** Deleted pods a workload's graph keeps as terminated (the newest ones). */
  public int maxGonePods() {
    return 50;
  }

  public KgExporterOptions withRender(RenderOptions r) {
    return new KgExporterOptions(r, outboxDir, debounce, validate, maxRetryDelay);
  }
}
