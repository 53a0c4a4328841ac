package io.taskscope.kube.sedna;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import io.taskscope.kube.CustomResourceFamilies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Progress facts of learning jobs read from their {@code status.conditions} alone, for clusters whose workers do not
 * push through the SDK. They are rendered in Java because the kube-state-metrics config format cannot express them:
 * it has no counting over a list, no cutting a number out of a string, and no "last element whose fields match"
 * (a {@code [key=value]} step picks one element, a negative index counts from the end of the whole list).
 *
 * <ul>
 *   <li>{@value #ITERATION} (IncrementalLearningJob, LifelongLearningJob): Train runs so far = Train-stage
 *       {@code Starting} conditions (GM appends one each time it creates a train worker; a retry after
 *       {@code Failed} is a new run). Sedna only appends conditions, so the count never goes down.</li>
 *   <li>{@value #ROUND} (FederatedLearningJob): the highest {@code n} of the messages {@code Round <n> reaches at
 *       <time>} that GM appends for each training worker report; read with a single left-to-right scan, no regex.</li>
 *   <li>{@value #LATEST_EVAL} (IncrementalLearningJob): the metrics of the newest Eval {@code Completed} condition
 *       ({@code data.output.models[0]} = new, {@code [1]} = old), without any URL label, next to the per-round history
 *       {@code sedna_incrementallearning_eval_metric}.</li>
 *   <li>{@value #STAGE_MODEL} (IncrementalLearningJob, LifelongLearningJob): for each stage the models of its newest
 *       condition that names them, however many conditions came after: Train {@code Completed} output
 *       ({@code role="output"}), Eval {@code Ready} input ({@code new}, {@code old}), Deploy {@code Ready} input
 *       ({@code trained}, {@code deploy}).</li>
 * </ul>
 * Label order: {@code namespace, kind, name} + the family's own labels.
 */
public final class TaskProgressFamilies implements CustomResourceFamilies {
  public static final String ITERATION = "sedna_task_iteration";
  public static final String ROUND = "sedna_task_round";
  public static final String LATEST_EVAL = "sedna_task_latest_eval_metric";
  public static final String STAGE_MODEL = "sedna_task_stage_model_info";

  static final String IL = "IncrementalLearningJob";
  static final String LL = "LifelongLearningJob";
  static final String FL = "FederatedLearningJob";
  private static final String ROUND_PREFIX = "Round ";
  private static final String ROUND_SUFFIX = " reaches at";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final List<FamilyHeader> HEADERS = List.of(
      new FamilyHeader(ITERATION, "Incremental/lifelong learning iteration from the CR: Train runs so far "
          + "(Train-stage Starting conditions; a retry after Failed counts as a new run).", MetricType.GAUGE),
      new FamilyHeader(ROUND, "Federated learning round from the CR: highest n of the condition messages "
          + "\"Round <n> reaches at <time>\".", MetricType.GAUGE),
      new FamilyHeader(LATEST_EVAL, "Metrics of the newest Eval Completed condition (data.output.models[0] = new, [1] = "
          + "old); class = index in a per-class list, empty for a single number.", MetricType.GAUGE),
      new FamilyHeader(STAGE_MODEL, "Model URLs per stage from the newest condition of that stage naming them: Train "
          + "output, Eval new/old, Deploy trained/deploy (value 1).", MetricType.INFO));

  @Override
  public boolean handles(String group, String kind) {
    return TaskRef.GROUP.equals(group) && (IL.equals(kind) || LL.equals(kind) || FL.equals(kind));
  }

  @Override
  public List<FamilyHeader> headers() {
    return HEADERS;
  }

  @Override
  public RenderedObject render(Map<String, Object> object) {
    List<List<Sample>> out = new ArrayList<>(HEADERS.size());
    for (int i = 0; i < HEADERS.size(); i++) {
      out.add(new ArrayList<>(2));
    }
    String kind = str(object.get("kind"));
    Map<?, ?> meta = map(object.get("metadata"));
    String[] base = {"namespace", str(meta.get("namespace")), "kind", kind, "name", str(meta.get("name"))};
    List<?> conditions = list(map(object.get("status")).get("conditions"));
    switch (kind) {
      case IL, LL -> {
        out.get(0).add(PodFamilies.sample(ITERATION, trainRuns(conditions), base));
        if (IL.equals(kind)) {
          latestEval(conditions, base, out.get(2));
        }
        stageModels(conditions, base, out.get(3));
      }
      case FL -> {
        long round = -1;
        for (Object c : conditions) {
          round = Math.max(round, roundOf(str(map(c).get("message"))));
        }
        if (round >= 0) {
          out.get(1).add(PodFamilies.sample(ROUND, round, base));
        }
      }
      default -> { }
    }
    return RenderedObject.of(out);
  }

  static int trainRuns(List<?> conditions) {
    int runs = 0;
    for (Object o : conditions) {
      Map<?, ?> c = map(o);
      if ("Train".equals(c.get("stage")) && "Starting".equals(c.get("type"))) {
        runs++;
      }
    }
    return runs;
  }

  /**
   * The n of {@code Round <n> reaches at ...}, or -1 when the message does not start that way. One pass over the
   * characters, bounded number length, so a hostile message costs linear time.
   */
  static long roundOf(String message) {
    if (message == null || !message.startsWith(ROUND_PREFIX)) {
      return -1;
    }
    int i = ROUND_PREFIX.length();
    long n = 0;
    int digits = 0;
    while (i < message.length() && message.charAt(i) >= '0' && message.charAt(i) <= '9') {
      if (++digits > 12) {
        return -1;
      }
      n = n * 10 + (message.charAt(i) - '0');
      i++;
    }
    if (digits == 0 || !message.startsWith(ROUND_SUFFIX, i)) {
      return -1;
    }
    return n;
  }

  private static void latestEval(List<?> conditions, String[] base, List<Sample> out) {
    for (int i = conditions.size() - 1; i >= 0; i--) {
      Map<?, ?> c = map(conditions.get(i));
      if (!"Eval".equals(c.get("stage")) || !"Completed".equals(c.get("type"))) {
        continue;
      }
      List<?> models = list(map(data(c).get("output")).get("models"));
      if (models.isEmpty()) {
        continue;
      }
      for (int m = 0; m < Math.min(2, models.size()); m++) {
        String model = m == 0 ? "new" : "old";
        for (Map.Entry<?, ?> e : map(map(models.get(m)).get("metrics")).entrySet()) {
          String metric = String.valueOf(e.getKey());
          if (e.getValue() instanceof Number v) {
            out.add(PodFamilies.sample(LATEST_EVAL, v.doubleValue(), base, "model", model, "metric", metric,
                "class", ""));
          } else if (e.getValue() instanceof List<?> values) {
            for (int k = 0; k < values.size(); k++) {
              if (values.get(k) instanceof Number v) {
                out.add(PodFamilies.sample(LATEST_EVAL, v.doubleValue(), base, "model", model, "metric", metric,
                    "class", Integer.toString(k)));
              }
            }
          }
        }
      }
      return;
    }
  }

  private record StageModels(String stage, String type, String direction, List<String> roles) {}

  private static final List<StageModels> STAGE_MODELS = List.of(
      new StageModels("Train", "Completed", "output", List.of("output", "output")),
      new StageModels("Eval", "Ready", "input", List.of("new", "old")),
      new StageModels("Deploy", "Ready", "input", List.of("trained", "deploy")));

  private static void stageModels(List<?> conditions, String[] base, List<Sample> out) {
    for (StageModels s : STAGE_MODELS) {
      for (int i = conditions.size() - 1; i >= 0; i--) {
        Map<?, ?> c = map(conditions.get(i));
        if (!s.stage().equals(c.get("stage")) || !s.type().equals(c.get("type"))) {
          continue;
        }
        List<?> models = list(map(data(c).get(s.direction())).get("models"));
        if (models.isEmpty()) {
          continue;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int m = 0; m < models.size(); m++) {
          Map<?, ?> model = map(models.get(m));
          String url = str(model.get("url"));
          String role = m < s.roles().size() ? s.roles().get(m) : s.roles().get(s.roles().size() - 1);
          if (!url.isEmpty() && seen.add(role + "\n" + url)) {
            out.add(PodFamilies.sample(STAGE_MODEL, 1, base, "stage", s.stage(), "role", role, "url", url,
                "format", str(model.get("format"))));
          }
        }
        break;
      }
    }
  }

  /** The condition's {@code data} JSON, or an empty map when absent or not a JSON object. */
  private static Map<?, ?> data(Map<?, ?> condition) {
    Object d = condition.get("data");
    if (!(d instanceof String s) || s.isBlank()) {
      return Map.of();
    }
    try {
      Object parsed = JSON.readValue(s, Object.class);
      return map(parsed);
    } catch (java.io.IOException | RuntimeException e) {
      return Map.of();
    }
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
