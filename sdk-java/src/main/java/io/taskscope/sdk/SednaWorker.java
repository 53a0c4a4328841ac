package io.taskscope.sdk;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Worker-side helpers for KubeEdge Sedna workers: one call per metric the users asked for, pushed to TaskScope's push
 * API (the Java twin of {@code taskscope_sdk.sedna.SednaWorker}; same series, same grouping, same checks).
 *
 * <pre>{@code
 * SednaWorker w = SednaWorker.builder().env(System.getenv()).build();   // labels from the pod environment
 * w.reportStage("Train", "Running", 3);
 * w.reportTraining(2, 32, 0.001, 0.41, 120.0, 1460L);
 * w.reportInference("edge", true, 1);
 * w.reportEval("new", Map.of("precision", List.of(0.91, 0.84)), 365L, 0.0);
 * w.reportModel("train_output", "/output/train/3/model.pb");
 * w.reportDeploy("OK", "/output/train/3/model.pb");
 * w.reportFederatedRound(4, null, 480L, "Running");
 * }</pre>
 *
 * Every call pushes at once with POST (the group keeps what other calls pushed) and returns the text it pushed;
 * arguments outside the allowed values throw {@link IllegalArgumentException} before anything is sent, a refusal by
 * TaskScope throws {@link PushException}. Counters accumulate in this object. Grouping: job {@code sedna} with
 * {@code namespace, kind, name, worker, pod, node} for the worker's series, and {@code namespace, kind, name} (the
 * task's group) for the task's stage, status, iteration, deployment and latest evaluation results. From the environment: NAMESPACE, JOB_NAME or
 * SERVICE_NAME, WORKER_NAME (→ worker type), POD_NAME or HOSTNAME, NODENAME, SEDNA_KIND, TASKSCOPE_PUSH_URL,
 * TASKSCOPE_TOKEN; builder values win.
 */
public final class SednaWorker {
  // The names live in SednaNames (shared with the watcher, the push hub and the demo); these stay for callers.
  public static final String JOB = SednaNames.JOB;
  public static final List<String> TASK_STAGES = SednaNames.TASK_STAGES;
  public static final List<String> CURRENT_STATUSES = SednaNames.CURRENT_STATUSES;
  public static final List<String> DEPLOY_STATUSES = SednaNames.DEPLOY_STATUSES;
  public static final List<String> TRAIN_STATUSES = SednaNames.TRAIN_STATUSES;
  public static final List<String> LL_TASK_STATUSES = SednaNames.LL_TASK_STATUSES;
  public static final List<String> LOCATIONS = SednaNames.LOCATIONS;
  public static final List<String> TASK_TYPES = SednaNames.TASK_TYPES;
  public static final List<String> LL_TASK_INFO_STATUSES = SednaNames.LL_TASK_INFO_STATUSES;
  public static final List<String> LL_TASK_WORKS = SednaNames.LL_TASK_WORKS;
  public static final List<String> LL_WORKER_STATUSES = SednaNames.LL_WORKER_STATUSES;

  private static final Map<String, String> PREFIX = SednaNames.METRIC_PREFIXES;
  private static final Map<String, String> MODEL_KINDS = SednaNames.MODEL_KINDS;
  private static final Map<String, String> HELP = SednaNames.WORKER_METRICS;

  /** A lifelong learning task (TasksInfo). {@code startTime} and {@code durationSeconds} may be null. */
  public record Task(String name, String location, String work, Instant startTime, Double durationSeconds,
      String status) {}

  /** A lifelong learning worker (WorkersInfo). */
  public record LifelongWorker(String name, String location, String status) {}

  /** Inference samples of one task type: {@code done}/{@code error} are added, {@code ready} (if set) is set. */
  public record InferenceCounts(long done, long error, Long ready) {}

  private final String url;
  private final String token;
  private final Duration timeout;
  private final String kind;
  private final String prefix;
  private final WorkerGroup task;
  private final WorkerGroup pod;
  private Integer iteration;

  private SednaWorker(Builder b) {
    Map<String, String> env = b.env;
    this.url = first(b.url, env.get("TASKSCOPE_PUSH_URL"));
    if (url == null) {
      throw new IllegalArgumentException("no push URL: set url(...) or TASKSCOPE_PUSH_URL");
    }
    this.token = first(b.token, env.get("TASKSCOPE_TOKEN"));
    this.timeout = b.timeout;
    String k = first(b.kind, guessKind(env));
    for (String known : PREFIX.keySet()) {
      if (k != null && known.equalsIgnoreCase(k)) {
        k = known;
      }
    }
    if (k == null || !PREFIX.containsKey(k)) {
      throw new IllegalArgumentException("kind: \"" + k + "\" is not one of " + String.join(", ",
          new java.util.TreeSet<>(PREFIX.keySet())) + " (set kind(...) or SEDNA_KIND)");
    }
    this.kind = k;
    this.prefix = PREFIX.get(k);
    String ns = first(b.namespace, env.get("NAMESPACE"), "default");
    String name = first(b.name, env.get("JOB_NAME"), env.get("SERVICE_NAME"));
    if (name == null) {
      throw new IllegalArgumentException("no task name: set name(...) or JOB_NAME / SERVICE_NAME");
    }
    String worker = b.worker != null ? b.worker
        : workerType(java.util.Objects.requireNonNullElse(env.get("WORKER_NAME"), ""));
    String podName = first(b.pod, env.get("POD_NAME"), env.get("HOSTNAME"), env.get("WORKER_NAME"));
    String node = first(b.node, env.get("NODENAME"));
    Map<String, String> t = new LinkedHashMap<>();
    t.put("namespace", ns);
    t.put("kind", kind);
    t.put("name", name);
    Map<String, String> p = new LinkedHashMap<>(t);
    if (!worker.isEmpty()) {
      p.put("worker", worker);
    }
    if (podName != null) {
      p.put("pod", podName);
    }
    if (node != null) {
      p.put("node", node);
    }
    this.task = new WorkerGroup(t, prefix);
    this.pod = new WorkerGroup(p, prefix);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** From {@link System#getenv()} alone. */
  public static SednaWorker fromEnvironment() {
    return builder().env(System.getenv()).build();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /** The worker type GM encodes in WORKER_NAME ({@code train-worker-x1y2z} → {@code train}); "" when unknown. */
  public static String workerType(String workerName) {
    for (Map.Entry<String, String> p : SednaNames.WORKER_PREFIXES.entrySet()) {
      if (workerName.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    return "";
  }

  private static String guessKind(Map<String, String> env) {
    String k = env.get("SEDNA_KIND");
    if (k != null && !k.isEmpty()) {
      return k.replace("-", "");
    }
    if (first(env.get("SERVICE_NAME")) != null) {
      return SednaNames.JOINT_INFERENCE;
    }
    if (first(env.get("PARTICIPANTS_COUNT"), env.get("AGG_BIND_PORT")) != null) {
      return SednaNames.FEDERATED_LEARNING;
    }
    if (first(env.get("KB_SERVER"), env.get("CLOUD_KB_INDEX")) != null) {
      return SednaNames.LIFELONG_LEARNING;
    }
    if (first(env.get("JOB_NAME")) != null) {
      return SednaNames.INCREMENTAL_LEARNING;
    }
    return null;
  }

  public String kind() {
    return kind;
  }

  /** Grouping labels of this worker's group (besides job=sedna). */
  public Map<String, String> groupingKey() {
    return pod.labels;
  }

  /** Grouping labels of the task's group. */
  public Map<String, String> taskGroupingKey() {
    return task.labels;
  }

  private static String oneOf(String what, String value, List<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      throw new IllegalArgumentException(what + ": " + (value == null ? "null" : "\"" + value + "\"")
          + " is not one of " + String.join(", ", allowed));
    }
    return value;
  }

  private void need(String... kinds) {
    for (String k : kinds) {
      if (k.equals(kind)) {
        return;
      }
    }
    throw new IllegalArgumentException("this call is for " + String.join(" / ", kinds) + " workers, not " + kind);
  }

  private static Map<String, String> labels(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new TreeMap<>(base);
    m.putAll(labels(kv));
    return m;
  }

  private String push(WorkerGroup g, List<String> names) throws IOException, InterruptedException {
    return g.push(names, url, token, timeout, HELP);
  }

  /**
   * Incremental/lifelong learning train worker: EpochNum, BatchSize, LearningRate, TrainLoss, TrainRemainingTime,
   * TrainSampleNum (gauges, {@code stage="Train"}); null arguments are left out.
   */
  public synchronized String reportTraining(Integer epoch, Integer batchSize, Double learningRate, Double loss,
      Double remainingSeconds, Long trainSamples) throws IOException, InterruptedException {
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    Map<String, String> st = labels("stage", "Train");
    List<String> names = new ArrayList<>();
    Object[][] values = {{"epoch", epoch}, {"batch_size", batchSize}, {"learning_rate", learningRate},
        {"train_loss", loss}, {"train_remaining_seconds", remainingSeconds}, {"train_samples", trainSamples}};
    for (Object[] v : values) {
      if (v[1] != null) {
        names.add(pod.set((String) v[0], ((Number) v[1]).doubleValue(), st, false));
      }
    }
    return push(pod, names);
  }

  /** {@link #reportInference(String, boolean, long, Integer)} in the current iteration. */
  public String reportInference(String location, boolean hard, long count) throws IOException, InterruptedException {
    return reportInference(location, hard, count, null);
  }

  /**
   * {@code count} inferences at {@code location} (edge|cloud), {@code hard} when hard example mining flagged them.
   * Joint inference: EdgeInferenceCount / CloudInferenceCount / HardSampleNum counters. Incremental/lifelong learning
   * inference worker: IterationInferenceCount / IterationHardSampleNum of {@code iteration} (null = the last one
   * given here or to {@link #reportStage}); a new iteration starts the counters at 0.
   */
  public synchronized String reportInference(String location, boolean hard, long count, Integer iteration)
      throws IOException, InterruptedException {
    oneOf("location", location, LOCATIONS);
    if (count < 0) {
      throw new IllegalArgumentException("count: " + count + " is negative");
    }
    Map<String, String> loc = labels("location", location);
    if (kind.equals(SednaNames.JOINT_INFERENCE)) {
      return push(pod, List.of(pod.inc("inferences_total", count, loc),
          pod.inc("hard_samples_total", hard ? count : 0, loc)));
    }
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    if (iteration != null) {
      if (!iteration.equals(this.iteration)) {
        pod.family(prefix + "iteration_inferences_total", true).clear();
        pod.family(prefix + "iteration_hard_samples_total", true).clear();
      }
      this.iteration = iteration;
    }
    if (this.iteration == null) {
      throw new IllegalArgumentException("iteration: not known yet; pass it or call reportStage(...) with it first");
    }
    Map<String, String> l = with(loc, "iteration", Integer.toString(this.iteration));
    return push(pod, List.of(pod.inc("iteration_inferences_total", count, l),
        pod.inc("iteration_hard_samples_total", hard ? count : 0, l)));
  }

  /**
   * Eval worker: AccuracyMetricForNewModel / ...ForOldModel ({@code model} new|old; a metric's value is a
   * {@link Number} or a {@code List<Number>} per class → label {@code class} = "0", "1", ...; results of the task's
   * latest evaluation, pushed to the task's group), EvalSampleNum, EvalRemainingTime (the worker's group). Returns
   * the text(s) pushed.
   */
  public synchronized String reportEval(String model, Map<String, ?> metrics, Long evalSamples,
      Double remainingSeconds) throws IOException, InterruptedException {
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    oneOf("model", model, SednaNames.MODELS);
    Map<String, String> st = labels("stage", "Eval");
    String out = "";
    if (metrics != null && !metrics.isEmpty()) {
      Map<Map<String, String>, Double> s = task.family(prefix + "accuracy_metric", false);
      s.keySet().removeIf(k -> model.equals(k.get("model")));
      for (Map.Entry<String, ?> e : metrics.entrySet()) {
        if (e.getValue() instanceof List<?> list) {
          for (int i = 0; i < list.size(); i++) {
            s.put(with(st, "model", model, "metric", e.getKey(), "class", Integer.toString(i)),
                ((Number) list.get(i)).doubleValue());
          }
        } else {
          s.put(with(st, "model", model, "metric", e.getKey()), ((Number) e.getValue()).doubleValue());
        }
      }
      out += push(task, List.of(prefix + "accuracy_metric"));
    }
    List<String> names = new ArrayList<>();
    if (evalSamples != null) {
      names.add(pod.set("eval_samples", evalSamples, st, false));
    }
    if (remainingSeconds != null) {
      names.add(pod.set("eval_remaining_seconds", remainingSeconds, st, false));
    }
    return out + push(pod, names);
  }

  /**
   * The task's TaskStage (StateSet over Train, Eval, Deploy), CurrentStatus of that stage (StateSet over Waiting,
   * Ready, Starting, Running, Completed, Failed; null = leave out) and IterationNo (null = leave out), in the task's
   * group.
   */
  public synchronized String reportStage(String stage, String status, Integer iteration)
      throws IOException, InterruptedException {
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    oneOf("stage", stage, TASK_STAGES);
    if (status != null) {
      oneOf("status", status, CURRENT_STATUSES);
    }
    List<String> names = new ArrayList<>();
    names.add(task.stateset("task_stage", "task_stage", stage, TASK_STAGES, Map.of()));
    if (status != null) {
      names.add(task.stateset("current_status", "current_status", status, CURRENT_STATUSES,
          labels("stage", stage)));
    }
    if (iteration != null) {
      this.iteration = iteration;
      names.add(task.set("iteration", iteration, Map.of(), false));
    }
    return push(task, names);
  }

  /**
   * A model URL: {@code kind} "eval_new" (EvalNewModelUrl), "train_output" (TrainOutputModelUrl), "deploy"
   * (DeployModelUrl, in the task's group) or, for lifelong learning, "eval" (EvalModelUrl).
   */
  public synchronized String reportModel(String modelKind, String url) throws IOException, InterruptedException {
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    oneOf("kind", modelKind, List.copyOf(MODEL_KINDS.keySet()));
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("url: must not be empty");
    }
    String stage = switch (modelKind) {
      case "train_output" -> "Train";
      case "deploy" -> "Deploy";
      default -> "Eval";
    };
    WorkerGroup g = modelKind.equals("deploy") ? task : pod;
    return push(g, List.of(g.set(MODEL_KINDS.get(modelKind), 1, labels("stage", stage, "url", url), true)));
  }

  /** DeployStatus (StateSet over Waiting, OK, NotOK) and DeployModelUrl (null = leave out), in the task's group. */
  public synchronized String reportDeploy(String status, String url) throws IOException, InterruptedException {
    need(SednaNames.INCREMENTAL_LEARNING, SednaNames.LIFELONG_LEARNING);
    oneOf("status", status, DEPLOY_STATUSES);
    Map<String, String> st = labels("stage", "Deploy");
    List<String> names = new ArrayList<>();
    names.add(task.stateset("deploy_status", "deploy_status", status, DEPLOY_STATUSES, st));
    if (url != null && !url.isEmpty()) {
      names.add(task.set("deploy_model_info", 1, with(st, "url", url), true));
    }
    return push(task, names);
  }

  /**
   * Federated learning: IterationNo and NodeSampleNum (training worker; with the node known also TrainNodes as
   * {@code sedna_federatedlearning_train_node_info{node}}), AggregationNo (aggregation worker), TrainStatus (StateSet
   * over Pending, Running, Succeeded, Failed). Null arguments are left out.
   */
  public synchronized String reportFederatedRound(Integer iteration, Integer aggregation, Long nodeSamples,
      String status) throws IOException, InterruptedException {
    need(SednaNames.FEDERATED_LEARNING);
    if (status != null) {
      oneOf("status", status, TRAIN_STATUSES);
    }
    List<String> names = new ArrayList<>();
    if (iteration != null) {
      names.add(pod.set("iteration", iteration, Map.of(), false));
      String node = pod.labels.get("node");
      if (node != null) {
        names.add(pod.set("train_node_info", 1, labels("node", node), true));
      }
    }
    if (aggregation != null) {
      names.add(pod.set("aggregation", aggregation, Map.of(), false));
    }
    if (nodeSamples != null) {
      names.add(pod.set("node_samples", nodeSamples, Map.of(), false));
    }
    if (status != null) {
      names.add(pod.stateset("train_status", "train_status", status, TRAIN_STATUSES, Map.of()));
    }
    return push(pod, names);
  }

  /**
   * Lifelong learning tables 4–6: {@code tasks} (replaces the list; TasksInfo, ActiveTasksNumber, TotalTasksNumber),
   * {@code workers} (replaces the list; WorkersInfo, ActiveWorkersNumber, TotalWorkerNumber), {@code inference} by
   * task type known|unknown (InferenceDoneNumber, InferenceErrorNumber counters; InferenceReadyNumber). Null
   * arguments are left out.
   */
  public synchronized String reportLifelong(List<Task> tasks, List<LifelongWorker> workers,
      Map<String, InferenceCounts> inference) throws IOException, InterruptedException {
    need(SednaNames.LIFELONG_LEARNING);
    List<String> names = new ArrayList<>();
    if (tasks != null) {
      for (int i = 0; i < tasks.size(); i++) {
        Task t = tasks.get(i);
        if (t.name() == null || t.name().isEmpty()) {
          throw new IllegalArgumentException("tasks[" + i + "].name: required");
        }
        oneOf("tasks[" + i + "].location", t.location(), LOCATIONS);
        oneOf("tasks[" + i + "].work", t.work(), LL_TASK_WORKS);
        oneOf("tasks[" + i + "].status", t.status(), LL_TASK_INFO_STATUSES);
      }
      Map<Map<String, String>, Double> info = pod.family(prefix + "task_info", false);
      Map<Map<String, String>, Double> start = pod.family(prefix + "task_start_time_seconds", false);
      Map<Map<String, String>, Double> dur = pod.family(prefix + "task_duration_seconds", false);
      info.clear();
      start.clear();
      dur.clear();
      int active = 0;
      for (Task t : tasks) {
        info.put(labels("location", t.location(), "status", t.status(), "task", t.name(), "work", t.work()), 1.0);
        if (t.startTime() != null) {
          start.put(labels("task", t.name()), t.startTime().toEpochMilli() / 1000.0);
        }
        if (t.durationSeconds() != null) {
          dur.put(labels("task", t.name()), t.durationSeconds());
        }
        active += t.status().equals("active") ? 1 : 0;
      }
      names.add(prefix + "task_info");
      names.add(prefix + "task_start_time_seconds");
      names.add(prefix + "task_duration_seconds");
      names.add(pod.set("active_tasks", active, Map.of(), false));
      names.add(pod.set("tasks", tasks.size(), Map.of(), false));
    }
    if (workers != null) {
      for (int i = 0; i < workers.size(); i++) {
        LifelongWorker w = workers.get(i);
        if (w.name() == null || w.name().isEmpty()) {
          throw new IllegalArgumentException("workers[" + i + "].name: required");
        }
        oneOf("workers[" + i + "].location", w.location(), LOCATIONS);
        oneOf("workers[" + i + "].status", w.status(), LL_WORKER_STATUSES);
      }
      Map<Map<String, String>, Double> info = pod.family(prefix + "worker_info", false);
      info.clear();
      int active = 0;
      for (LifelongWorker w : workers) {
        info.put(labels("location", w.location(), "status", w.status(), "worker_name", w.name()), 1.0);
        active += w.status().equals("active") ? 1 : 0;
      }
      names.add(prefix + "worker_info");
      names.add(pod.set("active_workers", active, Map.of(), false));
      names.add(pod.set("workers", workers.size(), Map.of(), false));
    }
    if (inference != null) {
      for (Map.Entry<String, InferenceCounts> e : inference.entrySet()) {
        oneOf("inference task type", e.getKey(), TASK_TYPES);
        Map<String, String> l = labels("task_type", e.getKey());
        names.add(pod.inc("inference_samples_done_total", e.getValue().done(), l));
        names.add(pod.inc("inference_samples_error_total", e.getValue().error(), l));
        if (e.getValue().ready() != null) {
          names.add(pod.set("inference_samples_ready", e.getValue().ready(), l, false));
        }
      }
    }
    return push(pod, names);
  }

  /**
   * Lifelong learning eval stage, per task: TaskScore, TaskEvalResult (one series per metric), TaskStatus (StateSet
   * over Waiting, Deployable, NotDeployable), in the task's group (the latest evaluation of each task). Null arguments
   * are left out.
   */
  public synchronized String reportTaskEval(String taskName, Double score, Map<String, ? extends Number> metrics,
      String status) throws IOException, InterruptedException {
    need(SednaNames.LIFELONG_LEARNING);
    if (status != null) {
      oneOf("status", status, LL_TASK_STATUSES);
    }
    Map<String, String> st = labels("stage", "Eval", "task", taskName);
    List<String> names = new ArrayList<>();
    if (score != null) {
      names.add(task.set("task_score", score, st, false));
    }
    if (metrics != null && !metrics.isEmpty()) {
      Map<Map<String, String>, Double> s = task.family(prefix + "task_eval_result", false);
      s.keySet().removeIf(k -> taskName.equals(k.get("task")));
      metrics.forEach((m, v) -> s.put(with(st, "metric", m), v.doubleValue()));
      names.add(prefix + "task_eval_result");
    }
    if (status != null) {
      Map<Map<String, String>, Double> s = task.family(prefix + "task_status", false);
      s.keySet().removeIf(k -> taskName.equals(k.get("task")));
      for (String state : LL_TASK_STATUSES) {
        s.put(with(st, "task_status", state), state.equals(status) ? 1.0 : 0.0);
      }
      names.add(prefix + "task_status");
    }
    return push(task, names);
  }

  /** Removes this worker's group (the task's group stays). */
  public void delete() throws IOException, InterruptedException {
    MetricCollector.Builder b = MetricCollector.builder().url(url).job(JOB).token(token).timeout(timeout);
    pod.labels.forEach(b::label);
    b.build().delete();
  }

  /** Builds a {@link SednaWorker}; values not set come from {@link #env}. */
  public static final class Builder {
    private Map<String, String> env = Map.of();
    private String url;
    private String token;
    private String kind;
    private String namespace;
    private String name;
    private String worker;
    private String pod;
    private String node;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The pod environment to read (e.g. {@code System.getenv()}). */
    public Builder env(Map<String, String> env) {
      this.env = env == null ? Map.of() : env;
      return this;
    }

    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The CR kind, e.g. {@code IncrementalLearningJob} (case-insensitive). */
    public Builder kind(String kind) {
      this.kind = kind == null ? null : kind.replace("-", "");
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** The task (CR) name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The worker type (edge, cloud, train, eval, inference, aggregation); "" for none. */
    public Builder worker(String worker) {
      this.worker = worker == null ? null : worker.toLowerCase(Locale.ROOT);
      return this;
    }

    public Builder pod(String pod) {
      this.pod = pod;
      return this;
    }

    public Builder node(String node) {
      this.node = node;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public SednaWorker build() {
      return new SednaWorker(this);
    }
  }
}
