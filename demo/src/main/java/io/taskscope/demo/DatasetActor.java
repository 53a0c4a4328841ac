package io.taskscope.demo;

import io.taskscope.sdk.SednaNames.Kind;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/** Dataset: the LC counts samples every monitor interval; GM sets status.numberOfSamples and updateTime on change. */
final class DatasetActor extends CrActor {

  private final int growth;
  private int samples;

  DatasetActor(Random rnd, String ns, String name, Instant created, Map<String, Object> spec, int samples,
      int growth) {
    super(Kind.DATASET, rnd, ns, name, created, spec, null);
    this.samples = samples;
    this.growth = growth;
    status().put("numberOfSamples", samples);
    status().put("updateTime", Objs.time(created.plusSeconds(3)));
  }

  @Override
  public void step(Simulator sim) {
    if (growth <= 0 || sim.random().nextInt(3) == 0) {
      return; // no new samples in this monitor interval
    }
    samples += 1 + sim.random().nextInt(growth);
    status().put("numberOfSamples", samples);
    status().put("updateTime", Objs.time(sim.now()));
    writeStatus(sim);
  }
}
