package io.taskscope.bench;

import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generates Sedna custom resources shaped like the fixtures (conditions with data JSON, metrics, knowledge base). */
final class SednaObjects {
  // object i is of kind i % 6
  static final List<Kind> KINDS = List.of(Kind.INCREMENTAL_LEARNING_JOB, Kind.LIFELONG_LEARNING_JOB,
      Kind.JOINT_INFERENCE_SERVICE, Kind.FEDERATED_LEARNING_JOB, Kind.DATASET, Kind.MODEL);

  private SednaObjects() {}

  static Map<String, Object> object(int i) {
    String kind = KINDS.get(i % KINDS.size()).kind;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", SednaNames.API_VERSION);
    o.put("kind", kind);
    o.put("metadata", Map.of("name", kind.toLowerCase() + "-" + i, "namespace", "bench-" + (i % 10)));
    o.put("spec", Map.of("dataset", Map.of("name", "ds", "trainProb", 0.8), "url", "/models/m" + i + ".pb"));
    o.put("status", status(kind, i, 0));
    return o;
  }

  /** Status of object {@code i}; {@code marker} ends up in a gauge value so a test can see the update arrive. */
  static Map<String, Object> status(String kind, int i, long marker) {
    String t = Instant.ofEpochSecond(1_763_600_000L + i).toString();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("startTime", t);
    switch (kind) {
      case "IncrementalLearningJob", "LifelongLearningJob" -> {
        List<Map<String, Object>> conds = new ArrayList<>();
        String[] stages = {"Train", "Eval", "Deploy"};
        String[] types = {"Waiting", "Ready", "Starting", "Running", "Completed"};
        for (int c = 0; c < 9; c++) {
          Map<String, Object> cond = new LinkedHashMap<>();
          cond.put("type", types[c % types.length]);
          cond.put("status", "True");
          cond.put("stage", stages[(c / types.length) % stages.length]);
          cond.put("lastHeartbeatTime", t);
          cond.put("lastTransitionTime", t);
          if (c % types.length == 4 || c == 8) {
            cond.put("message", "reported by lc");
            cond.put("data", "{\"output\":{\"models\":[{\"format\":\"pb\",\"url\":\"/output/train/" + marker
                + "/model.pb\",\"metrics\":{\"precision\":[0.81," + (marker % 1000) / 1000.0 + "],\"recall\":[0.7,0.6]}}]},"
                + "\"input\":{\"dataURL\":\"/output/data/" + marker + ".txt\"}}");
          }
          conds.add(cond);
        }
        s.put("conditions", conds);
        if (kind.equals("LifelongLearningJob")) {
          s.put("knowledgeBase", Map.of(
              "AIModels", Map.of("numberOfAIModels", 2, "listOfAIModels", List.of(
                  Map.of("modelID", "Season_Summer", "averagePrecision", 0.82, "numberOfTrainSamples", marker),
                  Map.of("modelID", "Season_Winter", "averagePrecision", 0.77, "numberOfTrainSamples", 612))),
              "AIClasses", Map.of("numberOfAIClasses", 2, "listOfAIClasses", List.of("cool", "warm")),
              "samples", Map.of("numberOfLabeledUnseenSample", 612, "numberOfUnseenSample", 0)));
        }
      }
      case "JointInferenceService" -> {
        s.put("active", 2);
        s.put("failed", 0);
        s.put("conditions", List.of(Map.of("type", "Running", "status", "True", "lastHeartbeatTime", t,
            "lastTransitionTime", t)));
        s.put("metrics", List.of(Map.of("key", "inferenceNumber", "value", String.valueOf(1000 + marker)),
            Map.of("key", "hardExampleNumber", "value", "214"),
            Map.of("key", "uploadCloudRatio", "value", "0.13968668407310705")));
      }
      case "FederatedLearningJob" -> {
        s.put("active", 3);
        s.put("succeeded", 0);
        s.put("failed", 0);
        s.put("phase", "Running");
        List<Map<String, Object>> conds = new ArrayList<>();
        for (int r = 1; r <= 6; r++) {
          conds.add(Map.of("type", "Training", "status", "True", "reason", "DoTraining", "lastProbeTime", t,
              "lastHeartbeatTime", t, "message", "Round " + r + " reaches at 2025-11-20 08:0" + r + ":00"));
        }
        s.put("conditions", conds);
      }
      case "Dataset" -> {
        s.remove("startTime");
        s.put("numberOfSamples", 1826 + marker);
        s.put("updateTime", t);
      }
      default -> {
        s.remove("startTime");
        s.put("updateTime", t);
        s.put("metrics", List.of(Map.of("key", "accuracy", "value", "0." + (100 + marker % 900)),
            Map.of("key", "f1", "value", "[0.88]")));
      }
    }
    return s;
  }
}
