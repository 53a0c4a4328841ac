package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * IncrementalLearningJob / LifelongLearningJob: GM's append-only state machine (Waiting → Ready → Starting → Running
 * → Completed, stage Train → Eval → Deploy → Train; Failed → Waiting/Train), LC-reported conditions carrying the
 * {@code data} JSON ("reported by lc"), train/eval pods owned by the CR, an inference pod restarted at each Deploy,
 * and for lifelong learning status.knowledgeBase filled from the eval output.
 */
final class LearningJobActor extends CrActor {

  private static final String[] CLASSES_LL = {"cool", "neutral", "warm", "rainy"};
  private static final int KEEP_FINISHED_PODS = 2;

  private final boolean lifelong;
  private final String node;
  private final Container trainContainer;
  private final Container evalContainer;
  private final Container inferContainer;
  private final IntPredicate trainFails;
  private final IntPredicate evalFails;
  private final Deque<Pod> finishedPods = new ArrayDeque<>();
  private Pod workerPod;
  private Pod inferencePod;
  private int round;
  private int waitLeft;
  private int runLeft;
  private double[] deployedPrecision;

  LearningJobActor(Kind kind, Random rnd, String ns, String name, Instant created, Map<String, Object> spec,
      String node, Container train, Container eval, Container infer, IntPredicate trainFails,
      IntPredicate evalFails, Instant now) {
    super(kind, rnd, ns, name, created, spec, annotations(node));
    this.lifelong = kind == Kind.LIFELONG_LEARNING_JOB;
    this.node = node;
    this.trainContainer = train;
    this.evalContainer = eval;
    this.inferContainer = infer;
    this.trainFails = trainFails;
    this.evalFails = evalFails;
    this.deployedPrecision = new double[] {0.62, 0.55, 0.60, 0.48};
    status().put("startTime", Objs.time(created));
    if (lifelong) {
      status().put("knowledgeBase", Objs.map(
          "AIModels", Objs.map("numberOfAIModels", 0),
          "AIClasses", Objs.map("numberOfAIClasses", 0),
          "samples", Objs.map("numberOfLabeledUnseenSample", 0, "numberOfUnseenSample", 0)));
    }
    // GM created the inference pod on first sync; round 1 training already running
    inferencePod = Pods.crPod(rnd, kind, ns, name, uid(), "inference", node, true, null, infer,
        created.plusSeconds(1));
    Pods.start(inferencePod, created.plusSeconds(12));
    round = 1;
    Instant t = created.plusSeconds(1);
    append(gm("Waiting", "Train", t));
    append(lc("Ready", "Train", t.plusSeconds(40), readyData("Train")));
    append(gm("Starting", "Train", t.plusSeconds(41)));
    workerPod = Pods.crPod(rnd, kind, ns, name, uid(), "train", node, true, "OnFailure", train, t.plusSeconds(41));
    Pods.start(workerPod, t.plusSeconds(50));
    append(gm("Running", "Train", t.plusSeconds(50)));
    runLeft = 2;
  }

  private static Map<String, String> annotations(String node) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("sedna.io/Train", node);
    a.put("sedna.io/Eval", node);
    a.put("sedna.io/Deploy", node);
    return a;
  }

  @Override
  List<HasMetadata> initialObjects() {
    List<HasMetadata> out = new ArrayList<>(super.initialObjects());
    out.add(inferencePod);
    out.add(workerPod);
    return out;
  }

  private static Map<String, Object> gm(String type, String stage, Instant at) {
    return Objs.map("type", type, "status", "True", "stage", stage, "lastHeartbeatTime", Objs.time(at),
        "lastTransitionTime", Objs.time(at));
  }

  private static Map<String, Object> lc(String type, String stage, Instant at, String data) {
    Map<String, Object> c = gm(type, stage, at);
    c.put("message", "reported by lc");
    c.put("data", data);
    return c;
  }

  private String out() {
    return lifelong ? "s3://kubeedge/sedna-robo/" + name() : "/output/" + name();
  }

  private String trainedModel() {
    return out() + "/train/" + round + (lifelong ? "/index.pkl" : "/model.pb");
  }

  private String baseModel() {
    return round <= 1 ? "/models/" + name() + "/base/model.pb" : out() + "/train/" + (round - 1) + "/model.pb";
  }

  private static String model(String format, String url) {
    return "{\"format\":\"" + format + "\",\"url\":\"" + url + "\",\"classes\":null}";
  }

  private String readyData(String stage) {
    String fmt = lifelong ? "pkl" : "pb";
    return switch (stage) {
      case "Train" -> lifelong
          ? "{\"input\":{\"dataURL\":\"" + out() + "/data/train/" + round + "/data.txt\",\"outputDir\":\"" + out()
              + "/train/" + round + "\"}}"
          : "{\"input\":{\"models\":[" + model("pb", baseModel()) + "],\"dataURL\":\"" + out() + "/data/train/"
              + round + "/data.txt\",\"outputDir\":\"" + out() + "/train/" + round + "\"}}";
      case "Eval" -> lifelong
          ? "{\"input\":{\"models\":[" + model(fmt, trainedModel()) + "],\"dataURL\":\"" + out() + "/data/eval/"
              + round + "/data.txt\",\"dataIndexURL\":\"" + out() + "/data/eval/" + round + "/dataIndex.txt\"}}"
          : "{\"input\":{\"models\":[" + model(fmt, trainedModel()) + "," + model("pb",
              "/models/" + name() + "/deploy/saved_model.pb") + "],\"dataURL\":\"" + out() + "/data/eval/" + round
              + "/data.txt\"}}";
      default -> "{\"input\":{\"models\":[" + model(fmt, trainedModel()) + (lifelong ? "" : "," + model("pb",
          "/models/" + name() + "/deploy/saved_model.pb")) + "]}}";
    };
  }

  private static String floats(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Objs.round4(v[i]));
    }
    return sb.append(']').toString();
  }

  private String completedData(String stage, Random rnd) {
    if (stage.equals("Train")) {
      return lifelong
          ? "{\"output\":{\"models\":[" + model("pkl", trainedModel()) + "]}}"
          : "{\"output\":{\"models\":[" + model("pb", trainedModel()) + "," + model("ckpt", out() + "/train/"
              + round) + "]}}";
    }
    if (lifelong) {
      int samples = 300 + 150 * round + rnd.nextInt(100);
      StringBuilder metric = new StringBuilder();
      String[] tasks = {"Season_Spring", "Season_Summer", "Season_Winter"};
      Map<String, Object> kb = knowledgeBase(tasks, samples, rnd, metric);
      status().put("knowledgeBase", kb);
      return "{\"output\":{\"models\":[{\"format\":\"pkl\",\"url\":\"" + out() + "/eval/" + round
          + "/index.pkl\",\"current_metric\":{" + metric + "},\"classes\":[\"cool\",\"neutral\",\"warm\",\"rainy\"],"
          + "\"number_of_labeled_unseen_sample\":" + samples + "}]}}";
    }
    double[] newPrecision = new double[4];
    double[] newRecall = new double[4];
    double[] oldRecall = new double[4];
    for (int i = 0; i < 4; i++) {
      newPrecision[i] = Math.min(0.97, deployedPrecision[i] + 0.05 + 0.12 * rnd.nextDouble());
      newRecall[i] = Math.min(0.97, newPrecision[i] - 0.03 + 0.05 * rnd.nextDouble());
      oldRecall[i] = Math.max(0.3, deployedPrecision[i] - 0.02 + 0.04 * rnd.nextDouble());
    }
    String data = "{\"output\":{\"models\":[{\"format\":\"pb\",\"url\":\"" + trainedModel()
        + "\",\"metrics\":{\"precision\":" + floats(newPrecision) + ",\"recall\":" + floats(newRecall)
        + "},\"classes\":null},{\"format\":\"pb\",\"url\":\"/models/" + name()
        + "/deploy/saved_model.pb\",\"metrics\":{\"precision\":" + floats(deployedPrecision) + ",\"recall\":"
        + floats(oldRecall) + "},\"classes\":null}]}}";
    deployedPrecision = newPrecision;
    return data;
  }

  private Map<String, Object> knowledgeBase(String[] tasks, int samples, Random rnd, StringBuilder metric) {
    List<Map<String, Object>> models = new ArrayList<>();
    int n = Math.min(tasks.length, round + 1);
    for (int i = 0; i < n; i++) {
      double ap = Objs.round4(0.6 + 0.3 * rnd.nextDouble());
      models.add(Objs.map("modelID", tasks[i], "averagePrecision", ap, "numberOfTrainSamples", samples));
      metric.append(i == 0 ? "" : ",").append('"').append(tasks[i]).append("\":{\"precision_score\":").append(ap)
          .append('}');
    }
    return Objs.map(
        "AIModels", Objs.map("numberOfAIModels", n, "listOfAIModels", models),
        "AIClasses", Objs.map("numberOfAIClasses", CLASSES_LL.length, "listOfAIClasses", List.of(CLASSES_LL)),
        "samples", Objs.map("numberOfLabeledUnseenSample", samples * n, "numberOfUnseenSample", 0));
  }

  private void retirePod(Simulator sim, Pod pod) {
    finishedPods.addLast(pod);
    while (finishedPods.size() > KEEP_FINISHED_PODS) {
      sim.delete(finishedPods.removeFirst());
    }
  }

  @Override
  public void step(Simulator sim) {
    Instant now = sim.now();
    Random rnd = sim.random();
    Map<String, Object> last = lastCondition();
    String type = (String) last.get("type");
    String stage = (String) last.get("stage");
    switch (type) {
      case "Waiting" -> {
        if (waitLeft-- > 0) {
          return;
        }
        if (stage.equals("Train")) {
          round++;
        }
        append(lc("Ready", stage, now, readyData(stage)));
      }
      case "Ready" -> {
        if (stage.equals("Deploy")) {
          // no hot update: GM restarts the inference pod with the new model, then Completed
          Pod old = inferencePod;
          inferencePod = Pods.crPod(rnd, kind, ns(), name(), uid(), "inference", node, true, null, inferContainer,
              now);
          sim.delete(old);
          inferencePod = sim.create(inferencePod);
          Pods.start(inferencePod, now);
          inferencePod = sim.writeStatus(inferencePod);
          append(gm("Completed", stage, now));
        } else {
          workerPod = sim.create(Pods.crPod(rnd, kind, ns(), name(), uid(), stage.equals("Train") ? "train" : "eval",
              node, true, "OnFailure", stage.equals("Train") ? trainContainer : evalContainer, now));
          append(gm("Starting", stage, now));
        }
      }
      case "Starting" -> {
        Pods.start(workerPod, now);
        workerPod = sim.writeStatus(workerPod);
        append(gm("Running", stage, now));
        runLeft = 2 + rnd.nextInt(2);
      }
      case "Running" -> {
        if (runLeft-- > 0) {
          return;
        }
        boolean fail = stage.equals("Train") ? trainFails.test(round) : evalFails.test(round);
        Pods.terminated(workerPod, now, !fail);
        workerPod = sim.writeStatus(workerPod);
        retirePod(sim, workerPod);
        append(fail ? gm("Failed", stage, now) : lc("Completed", stage, now, completedData(stage, rnd)));
      }
      case "Completed" -> {
        String next = switch (stage) {
          case "Train" -> "Eval";
          case "Eval" -> "Deploy";
          default -> "Train";
        };
        append(gm("Waiting", next, now));
        waitLeft = next.equals("Train") ? 1 : 0;
      }
      case "Failed" -> {
        append(gm("Waiting", "Train", now));
        waitLeft = 1;
      }
      default -> throw new IllegalStateException("unexpected condition " + type);
    }
    writeStatus(sim);
  }
}
