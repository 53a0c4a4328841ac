package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JointInferenceService, FeatureExtractionService, ObjectSearchService and ObjectTrackingService: status.active /
 * status.failed, conditions Running / Failed appended when the type changes (reason workerFailed), JI also
 * status.metrics (inferenceNumber, hardExampleNumber, uploadCloudRatio) replaced on every edge report.
 */
final class ServiceActor extends CrActor {

  enum Scenario {
    /** Runs; JI metrics grow; every {@code resetPeriod} steps the edge worker restarts and its counters reset. */
    HEALTHY,
    /** The edge worker crash-loops; the service turns Failed at {@code failAt} and stays so. */
    CRASH_LOOP,
    /** A worker pod fails at {@code failAt} and is replaced {@code recoverAfter} steps later, every cycle. */
    FLAPPING
  }

  private final Scenario scenario;
  private final int needed;
  private final List<Pods.DeploymentWorker> deployments = new ArrayList<>();
  private final List<Pod> standalonePods = new ArrayList<>();
  private final boolean reportsMetrics;
  private final String failureMessage;
  private Pod edgePod;
  private Pod flappingPod;
  private int resetPeriod = 40;
  private int failAt = 3;
  private int cycle = 20;
  private int recoverAfter = 6;
  private long inferences;
  private long hardExamples;

  ServiceActor(Kind kind, Random rnd, String ns, String name, Instant created, Map<String, Object> spec,
      Scenario scenario, int needed, Instant now) {
    super(kind, rnd, ns, name, created, spec, null);
    this.scenario = scenario;
    this.needed = needed;
    this.reportsMetrics = kind == Kind.JOINT_INFERENCE_SERVICE;
    this.failureMessage = switch (kind) {
      case FEATURE_EXTRACTION_SERVICE -> "the worker of FeatureExtractionService failed";
      default -> "the worker of service failed";
    };
    Map<String, Object> st = status();
    st.put("active", needed);
    st.put("failed", 0);
    st.put("startTime", Objs.time(created));
    append(condition("Running", created.plusSeconds(1), null, null));
    if (reportsMetrics) {
      inferences = 200 + rnd.nextInt(800);
      hardExamples = inferences * (5 + rnd.nextInt(10)) / 100;
      writeMetrics(rnd);
    }
  }

  ServiceActor resetPeriod(int steps) {
    this.resetPeriod = steps;
    return this;
  }

  ServiceActor failAt(int step, int cycleSteps, int recoverSteps) {
    this.failAt = step;
    this.cycle = cycleSteps;
    this.recoverAfter = recoverSteps;
    return this;
  }

  ServiceActor withDeployment(Pods.DeploymentWorker d, boolean edge) {
    deployments.add(d);
    if (edge) {
      edgePod = d.pods().get(0);
    }
    return this;
  }

  ServiceActor withPod(Pod pod, boolean flapping) {
    standalonePods.add(pod);
    if (flapping) {
      flappingPod = pod;
    }
    return this;
  }

  @Override
  List<HasMetadata> initialObjects() {
    List<HasMetadata> out = new ArrayList<>(super.initialObjects());
    for (Pods.DeploymentWorker d : deployments) {
      out.add(d.deployment());
      out.add(d.replicaSet());
      out.addAll(d.pods());
    }
    out.addAll(standalonePods);
    return out;
  }

  private Map<String, Object> condition(String type, Instant at, String reason, String message) {
    return Objs.map("type", type, "status", "True", "lastHeartbeatTime", Objs.time(at), "lastTransitionTime",
        Objs.time(at), "reason", reason, "message", message);
  }

  private void writeMetrics(Random rnd) {
    double ratio = inferences == 0 ? 0 : (double) hardExamples / inferences;
    List<Map<String, Object>> metrics = new ArrayList<>(List.of(
        Objs.map("key", "inferenceNumber", "value", Long.toString(inferences)),
        Objs.map("key", "hardExampleNumber", "value", Long.toString(hardExamples)),
        Objs.map("key", "uploadCloudRatio", "value", Objs.num(ratio))));
    Collections.shuffle(metrics, rnd); // GM builds the list from a Go map: order is random
    status().put("metrics", metrics);
  }

  private void setCounts(int active, int failed) {
    status().put("active", active);
    status().put("failed", failed);
  }

  private boolean transition(String type, Instant now, String reason, String message) {
    Map<String, Object> last = lastCondition();
    if (last != null && type.equals(last.get("type"))) {
      return false;
    }
    append(condition(type, now, reason, message));
    return true;
  }

  @Override
  public void step(Simulator sim) {
    long step = sim.steps();
    Instant now = sim.now();
    Random rnd = sim.random();
    boolean changed = false;
    switch (scenario) {
      case HEALTHY -> {
        if (reportsMetrics) {
          if (edgePod != null && step % resetPeriod == 0) {
            // edge worker restarted (OOMKilled): the lib's counters start again from zero
            Pods.restarted(edgePod, now, "OOMKilled", 137);
            edgePod = sim.writeStatus(edgePod);
            inferences = 1 + rnd.nextInt(30);
            hardExamples = rnd.nextInt((int) inferences / 4 + 1);
          } else {
            long more = 20 + rnd.nextInt(60);
            inferences += more;
            hardExamples += Math.round(more * (0.05 + 0.15 * rnd.nextDouble()));
          }
          writeMetrics(rnd);
          changed = true;
        }
      }
      case CRASH_LOOP -> {
        if (edgePod != null && step % 2 == 1) {
          Pods.crashLoop(edgePod, now);
          edgePod = sim.writeStatus(edgePod);
        }
        if (step == failAt) {
          setCounts(needed - 1, 1);
          changed = transition("Failed", now, "workerFailed", failureMessage);
          for (Pods.DeploymentWorker d : deployments) {
            if (d.pods().contains(edgePod) || d.pods().stream().anyMatch(p -> p.getMetadata().getName()
                .equals(edgePod.getMetadata().getName()))) {
              Deployment dep = d.deployment();
              dep.setStatus(Pods.deploymentStatus(1, 0, now, false));
              sim.writeStatus(dep);
            }
          }
        }
      }
      case FLAPPING -> {
        long phase = (step - failAt) % cycle;
        if (step >= failAt && phase == 0 && flappingPod != null) {
          Pods.terminated(flappingPod, now, false);
          flappingPod = sim.writeStatus(flappingPod);
          setCounts(needed - 1, 1);
          changed = transition("Failed", now, "workerFailed", failureMessage);
        } else if (step >= failAt && phase == recoverAfter && flappingPod != null) {
          Pod old = flappingPod;
          Pod fresh = new io.fabric8.kubernetes.api.model.PodBuilder(old).editMetadata()
              .withName(old.getMetadata().getGenerateName() + Objs.suffix(rnd, 5)).withUid(null)
              .withResourceVersion(null).withCreationTimestamp(Objs.time(now)).endMetadata()
              .withStatus(Pods.pending(old.getSpec().getNodeName(), now, old.getSpec().getContainers().get(0)
                  .getName(), old.getSpec().getContainers().get(0).getImage())).build();
          sim.delete(old);
          fresh = sim.create(fresh);
          Pods.start(fresh, now);
          flappingPod = sim.writeStatus(fresh);
          setCounts(needed, 0);
          changed = transition("Running", now, null, null);
        }
      }
      default -> throw new IllegalStateException();
    }
    if (changed) {
      writeStatus(sim);
    }
  }
}
