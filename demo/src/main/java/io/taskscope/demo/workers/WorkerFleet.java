package io.taskscope.demo.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskscope.demo.Ticker;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import io.taskscope.sdk.SednaWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Sedna workers of the demo: every tick it looks at the demo's Sedna tasks and their worker pods through
 * the Kubernetes client and, for each running worker, pushes what that worker would report through the real push API
 * with the Java {@link SednaWorker} helpers:
 * <ul>
 *   <li>JointInferenceService: edge workers count inferences and hard samples, cloud workers count the hard samples
 *       they infer (counters restart with the container);</li>
 *   <li>IncrementalLearningJob / LifelongLearningJob: following the CR's last condition (stage, type, round), the
 *       train worker reports loss/epochs/..., the eval worker its samples, model and (when the CR says Eval
 *       Completed) the metrics from the condition's {@code data}, the inference worker the iteration's inferences
 *       and the deployment; the task's stage/status/iteration go to the task group; lifelong learning adds tasks,
 *       workers and known/unknown inference samples, and per-task evaluation;</li>
 *   <li>FederatedLearningJob: training workers report rounds, node samples (their Dataset's numberOfSamples) and
 *       status, the aggregation worker the aggregations.</li>
 * </ul>
 * Groups of pods that disappear are deleted. Errors are logged, never thrown out of a tick.
 */
public final class WorkerFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerFleet.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = SednaNames.API_VERSION;
  // the kinds whose workers push, in the order the fleet has always visited them (the seed's random draws follow it)
  private static final List<Kind> KINDS = List.of(Kind.JOINT_INFERENCE_SERVICE, Kind.INCREMENTAL_LEARNING_JOB,
      Kind.FEDERATED_LEARNING_JOB, Kind.LIFELONG_LEARNING_JOB);

  private final String pushBaseUrl;
  private final KubernetesClient client;
  private final Random rnd;
  private final Map<String, Sim> workers = new HashMap<>();
  private final Ticker ticker;
  private long steps;
  private long failures;

  /** One simulated worker process (a pod, until its container restarts). */
  private static final class Sim {
    final SednaWorker worker;
    final int restarts;
    int epoch;
    double loss = 1.2;
    double lr = 0.001;
    String lastFinal;

    Sim(SednaWorker worker, int restarts) {
      this.worker = worker;
      this.restarts = restarts;
    }
  }

  private WorkerFleet(String pushBaseUrl, KubernetesClient client, long seed) {
    this.pushBaseUrl = pushBaseUrl;
    this.client = client;
    this.rnd = new Random(seed);
    ticker = new Ticker("taskscope-demo-workers");
  }

  /** Starts the fleet: a first step at once, then one every {@code tick}. */
  public static WorkerFleet start(String pushBaseUrl, KubernetesClient client, Duration tick, long seed) {
    WorkerFleet f = new WorkerFleet(pushBaseUrl, client, seed);
    f.ticker.start(tick, f::step);
    return f;
  }

  /** A fleet without a timer: the caller runs {@link #step()} (tests). */
  public static WorkerFleet manual(String pushBaseUrl, KubernetesClient client, long seed) {
    return new WorkerFleet(pushBaseUrl, client, seed);
  }

  public synchronized long steps() {
    return steps;
  }

  /** Pushes TaskScope refused or that could not be sent (logged). */
  public synchronized long failures() {
    return failures;
  }

  /** One tick: every running worker of the four task kinds reports. */
  public synchronized void step() throws Exception {
    if (ticker.closed()) {
      return;
    }
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    Map<String, GenericKubernetesResource> datasets = new HashMap<>();
    for (GenericKubernetesResource d : client.genericKubernetesResources(API, "Dataset").inAnyNamespace().list()
        .getItems()) {
      datasets.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d);
    }
    Set<String> seen = new HashSet<>();
    for (Kind k : KINDS) {
      String kind = k.kind;
      String prefix = k.labelPrefix();
      for (GenericKubernetesResource cr : client.genericKubernetesResources(API, kind).inAnyNamespace().list()
          .getItems()) {
        String ns = cr.getMetadata().getNamespace();
        String name = cr.getMetadata().getName();
        List<Pod> mine = new ArrayList<>();
        for (Pod p : pods) {
          Map<String, String> l = p.getMetadata().getLabels();
          if (ns.equals(p.getMetadata().getNamespace()) && l != null && name.equals(l.get(prefix + "name"))) {
            mine.add(p);
          }
        }
        mine.sort((a, b) -> String.valueOf(a.getMetadata().getCreationTimestamp())
            .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())));
        JsonNode crJson = JSON.valueToTree(cr);
        Map<Pod, Sim> sims = new LinkedHashMap<>();
        for (Pod p : mine) {
          seen.add(p.getMetadata().getUid());
          sims.put(p, sim(kind, ns, name, p, prefix));
        }
        try {
          switch (kind) {
            case SednaNames.JOINT_INFERENCE -> jointInference(sims);
            case SednaNames.FEDERATED_LEARNING -> federated(crJson, sims, datasets, ns);
            default -> learning(kind.equals(SednaNames.LIFELONG_LEARNING), crJson, sims);
          }
        } catch (java.io.IOException e) {
          failures++;
          LOG.warn("event=demo_worker_push_failed kind={} namespace={} name={} error={}", kind, ns, name,
              e.getMessage());
        }
      }
    }
    for (var it = workers.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!seen.contains(e.getKey())) {
        it.remove();
        try {
          e.getValue().worker.delete();
        } catch (java.io.IOException ex) {
          LOG.debug("event=demo_worker_delete_failed error={}", ex.getMessage());
        }
      }
    }
    steps++;
  }

  private Sim sim(String kind, String ns, String name, Pod p, String prefix) {
    int restarts = 0;
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
      }
    }
    Sim s = workers.get(p.getMetadata().getUid());
    if (s == null || s.restarts != restarts) {
      // a new worker process: in-process counters start again at 0, as in a real restart
      String type = p.getMetadata().getLabels().getOrDefault(prefix + "worker-type", "");
      SednaWorker w = SednaWorker.builder().url(pushBaseUrl).kind(kind).namespace(ns).name(name).worker(type)
          .pod(p.getMetadata().getName()).node(p.getSpec() == null ? null : p.getSpec().getNodeName()).build();
      s = new Sim(w, restarts);
      workers.put(p.getMetadata().getUid(), s);
    }
    return s;
  }

  private static String phase(Pod p) {
    return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
  }

  /** Running and no container waiting (crash loop) or terminated. */
  private static boolean up(Pod p) {
    if (!phase(p).equals("Running")) {
      return false;
    }
    if (p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getRunning() == null) {
          return false;
        }
      }
    }
    return true;
  }

  private static String workerType(Sim s) {
    return s.worker.groupingKey().getOrDefault("worker", "");
  }

  private static String location(Pod p) {
    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
    return node != null && node.startsWith("edge") ? "edge" : "cloud";
  }

  // ------------------------------------------------------------------ joint inference

  private void jointInference(Map<Pod, Sim> sims) throws Exception {
    for (Map.Entry<Pod, Sim> e : sims.entrySet()) {
      if (!up(e.getKey())) {
        continue;
      }
      SednaWorker w = e.getValue().worker;
      if (workerType(e.getValue()).equals("cloud")) {
        w.reportInference("cloud", false, 1 + rnd.nextInt(3));
      } else {
        int n = 4 + rnd.nextInt(10);
        int hard = rnd.nextInt(Math.max(1, n / 3));
        w.reportInference("edge", false, n - hard);
        w.reportInference("edge", true, hard);
      }
    }
  }

  // ------------------------------------------------------------------ incremental / lifelong learning

  private static JsonNode data(JsonNode condition) {
    String d = condition.path("data").asText("");
    if (d.isEmpty()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(d);
    } catch (Exception e) {
      return JSON.missingNode();
    }
  }

  /** The last condition of {@code stage} with {@code type}, or a missing node. */
  private static JsonNode lastOf(JsonNode conds, String stage, String type) {
    for (int i = conds.size() - 1; i >= 0; i--) {
      JsonNode c = conds.get(i);
      if (c.path("stage").asText().equals(stage) && (type == null || c.path("type").asText().equals(type))) {
        return c;
      }
    }
    return JSON.missingNode();
  }

  private void learning(boolean lifelong, JsonNode cr, Map<Pod, Sim> sims) throws Exception {
    JsonNode conds = cr.path("status").path("conditions");
    if (!conds.isArray() || conds.isEmpty()) {
      return;
    }
    JsonNode last = conds.get(conds.size() - 1);
    String stage = last.path("stage").asText("Train");
    String type = last.path("type").asText("Waiting");
    int round = 0;
    for (JsonNode c : conds) {
      if (c.path("stage").asText().equals("Train") && c.path("type").asText().equals("Ready")) {
        round++;
      }
    }
    round = Math.max(round, 1);
    String name = cr.path("metadata").path("name").asText();
    double trainProb = cr.path("spec").path("dataset").path("trainProb").asDouble(0.8);
    // the task's stage: reported by the worker of the current stage, else by the inference worker
    Sim stageReporter = null;
    Sim inference = null;
    Pod inferencePod = null;
    String stageWorker = switch (stage) {
      case "Train" -> "train";
      case "Eval" -> "eval";
      default -> "inference";
    };
    for (Map.Entry<Pod, Sim> e : sims.entrySet()) {
      String wt = workerType(e.getValue());
      if (wt.equals(stageWorker)) {
        stageReporter = e.getValue();
      }
      if (wt.equals("inference") && !phase(e.getKey()).equals("Failed")) {
        inference = e.getValue();
        inferencePod = e.getKey();
      }
    }
    if (stageReporter == null) {
      stageReporter = inference;
    }
    if (stageReporter != null) {
      stageReporter.worker.reportStage(stage, type, round);
    }
    for (Map.Entry<Pod, Sim> e : sims.entrySet()) {
      Pod p = e.getKey();
      Sim s = e.getValue();
      String phase = phase(p);
      switch (workerType(s)) {
        case "train" -> {
          if (up(p)) {
            s.epoch++;
            s.loss = Math.max(0.02, s.loss * (0.8 + 0.1 * rnd.nextDouble()));
            s.lr = Math.max(1e-5, s.lr * 0.9);
            s.worker.reportTraining(s.epoch, 32, round4(s.lr), round4(s.loss), (double) Math.max(0, 3 - s.epoch) * 20,
                (long) Math.round(1826 * trainProb));
          } else if (phase.equals("Succeeded") && !"Succeeded".equals(s.lastFinal)) {
            JsonNode done = data(lastOf(conds, "Train", "Completed")).path("output").path("models").path(0);
            if (done.hasNonNull("url")) {
              s.worker.reportModel("train_output", done.path("url").asText());
              s.worker.reportTraining(null, null, null, null, 0.0, null);
              s.lastFinal = phase;
            }
          }
        }
        case "eval" -> {
          JsonNode input = data(lastOf(conds, "Eval", "Ready")).path("input");
          String url = input.path("models").path(0).path("url").asText("");
          long evalSamples = Math.round(1826 * (1 - trainProb));
          if (up(p)) {
            if (!url.isEmpty()) {
              s.worker.reportModel(lifelong ? "eval" : "eval_new", url);
            }
            s.worker.reportEval("new", null, evalSamples, 20.0 + rnd.nextInt(40));
          } else if (phase.equals("Succeeded") && !"Succeeded".equals(s.lastFinal)) {
            JsonNode models = data(lastOf(conds, "Eval", "Completed")).path("output").path("models");
            if (models.isArray() && !models.isEmpty()) {
              if (!url.isEmpty()) {
                s.worker.reportModel(lifelong ? "eval" : "eval_new", url);
              }
              if (lifelong) {
                evalLifelong(s.worker, models.get(0), evalSamples);
              } else {
                s.worker.reportEval("new", metrics(models.path(0).path("metrics")), evalSamples, 0.0);
                s.worker.reportEval("old", metrics(models.path(1).path("metrics")), null, null);
              }
              s.lastFinal = phase;
            }
          }
        }
        case "inference" -> {
          if (up(p)) {
            int n = 3 + rnd.nextInt(8);
            int hard = rnd.nextInt(Math.max(1, n / 3));
            if (lifelong) {
              lifelongInference(s.worker, cr, sims, round, stage, type);
            } else {
              s.worker.reportInference("edge", false, n - hard, round);
              s.worker.reportInference("edge", true, hard, round);
            }
          }
        }
        default -> {
          // other worker types report nothing
        }
      }
    }
    if (inference != null && up(inferencePod)) {
      JsonNode deploy = lastOf(conds, "Deploy", null);
      String status = switch (deploy.path("type").asText("Completed")) {
        case "Completed" -> "OK";
        case "Failed" -> "NotOK";
        default -> "Waiting";
      };
      String url = data(lastOf(conds, "Deploy", "Ready")).path("input").path("models").path(0).path("url")
          .asText("");
      if (url.isEmpty()) {
        url = lifelong ? cr.path("spec").path("outputDir").asText("/output/" + name) + "/deploy/index.pkl"
            : "/models/" + name + "/deploy/saved_model.pb";
      }
      inference.worker.reportDeploy(status, url);
    }
  }

  private static Map<String, Object> metrics(JsonNode m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.fields().forEachRemaining(e -> {
      if (e.getValue().isArray()) {
        List<Double> l = new ArrayList<>();
        e.getValue().forEach(v -> l.add(v.asDouble()));
        out.put(e.getKey(), l);
      } else if (e.getValue().isNumber()) {
        out.put(e.getKey(), e.getValue().asDouble());
      }
    });
    return out;
  }

  private void evalLifelong(SednaWorker w, JsonNode model, long evalSamples) throws Exception {
    long samples = model.path("number_of_labeled_unseen_sample").asLong(evalSamples);
    w.reportEval("new", null, samples, 0.0);
    var it = model.path("current_metric").fields();
    while (it.hasNext()) {
      var e = it.next();
      double score = e.getValue().path("precision_score").asDouble();
      w.reportTaskEval(e.getKey(), score, Map.of("precision_score", score), score >= 0.7 ? "Deployable"
          : "NotDeployable");
    }
  }

  private void lifelongInference(SednaWorker w, JsonNode cr, Map<Pod, Sim> sims, int round, String stage,
      String type) throws Exception {
    List<SednaWorker.Task> tasks = new ArrayList<>();
    Instant created = Instant.parse(cr.path("metadata").path("creationTimestamp").asText(Instant.now().toString()));
    Instant now = Instant.now();
    Set<String> known = new java.util.TreeSet<>();
    known.add("Season_Spring");
    cr.path("status").path("knowledgeBase").path("AIModels").path("listOfAIModels")
        .forEach(m -> known.add(m.path("modelID").asText()));
    for (String t : known) {
      tasks.add(new SednaWorker.Task(t, "edge", "inferring", created, (double) Duration.between(created, now)
          .toSeconds(), "active"));
    }
    boolean training = stage.equals("Train") && type.equals("Running");
    tasks.add(new SednaWorker.Task("unseen-task-" + round, "cloud", "training", now.minusSeconds(30), 30.0,
        training ? "active" : "dead"));
    List<SednaWorker.LifelongWorker> ws = new ArrayList<>();
    for (Map.Entry<Pod, Sim> e : sims.entrySet()) {
      String ph = phase(e.getKey());
      ws.add(new SednaWorker.LifelongWorker(e.getKey().getMetadata().getName(), location(e.getKey()),
          ph.equals("Running") ? "active" : ph.equals("Pending") ? "waiting" : "dead"));
    }
    Map<String, SednaWorker.InferenceCounts> inf = new LinkedHashMap<>();
    inf.put("known", new SednaWorker.InferenceCounts(5 + rnd.nextInt(10), rnd.nextInt(10) == 0 ? 1 : 0,
        (long) rnd.nextInt(6)));
    inf.put("unknown", new SednaWorker.InferenceCounts(rnd.nextInt(4), rnd.nextInt(5) == 0 ? 1 : 0,
        (long) rnd.nextInt(4)));
    w.reportLifelong(tasks, ws, inf);
  }

  // ------------------------------------------------------------------ federated learning

  private void federated(JsonNode cr, Map<Pod, Sim> sims, Map<String, GenericKubernetesResource> datasets,
      String ns) throws Exception {
    JsonNode workersSpec = cr.path("spec").path("trainingWorkers");
    int nTrain = Math.max(1, workersSpec.size());
    int reports = 0;
    for (JsonNode c : cr.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Training")) {
        reports++;
      }
    }
    int round = Math.max(1, (reports + nTrain - 1) / nTrain);
    int aggregations = reports / nTrain;
    Map<String, String> datasetOfNode = new HashMap<>();
    for (JsonNode tw : workersSpec) {
      datasetOfNode.putIfAbsent(tw.path("template").path("spec").path("nodeName").asText(),
          tw.path("dataset").path("name").asText());
    }
    for (Map.Entry<Pod, Sim> e : sims.entrySet()) {
      Pod p = e.getKey();
      Sim s = e.getValue();
      String status = switch (phase(p)) {
        case "Running" -> "Running";
        case "Succeeded" -> "Succeeded";
        case "Failed" -> "Failed";
        default -> "Pending";
      };
      if (!status.equals("Running") && status.equals(s.lastFinal)) {
        continue; // a finished worker reported its end once
      }
      if (workerType(s).equals("aggregation")) {
        s.worker.reportFederatedRound(null, aggregations, null, status);
      } else {
        String node = p.getSpec() == null ? "" : p.getSpec().getNodeName();
        GenericKubernetesResource ds = datasets.get(ns + "/" + datasetOfNode.getOrDefault(node, ""));
        long samples = 0;
        if (ds != null && ds.getAdditionalProperties().get("status") instanceof Map<?, ?> st
            && st.get("numberOfSamples") instanceof Number n) {
          samples = n.longValue();
        }
        s.worker.reportFederatedRound(round, null, samples, status);
      }
      s.lastFinal = status;
    }
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  @Override
  public void close() {
    ticker.close();
  }
}
