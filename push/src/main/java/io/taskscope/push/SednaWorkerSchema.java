package io.taskscope.push;

import static io.taskscope.sdk.SednaNames.CURRENT_STATUSES;
import static io.taskscope.sdk.SednaNames.DEPLOY_STATUSES;
import static io.taskscope.sdk.SednaNames.LL_TASK_STATUSES;
import static io.taskscope.sdk.SednaNames.LOCATIONS;
import static io.taskscope.sdk.SednaNames.MODELS;
import static io.taskscope.sdk.SednaNames.TASK_STAGES;
import static io.taskscope.sdk.SednaNames.TASK_TYPES;
import static io.taskscope.sdk.SednaNames.TRAIN_STATUSES;

import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metric families Sedna workers push with the SDK helpers ({@code SednaWorker} in the Java and Python SDKs), and
 * the checks the push hub makes on them before anything is stored (docs/metrics.md, "Worker-pushed series"):
 * <ul>
 *   <li>the type: counters ({@code _total}) must be pushed as counters, everything else as gauges;</li>
 *   <li>StateSets: every series carries the enum label (named after the enum, e.g. {@code task_stage}) with one of
 *       the allowed states, and the value 0 or 1;</li>
 *   <li>{@code _info} series have the value 1;</li>
 *   <li>labels with a closed set of values ({@code location} = edge|cloud, LL task/worker {@code status}, ...) hold one
 *       of them; counters are not negative.</li>
 * </ul>
 * Families whose names are not in the schema are not checked. A violation is a 400 naming the metric and the allowed
 * values, e.g. {@code sedna_incrementallearning_task_stage: state "Trian" is not one of Train, Eval, Deploy}.
 */
public final class SednaWorkerSchema {

  /** What a family's values mean. */
  public enum Shape { GAUGE, COUNTER, STATESET, INFO }

  /**
   * One family: name, shape, the enum label and its states (StateSets), and labels restricted to a set of values.
   */
  public record Family(String name, Shape shape, String enumLabel, List<String> states,
      Map<String, List<String>> restrictedLabels) {
    public PushType type() {
      return shape == Shape.COUNTER ? PushType.COUNTER : PushType.GAUGE;
    }
  }

  private static final Map<String, Family> FAMILIES;

  static {
    Map<String, Family> m = new LinkedHashMap<>();
    String ji = prefix(Kind.JOINT_INFERENCE_SERVICE);
    counter(m, ji + "inferences_total");
    counter(m, ji + "hard_samples_total");
    for (String p : List.of(prefix(Kind.INCREMENTAL_LEARNING_JOB), prefix(Kind.LIFELONG_LEARNING_JOB))) {
      for (String g : List.of("learning_rate", "epoch", "batch_size", "train_samples", "train_loss",
          "train_remaining_seconds", "eval_samples", "eval_remaining_seconds", "iteration")) {
        gauge(m, p + g);
      }
      add(m, new Family(p + "accuracy_metric", Shape.GAUGE, null, List.of(), Map.of("model", MODELS)));
      stateset(m, p + "task_stage", "task_stage", TASK_STAGES);
      stateset(m, p + "current_status", "current_status", CURRENT_STATUSES);
      stateset(m, p + "deploy_status", "deploy_status", DEPLOY_STATUSES);
      counter(m, p + "iteration_inferences_total");
      counter(m, p + "iteration_hard_samples_total");
      for (String i : SednaNames.MODEL_KINDS.values()) {
        info(m, p + i, Map.of());
      }
    }
    String ll = prefix(Kind.LIFELONG_LEARNING_JOB);
    for (String g : List.of("active_tasks", "tasks", "task_start_time_seconds", "task_duration_seconds",
        "active_workers", "workers", "inference_samples_ready", "task_score", "task_eval_result")) {
      gauge(m, ll + g);
    }
    info(m, ll + "task_info", Map.of("status", SednaNames.LL_TASK_INFO_STATUSES, "work", SednaNames.LL_TASK_WORKS));
    info(m, ll + "worker_info", Map.of("status", SednaNames.LL_WORKER_STATUSES));
    counter(m, ll + "inference_samples_done_total");
    counter(m, ll + "inference_samples_error_total");
    stateset(m, ll + "task_status", "task_status", LL_TASK_STATUSES);
    String fl = prefix(Kind.FEDERATED_LEARNING_JOB);
    info(m, fl + "train_node_info", Map.of());
    stateset(m, fl + "train_status", "train_status", TRAIN_STATUSES);
    gauge(m, fl + "node_samples");
    gauge(m, fl + "iteration");
    gauge(m, fl + "aggregation");
    FAMILIES = Collections.unmodifiableMap(m);
  }

  private SednaWorkerSchema() {}

  private static String prefix(Kind k) {
    return SednaNames.METRIC_PREFIXES.get(k.kind);
  }

  private static void add(Map<String, Family> m, Family f) {
    Map<String, List<String>> r = new TreeMap<>(f.restrictedLabels());
    r.putIfAbsent("location", LOCATIONS);
    if (f.name().startsWith(prefix(Kind.LIFELONG_LEARNING_JOB) + "inference_samples_")) {
      r.put("task_type", TASK_TYPES);
    }
    m.put(f.name(), new Family(f.name(), f.shape(), f.enumLabel(), f.states(), Collections.unmodifiableMap(r)));
  }

  private static void gauge(Map<String, Family> m, String name) {
    add(m, new Family(name, Shape.GAUGE, null, List.of(), Map.of()));
  }

  private static void counter(Map<String, Family> m, String name) {
    add(m, new Family(name, Shape.COUNTER, null, List.of(), Map.of()));
  }

  private static void stateset(Map<String, Family> m, String name, String label, List<String> states) {
    add(m, new Family(name, Shape.STATESET, label, states, Map.of()));
  }

  private static void info(Map<String, Family> m, String name, Map<String, List<String>> restricted) {
    add(m, new Family(name, Shape.INFO, null, List.of(), restricted));
  }

  /** Every family of the schema by name. */
  public static Map<String, Family> families() {
    return FAMILIES;
  }

  /** The schema entry of {@code name}, or null when the push hub does not check that family. */
  public static Family family(String name) {
    return FAMILIES.get(name);
  }

  /** The problems of {@code families}, one message per problem (empty when all is well). */
  public static List<String> problems(List<PushedFamily> families) {
    List<String> errors = new ArrayList<>();
    for (PushedFamily pf : families) {
      Family f = FAMILIES.get(pf.name());
      if (f == null) {
        continue;
      }
      if (pf.type() != f.type()) {
        errors.add(pf.name() + ": pushed as " + pf.type().textName() + ", must be a " + f.type().textName()
            + (f.shape() == Shape.STATESET ? " (a StateSet: one series per " + f.enumLabel() + " of "
                + String.join(", ", f.states()) + ", value 0 or 1)"
                : f.shape() == Shape.INFO ? " (an info series: value 1, the strings in labels)" : ""));
        continue;
      }
      for (PushedMetric m : pf.metrics()) {
        String problem = problem(f, m);
        if (problem != null) {
          errors.add(pf.name() + ": " + problem);
          break;
        }
      }
    }
    return errors;
  }

  private static String problem(Family f, PushedMetric m) {
    double v = m.value();
    switch (f.shape()) {
      case STATESET -> {
        String state = m.label(f.enumLabel());
        if (state == null) {
          return "a StateSet series needs the label " + f.enumLabel() + ", one of " + String.join(", ", f.states());
        }
        if (!f.states().contains(state)) {
          return "state " + GoText.quote(state) + " is not one of " + String.join(", ", f.states());
        }
        if (v != 0 && v != 1) {
          return "value " + GoText.formatFloat(v) + " of state " + state + " is not 0 or 1";
        }
      }
      case INFO -> {
        if (v != 1) {
          return "value " + GoText.formatFloat(v) + " is not 1 (an info series carries its strings in labels)";
        }
      }
      case COUNTER -> {
        if (v < 0 || Double.isNaN(v)) {
          return "counter value " + GoText.formatFloat(v) + " is negative or NaN";
        }
      }
      default -> {
        // any value
      }
    }
    for (Map.Entry<String, List<String>> e : f.restrictedLabels().entrySet()) {
      String value = m.label(e.getKey());
      if (value != null && !value.isEmpty() && !e.getValue().contains(value)) {
        return "label " + e.getKey() + "=" + GoText.quote(value) + " is not one of " + String.join(", ", e.getValue());
      }
    }
    return null;
  }

  /** Throws a 400 naming the metric and the allowed values when {@code families} break the schema. */
  public static void check(List<PushedFamily> families) throws PushException {
    List<String> errors = problems(families);
    if (!errors.isEmpty()) {
      throw PushException.badRequest(Consistency.joinErrors(errors));
    }
  }
}
