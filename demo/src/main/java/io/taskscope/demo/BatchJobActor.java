package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ReidJob / VideoAnalyticsJob (GM reid/reidjob.go, videoanalytics/videoanalyticsjob.go): phase Pending → Running, the
 * worker pods owned by the CR; Completed condition + completionTime + phase Succeeded when all pods succeeded, or
 * Failed condition (workerFailed) + phase Failed when one fails.
 */
final class BatchJobActor extends CrActor {

  private final List<Pod> pods = new ArrayList<>();
  private final int endAt;
  private final boolean fails;
  private final String failMessage;

  BatchJobActor(Kind kind, Random rnd, String ns, String name, Instant created, Map<String, Object> spec,
      int endAt, boolean fails) {
    super(kind, rnd, ns, name, created, spec, null);
    this.endAt = endAt;
    this.fails = fails;
    this.failMessage = "the worker of " + kind.kind + " failed";
    Map<String, Object> st = status();
    st.put("phase", "Pending");
    st.put("active", 0);
    st.put("succeeded", 0);
    st.put("failed", 0);
    st.put("startTime", Objs.time(created));
  }

  BatchJobActor withPod(Pod pod) {
    pods.add(pod);
    return this;
  }

  @Override
  List<HasMetadata> initialObjects() {
    List<HasMetadata> out = new ArrayList<>(super.initialObjects());
    out.addAll(pods);
    return out;
  }

  @Override
  public void step(Simulator sim) {
    long step = sim.steps();
    Instant now = sim.now();
    Map<String, Object> st = status();
    String phase = (String) st.get("phase");
    if (phase.equals("Pending")) {
      for (int i = 0; i < pods.size(); i++) {
        Pods.start(pods.get(i), now);
        pods.set(i, sim.writeStatus(pods.get(i)));
      }
      st.put("phase", "Running");
      st.put("active", pods.size());
      writeStatus(sim);
    } else if (phase.equals("Running") && step >= endAt) {
      if (fails) {
        Pods.terminated(pods.get(0), now, false);
        pods.set(0, sim.writeStatus(pods.get(0)));
        st.put("active", pods.size() - 1);
        st.put("failed", 1);
        st.put("phase", "Failed");
        append(Objs.map("type", "Failed", "status", "True", "lastHeartbeatTime", Objs.time(now),
            "lastTransitionTime", Objs.time(now), "reason", "workerFailed", "message", failMessage));
      } else {
        for (int i = 0; i < pods.size(); i++) {
          Pods.terminated(pods.get(i), now, true);
          pods.set(i, sim.writeStatus(pods.get(i)));
        }
        st.put("active", 0);
        st.put("succeeded", pods.size());
        st.put("phase", "Succeeded");
        st.put("completionTime", Objs.time(now));
        append(Objs.map("type", "Completed", "status", "True", "lastHeartbeatTime", Objs.time(now),
            "lastTransitionTime", Objs.time(now)));
      }
      writeStatus(sim);
    }
  }
}
