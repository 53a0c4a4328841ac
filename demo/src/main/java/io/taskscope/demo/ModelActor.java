package io.taskscope.demo;

import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Model: status.metrics ({key, value} strings, values often JSON lists) and updateTime, written when a job reports. */
final class ModelActor extends CrActor {

  ModelActor(Random rnd, String ns, String name, Instant created, Map<String, Object> spec,
      Map<String, String> metrics) {
    super(Kind.MODEL, rnd, ns, name, created, spec, null);
    if (metrics != null) {
      setMetrics(metrics, created);
    }
  }

  private void setMetrics(Map<String, String> metrics, Instant at) {
    List<Map<String, Object>> list = new ArrayList<>();
    new TreeMap<>(metrics).forEach((k, v) -> list.add(Objs.map("key", k, "value", v)));
    status().put("metrics", list);
    status().put("updateTime", Objs.time(at));
  }

  void report(Simulator sim, Map<String, String> metrics) {
    setMetrics(metrics, sim.now());
    writeStatus(sim);
  }

  @Override
  public void step(Simulator sim) {
    // written by the job that trains it
  }
}
