package io.taskscope.ui;

import io.taskscope.forecast.history.PromQl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which figures a task page charts, per kind (docs/metrics.md): the series that say how a task of that kind is doing,
 * where they come from, and the PromQL that reads them from Prometheus.
 */
final class TaskCharts {
  /** Where a chart's points come from. */
  enum Origin {
    /** TaskScope's own series: Prometheus when configured, else the in-memory {@link MetricHistory}. */
    SERIES,
    /** Recording rules over cAdvisor, Kepler and DCGM: only Prometheus has them. */
    RESOURCE,
    /** What the cluster view shows (replicas, restarts), kept by {@link MetricHistory} only. */
    VIEW
  }

  /** How several series of one line (workers, classes) become one value. */
  enum Agg {
    SUM, MAX, AVG
  }

  /** One line: {@code series} narrowed by {@code match} (besides the task's own labels). */
  record Line(String label, String series, Map<String, String> match, Agg agg, String color) {}

  record Chart(String id, String title, String unit, Origin origin, List<Line> lines) {}

  /** Pseudo series of {@link Origin#VIEW} lines. */
  static final String READY = "ui:workers_ready";
  static final String DESIRED = "ui:workers_desired";
  static final String RESTARTS = "ui:restarts";

  private static final String[] COLORS = {"#0b5cad", "#bf3989", "#1a7f37", "#9a6700", "#6639ba", "#cf222e"};

  private TaskCharts() {}

  static List<Chart> of(String kind) {
    List<Chart> c = new ArrayList<>();
    switch (kind) {
      case "JointInferenceService" -> {
        c.add(chart("inferences", "Inferences (the edge worker's last report)", "samples", Origin.SERIES,
            line("edge", "sedna_jointinference_edge_inferences"), line("cloud", "sedna_jointinference_cloud_inferences"),
            line("hard examples", "sedna_jointinference_hard_examples")));
        c.add(chart("pushed", "Inferences pushed by the workers", "samples since worker start", Origin.SERIES,
            line("edge", "sedna_jointinference_inferences_total", Map.of("location", "edge"), Agg.SUM),
            line("cloud", "sedna_jointinference_inferences_total", Map.of("location", "cloud"), Agg.SUM),
            line("hard samples", "sedna_jointinference_hard_samples_total")));
      }
      case "IncrementalLearningJob" -> {
        c.add(chart("iteration", "Iterations (train runs)", "runs", Origin.SERIES,
            line("from the CR", "sedna_task_iteration"),
            line("pushed", "sedna_incrementallearning_iteration", Map.of(), Agg.MAX)));
        c.add(chart("accuracy", "Accuracy of the new vs the old model (latest evaluation, mean over classes)",
            "ratio", Origin.SERIES,
            line("new precision", "sedna_task_latest_eval_metric", Map.of("model", "new", "metric", "precision"),
                Agg.AVG),
            line("old precision", "sedna_task_latest_eval_metric", Map.of("model", "old", "metric", "precision"),
                Agg.AVG),
            line("new recall", "sedna_task_latest_eval_metric", Map.of("model", "new", "metric", "recall"), Agg.AVG),
            line("old recall", "sedna_task_latest_eval_metric", Map.of("model", "old", "metric", "recall"), Agg.AVG)));
        c.add(chart("stages", "Train and eval samples (pushed by the workers)", "samples", Origin.SERIES,
            line("train", "sedna_incrementallearning_train_samples"),
            line("eval", "sedna_incrementallearning_eval_samples")));
      }
      case "FederatedLearningJob" -> c.add(chart("rounds", "Training rounds", "rounds", Origin.SERIES,
          line("from the CR", "sedna_task_round"),
          line("pushed (training workers)", "sedna_federatedlearning_iteration", Map.of(), Agg.MAX),
          line("aggregations", "sedna_federatedlearning_aggregation", Map.of(), Agg.MAX)));
      case "LifelongLearningJob" -> {
        c.add(chart("kb", "Knowledge base (the job's status.knowledgeBase)", "count", Origin.SERIES,
            line("models", "sedna_lifelonglearning_kb_models"), line("classes", "sedna_lifelonglearning_kb_classes")));
        c.add(chart("kb-precision", "Average precision of the knowledge base's models", "ratio", Origin.SERIES,
            line("best model", "sedna_lifelonglearning_kb_model_average_precision", Map.of(), Agg.MAX),
            line("mean", "sedna_lifelonglearning_kb_model_average_precision", Map.of(), Agg.AVG)));
        c.add(chart("samples", "Unseen samples", "samples", Origin.SERIES,
            line("labeled unseen", "sedna_task_samples", Map.of("sample_type", "labeled_unseen"), Agg.SUM),
            line("unseen", "sedna_task_samples", Map.of("sample_type", "unseen"), Agg.SUM)));
      }
      case "Dataset" -> c.add(chart("samples", "Samples", "samples", Origin.SERIES,
          line("samples", "sedna_dataset_number_of_samples")));
      default -> {
        // workloads and the other Sedna kinds: resources only
      }
    }
    if (TaskScopeKinds.isWorkload(kind)) {
      c.add(chart("replicas", "Workers ready", "pods", Origin.VIEW, line("ready", READY), line("desired", DESIRED)));
      c.add(chart("restarts", "Container restarts (all pods)", "restarts", Origin.VIEW, line("restarts", RESTARTS)));
      c.add(chart("cpu", "CPU", "% of one core", Origin.RESOURCE, line("cpu", "workload:cpu_usage:percent")));
      c.add(chart("memory", "Memory", "MiB", Origin.RESOURCE, line("memory", "workload:mem_usage:megabytes")));
      c.add(chart("power", "Power", "W", Origin.RESOURCE, line("power", "workload:power:watts")));
      c.add(chart("gpu", "GPU", "%", Origin.RESOURCE, line("utilisation", "workload:gpu_usage:percent", Map.of(),
          Agg.AVG)));
    } else if (!kind.equals("Model") && !kind.equals("Dataset")) {
      c.add(chart("cpu", "CPU", "% of one core", Origin.RESOURCE, line("cpu", "sedna_task:cpu_usage:percent")));
      c.add(chart("memory", "Memory", "MiB", Origin.RESOURCE, line("memory", "sedna_task:mem_usage:megabytes")));
    }
    return c;
  }

  /** Every series name a {@link Origin#SERIES} chart reads, for sampling TaskScope's own exposition. */
  static Set<String> exposedSeries(List<String> kinds) {
    Set<String> s = new LinkedHashSet<>();
    for (String k : kinds) {
      for (Chart c : of(k)) {
        if (c.origin() == Origin.SERIES) {
          c.lines().forEach(l -> s.add(l.series()));
        }
      }
    }
    return s;
  }

  /**
   * The PromQL of one line of a task: its series narrowed to the task ({@code namespace, kind, name}, or for resource
   * rules of workloads {@code namespace, workload_type, workload}) and the line's labels, folded into one series.
   */
  static String promQl(Chart c, Line l, String kind, String namespace, String name) {
    StringBuilder sel = new StringBuilder(l.series()).append('{');
    boolean workload = c.origin() == Origin.RESOURCE && TaskScopeKinds.isWorkload(kind);
    sel.append("namespace=").append(PromQl.stringLiteral(namespace));
    sel.append(workload ? ",workload_type=" : ",kind=").append(PromQl.stringLiteral(kind));
    sel.append(workload ? ",workload=" : ",name=").append(PromQl.stringLiteral(name));
    l.match().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sel.append(',').append(e.getKey()).append('=').append(PromQl.stringLiteral(e.getValue())));
    sel.append('}');
    String fn = switch (l.agg()) {
      case SUM -> "sum";
      case MAX -> "max";
      case AVG -> "avg";
    };
    return fn + "(" + sel + ")";
  }

  private static Chart chart(String id, String title, String unit, Origin origin, Line... lines) {
    List<Line> colored = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Line l = lines[i];
      colored.add(new Line(l.label(), l.series(), l.match(), l.agg(), COLORS[i % COLORS.length]));
    }
    return new Chart(id, title, unit, origin, List.copyOf(colored));
  }

  private static Line line(String label, String series) {
    return line(label, series, Map.of(), Agg.SUM);
  }

  private static Line line(String label, String series, Map<String, String> match, Agg agg) {
    return new Line(label, series, match, agg, null);
  }
}
