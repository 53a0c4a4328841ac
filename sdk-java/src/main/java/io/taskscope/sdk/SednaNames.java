package io.taskscope.sdk;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * KubeEdge Sedna's names in one place (JDK only, so the SDK stays dependency-free and the watcher, push hub and demo
 * can share it): the CRD group, version and kinds, their condition types and phases, the system components, and the
 * series the worker helpers push (job, metric prefixes and names, the states of StateSets and closed label values).
 * The Python SDK ({@code taskscope_sdk/sedna.py}) and the shipped crstate config ({@code sedna-crstate.yaml}) spell
 * the same names; tests hold them to this class.
 */
public final class SednaNames {
  public static final String GROUP = "sedna.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Condition types of jobs with stages (JobStageCondType), and the CurrentStatus a worker reports. */
  public static final List<String> JOB_STAGE_CONDITION_TYPES =
      List.of("Waiting", "Ready", "Starting", "Running", "Completed", "Failed");
  /** Condition types of the services (ServiceConditionType). */
  public static final List<String> SERVICE_CONDITION_TYPES = List.of("Pending", "Running", "Failed");
  /** Condition types of FederatedLearningJob (FLJobConditionType). */
  public static final List<String> FL_CONDITION_TYPES = List.of("Training", "Complete", "Failed");
  /** {@code status.phase} of jobs (JobPhase), and the TrainStatus a federated worker reports. */
  public static final List<String> JOB_PHASES = List.of("Pending", "Running", "Succeeded", "Failed");
  /** Stages of incremental and lifelong learning ({@code status.conditions[].stage}, TaskStage). */
  public static final List<String> TASK_STAGES = List.of("Train", "Eval", "Deploy");

  // The kinds whose workers push, as constants for switch labels.
  public static final String JOINT_INFERENCE = "JointInferenceService";
  public static final String INCREMENTAL_LEARNING = "IncrementalLearningJob";
  public static final String LIFELONG_LEARNING = "LifelongLearningJob";
  public static final String FEDERATED_LEARNING = "FederatedLearningJob";

  /** The 11 kinds of the sedna.io/v1alpha1 CRDs, all namespaced, with what their status holds. */
  public enum Kind {
    DATASET("Dataset", "datasets", List.of(), List.of(), false),
    MODEL("Model", "models", List.of(), List.of(), false),
    JOINT_INFERENCE_SERVICE(JOINT_INFERENCE, "jointinferenceservices", SERVICE_CONDITION_TYPES, List.of(),
        false),
    INCREMENTAL_LEARNING_JOB(INCREMENTAL_LEARNING, "incrementallearningjobs", JOB_STAGE_CONDITION_TYPES,
        List.of(), true),
    FEDERATED_LEARNING_JOB(FEDERATED_LEARNING, "federatedlearningjobs", FL_CONDITION_TYPES, JOB_PHASES, false),
    LIFELONG_LEARNING_JOB(LIFELONG_LEARNING, "lifelonglearningjobs", JOB_STAGE_CONDITION_TYPES, List.of(), true),
    OBJECT_SEARCH_SERVICE("ObjectSearchService", "objectsearchservices", SERVICE_CONDITION_TYPES, List.of(), false),
    OBJECT_TRACKING_SERVICE("ObjectTrackingService", "objecttrackingservices", SERVICE_CONDITION_TYPES, List.of(),
        false),
    FEATURE_EXTRACTION_SERVICE("FeatureExtractionService", "featureextractionservices", SERVICE_CONDITION_TYPES,
        List.of(), false),
    REID_JOB("ReidJob", "reidjobs", JOB_STAGE_CONDITION_TYPES, JOB_PHASES, false),
    VIDEO_ANALYTICS_JOB("VideoAnalyticsJob", "videoanalyticsjobs", JOB_STAGE_CONDITION_TYPES, JOB_PHASES, false);

    /** The CR kind, e.g. {@code JointInferenceService}. */
    public final String kind;
    /** The resource (plural), e.g. {@code jointinferenceservices}. */
    public final String plural;
    /** The condition types a CR of this kind can have (empty: no conditions). */
    public final List<String> conditionTypes;
    /** The values of {@code status.phase} (empty: no phase). */
    public final List<String> phases;
    /** Whether its conditions carry a {@link #TASK_STAGES stage}. */
    public final boolean staged;

    Kind(String kind, String plural, List<String> conditionTypes, List<String> phases, boolean staged) {
      this.kind = kind;
      this.plural = plural;
      this.conditionTypes = conditionTypes;
      this.phases = phases;
      this.staged = staged;
    }

    private static final Map<String, Kind> BY_LOWER = new HashMap<>();
    private static final List<String> NAMES = Arrays.stream(values()).map(k -> k.kind).toList();

    static {
      for (Kind k : values()) {
        BY_LOWER.put(k.kind.toLowerCase(Locale.ROOT), k);
      }
    }

    /** Label key prefix GM puts on worker pods, e.g. {@code jointinferenceservice.sedna.io/}. */
    public String labelPrefix() {
      return kind.toLowerCase(Locale.ROOT) + "." + GROUP + "/";
    }

    /** The kind for a CR kind in any case (Sedna's label keys use the lower-case kind); empty for other text. */
    public static Optional<Kind> of(String kind) {
      return kind == null ? Optional.empty() : Optional.ofNullable(BY_LOWER.get(kind.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * Every CR kind, in {@link Kind} order. A method, not a constant: a constant built from Kind here would make the
   * initialisation of the two classes a cycle, and whichever started second would see the other half-built.
   */
  public static List<String> crKinds() {
    return Kind.NAMES;
  }

  public static final String GLOBAL_MANAGER = "GlobalManager";
  public static final String LOCAL_CONTROLLER = "LocalController";
  public static final String KNOWLEDGE_BASE = "KnowledgeBase";
  /** The Helm chart's {@code sedna} label value of each system component → its kind. */
  public static final Map<String, String> COMPONENTS =
      ordered("gm", GLOBAL_MANAGER, "lc", LOCAL_CONTROLLER, "kb", KNOWLEDGE_BASE);

  // ---- series pushed by workers (SednaWorker in both SDKs; checked by the push hub's SednaWorkerSchema) ----

  /** The push job of every worker series. */
  public static final String JOB = "sedna";
  /** The kinds whose workers push, → the prefix of their metric names. */
  public static final Map<String, String> METRIC_PREFIXES = ordered(JOINT_INFERENCE, "sedna_jointinference_",
      INCREMENTAL_LEARNING, "sedna_incrementallearning_", LIFELONG_LEARNING, "sedna_lifelonglearning_",
      FEDERATED_LEARNING, "sedna_federatedlearning_");
  /** Worker-name prefixes GM gives worker pods (WORKER_NAME) → worker type; tried in this order. */
  public static final Map<String, String> WORKER_PREFIXES = ordered("edgeworker", "edge", "cloudworker", "cloud",
      "train-worker", "train", "trainworker", "train", "eval-worker", "eval", "inferworker", "inference",
      "aggworker", "aggregation");

  public static final List<String> CURRENT_STATUSES = JOB_STAGE_CONDITION_TYPES;
  public static final List<String> DEPLOY_STATUSES = List.of("Waiting", "OK", "NotOK");
  public static final List<String> TRAIN_STATUSES = JOB_PHASES;
  public static final List<String> LL_TASK_STATUSES = List.of("Waiting", "Deployable", "NotDeployable");
  public static final List<String> LOCATIONS = List.of("edge", "cloud");
  public static final List<String> TASK_TYPES = List.of("known", "unknown");
  public static final List<String> LL_TASK_INFO_STATUSES = List.of("active", "dead");
  public static final List<String> LL_TASK_WORKS = List.of("training", "inferring");
  public static final List<String> LL_WORKER_STATUSES = List.of("waiting", "active", "dead");
  /** The {@code model} label of accuracy metrics. */
  public static final List<String> MODELS = List.of("new", "old");
  /** A model URL's kind (reportModel) → the info family it sets. */
  public static final Map<String, String> MODEL_KINDS = ordered("eval_new", "eval_new_model_info",
      "eval", "eval_model_info", "train_output", "train_output_model_info", "deploy", "deploy_model_info");

  /** Metric names after the prefix → HELP text; every family a worker helper pushes. */
  public static final Map<String, String> WORKER_METRICS = ordered(
      "inferences_total", "Inferences made by the worker, by where they ran (location).",
      "hard_samples_total", "Hard samples (examples) found by the worker's hard example mining.",
      "learning_rate", "Learning rate of the training worker.",
      "epoch", "Current epoch of the training worker.",
      "batch_size", "Batch size of the training worker.",
      "train_samples", "Samples used by the training worker.",
      "train_loss", "Loss of the training worker.",
      "train_remaining_seconds", "Estimated time left in the train stage, seconds.",
      "eval_samples", "Samples used by the eval worker.",
      "eval_remaining_seconds", "Estimated time left in the eval stage, seconds.",
      "accuracy_metric", "Evaluation metric of the new or old (deployed) model, per metric and class.",
      "task_stage", "Stage of the task (StateSet).",
      "current_status", "Status of the current stage (StateSet).",
      "iteration", "Current iteration (round) number.",
      "iteration_inferences_total", "Inferences made in the current iteration.",
      "iteration_hard_samples_total", "Hard samples found in the current iteration.",
      "eval_new_model_info", "Model evaluated in the eval stage (the new model).",
      "eval_model_info", "Model evaluated in the eval stage.",
      "train_output_model_info", "Model written by the training worker.",
      "deploy_model_info", "Model deployed for inference.",
      "deploy_status", "Deployment status (StateSet).",
      "active_tasks", "Tasks running.",
      "tasks", "Tasks in total.",
      "task_info", "A task: location, work, status.",
      "task_start_time_seconds", "Start time of a task, Unix seconds.",
      "task_duration_seconds", "Run time of a task, seconds.",
      "active_workers", "Workers running.",
      "workers", "Workers in total.",
      "worker_info", "A worker: location, status.",
      "inference_samples_done_total", "Samples whose inference completed, by task type (known/unknown).",
      "inference_samples_ready", "Samples ready for inference, by task type (known/unknown).",
      "inference_samples_error_total", "Samples whose inference failed, by task type (known/unknown).",
      "task_score", "Evaluation score of a task.",
      "task_eval_result", "Evaluation result of a task, per metric.",
      "task_status", "Whether a task can be deployed (StateSet).",
      "train_node_info", "A node taking part in federated training.",
      "train_status", "Status of the federated training worker (StateSet).",
      "node_samples", "Samples of the federated training worker's node.",
      "aggregation", "Aggregations done by the federated aggregation worker.");

  private SednaNames() {}

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
