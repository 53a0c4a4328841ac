package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * FederatedLearningJob: one aggregation pod and a train pod per training worker, all owned by the CR. Each round every
 * training worker reports (condition Training, reason DoTraining, message {@code Round <n> reaches at <time>}) and
 * the aggregated model's metrics land in the aggregation Model's status.metrics as JSON lists. After the last round
 * the pods succeed: condition Complete, phase Succeeded, completionTime. A worker can fail at a given round: condition
 * Failed (workerFailed), phase Failed.
 */
final class FederatedJobActor extends CrActor {

  private final List<Pod> trainPods = new ArrayList<>();
  private Pod aggPod;
  private final int rounds;
  private final int failAtRound;
  private final ModelActor model;
  private int round = 1;
  private int reportedThisRound;
  private boolean finished;
  private double loss;
  private double accuracy;

  FederatedJobActor(Random rnd, String ns, String name, Instant created, Map<String, Object> spec, int rounds,
      int failAtRound, List<String> trainNodes, Container agg, Container train, ModelActor model) {
    super(Kind.FEDERATED_LEARNING_JOB, rnd, ns, name, created, spec, null);
    this.rounds = rounds;
    this.failAtRound = failAtRound;
    this.model = model;
    this.loss = 1.2 + 0.3 * rnd.nextDouble();
    this.accuracy = 0.35 + 0.1 * rnd.nextDouble();
    aggPod = Pods.crPod(rnd, kind, ns, name, uid(), "aggregation", "cloud-node", false, null, agg,
        created.plusSeconds(1));
    Pods.start(aggPod, created.plusSeconds(8));
    for (String node : trainNodes) {
      Pod p = Pods.crPod(rnd, kind, ns, name, uid(), "train", node, false, null, train, created.plusSeconds(1));
      Pods.start(p, created.plusSeconds(10));
      trainPods.add(p);
    }
    Map<String, Object> st = status();
    st.put("phase", "Running");
    st.put("active", 1 + trainPods.size());
    st.put("succeeded", 0);
    st.put("failed", 0);
    st.put("startTime", Objs.time(created));
  }

  @Override
  List<HasMetadata> initialObjects() {
    List<HasMetadata> out = new ArrayList<>(super.initialObjects());
    out.add(aggPod);
    out.addAll(trainPods);
    return out;
  }

  private Map<String, Object> condition(String type, Instant at, String reason, String message) {
    return Objs.map("type", type, "status", "True", "lastProbeTime", Objs.time(at), "lastHeartbeatTime",
        Objs.time(at), "reason", reason, "message", message);
  }

  @Override
  public void step(Simulator sim) {
    if (finished) {
      return;
    }
    Instant now = sim.now();
    Random rnd = sim.random();
    Map<String, Object> st = status();
    if (round == failAtRound && reportedThisRound == 1) {
      // the second training worker dies in this round
      int i = trainPods.size() - 1;
      Pods.terminated(trainPods.get(i), now, false);
      trainPods.set(i, sim.writeStatus(trainPods.get(i)));
      st.put("active", trainPods.size());
      st.put("failed", 1);
      st.put("phase", "Failed");
      append(condition("Failed", now, "workerFailed", "the worker of FederatedLearningJob failed"));
      finished = true;
      writeStatus(sim);
      return;
    }
    // one training worker reports per step (currentRound > 0 → Training condition)
    append(condition("Training", now, "DoTraining",
        "Round " + round + " reaches at " + Objs.pyTime(now.minusSeconds(1))));
    reportedThisRound++;
    if (reportedThisRound == trainPods.size()) {
      loss = Math.max(0.05, loss * (0.78 + 0.1 * rnd.nextDouble()));
      accuracy = Math.min(0.985, accuracy + (1 - accuracy) * (0.2 + 0.15 * rnd.nextDouble()));
      if (model != null) {
        model.report(sim, Map.of("loss", "[" + loss + "]", "categorical_accuracy", "[" + accuracy + "]",
            "val_loss", "[" + (loss * 1.1) + "]", "val_categorical_accuracy", "[" + (accuracy * 0.97) + "]"));
      }
      if (round >= rounds) {
        Pods.terminated(aggPod, now, true);
        aggPod = sim.writeStatus(aggPod);
        for (int i = 0; i < trainPods.size(); i++) {
          Pods.terminated(trainPods.get(i), now, true);
          trainPods.set(i, sim.writeStatus(trainPods.get(i)));
        }
        st.put("active", 0);
        st.put("succeeded", 1 + trainPods.size());
        st.put("phase", "Succeeded");
        st.put("completionTime", Objs.time(now));
        append(condition("Complete", now, null, null));
        finished = true;
      } else {
        round++;
        reportedThisRound = 0;
      }
    }
    writeStatus(sim);
  }

  GenericKubernetesResource resource() {
    return cr;
  }
}
