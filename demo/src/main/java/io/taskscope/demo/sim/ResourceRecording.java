package io.taskscope.demo.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Days of the simulated exporters' resource series, recorded without serving them: the {@link ResourceModel} is
 * driven directly over the demo cluster's running pods (read once; the pods are kept as they are), one {@code tick}
 * at a time, and sampled every {@code step} the way Prometheus would record them: CPU as the rate of
 * {@code container_cpu_usage_seconds_total} over the step, memory as the working set at the step, node power as the
 * rate of Kepler's platform joules. For benchmarks (bench/forecast); the demo itself never calls it.
 */
public final class ResourceRecording {
  private ResourceRecording() {}

  /**
   * Series by name ({@code cpu/<ns>/<pod>/<container>} in cores, {@code memory/...} in MiB, {@code power/<node>} in
   * W), {@code samples} values each, sample {@code i} at {@code start + (i + 1) * step}; infrastructure containers
   * (kube-system, sedna) are left out unless {@code withSystem}.
   */
  public static Map<String, double[]> record(KubernetesClient client, long seed, Instant start, Duration tick,
      Duration step, int samples, boolean withSystem) {
    if (step.toMillis() % tick.toMillis() != 0) {
      throw new IllegalArgumentException("step must be a multiple of tick: " + step + " / " + tick);
    }
    ClusterView view = ClusterView.read(client);
    ResourceModel model = new ResourceModel(seed, start);
    int ticks = (int) (step.toMillis() / tick.toMillis());
    double dt = tick.toMillis() / 1000.0;
    double seconds = step.toMillis() / 1000.0;
    Map<String, double[]> out = new LinkedHashMap<>();
    Map<String, Double> lastCpu = new LinkedHashMap<>();
    Map<String, Double> lastJoules = new LinkedHashMap<>();
    model.advance(view, dt); // creates the containers and nodes; their counters start here
    for (int i = 0; i < samples; i++) {
      for (ResourceModel.ContainerState c : model.runningContainers()) {
        lastCpu.put(key(c), c.cpuSeconds);
      }
      view.nodes().forEach(n -> lastJoules.put(n.getMetadata().getName(), platformJoules(model, n)));
      for (int k = 0; k < ticks; k++) {
        model.advance(view, dt);
      }
      for (ResourceModel.ContainerState c : model.runningContainers()) {
        if (!withSystem && (c.namespace.equals("sedna") || c.namespace.equals("kube-system"))) {
          continue;
        }
        String key = key(c);
        out.computeIfAbsent("cpu/" + key, x -> new double[samples])[i] =
            (c.cpuSeconds - lastCpu.getOrDefault(key, c.cpuSeconds)) / seconds;
        out.computeIfAbsent("memory/" + key, x -> new double[samples])[i] = c.memory / ResourceModel.MIB;
      }
      for (var n : view.nodes()) {
        String name = n.getMetadata().getName();
        out.computeIfAbsent("power/" + name, x -> new double[samples])[i] =
            (platformJoules(model, n) - lastJoules.get(name)) / seconds;
      }
    }
    return out;
  }

  private static String key(ResourceModel.ContainerState c) {
    return c.namespace + "/" + c.pod + "/" + c.name;
  }

  private static double platformJoules(ResourceModel model, io.fabric8.kubernetes.api.model.Node n) {
    ResourceModel.NodeState s = model.node(n.getMetadata().getName());
    return s.joules(KeplerSim.PLATFORM, "dynamic") + s.joules(KeplerSim.PLATFORM, "idle");
  }
}
