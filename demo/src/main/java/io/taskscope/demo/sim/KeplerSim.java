package io.taskscope.demo.sim;

import static io.taskscope.core.MetricType.COUNTER;
import static io.taskscope.core.MetricType.GAUGE;

import java.util.List;

/**
 * Kepler (0.7 series) energy counters of the demo's containers and nodes. Kepler splits each meter into
 * {@code mode="dynamic"} (caused by activity) and {@code mode="idle"} (the machine's idle power, shared out); a
 * container's {@code kepler_container_joules_total} is the sum of its package, DRAM, other and GPU counters. Node
 * series carry {@code instance} = node name, which Kepler sets itself (hence {@code honor_labels: true}).
 */
final class KeplerSim {
  static final String EXPORTER = "Kepler";
  static final String PACKAGE = "package";
  static final String DRAM = "dram";
  static final String OTHER = "other";
  static final String GPU = "gpu";
  static final String PLATFORM = "platform";
  static final List<String> MODES = List.of("dynamic", "idle");

  private KeplerSim() {}

  static Families render(ClusterView view, ResourceModel model) {
    Families f = new Families(EXPORTER);
    f.family("kepler_container_joules_total", COUNTER, "Aggregated RAPL, DRAM, other and GPU energy consumption "
        + "of a container in joules.");
    f.family("kepler_container_package_joules_total", COUNTER, "CPU package energy consumption of a container in "
        + "joules.");
    f.family("kepler_container_dram_joules_total", COUNTER, "DRAM energy consumption of a container in joules.");
    f.family("kepler_container_other_joules_total", COUNTER, "Energy consumption of other host components of a "
        + "container in joules.");
    f.family("kepler_container_gpu_joules_total", COUNTER, "GPU energy consumption of a container in joules.");
    f.family("kepler_node_platform_joules_total", COUNTER, "Energy consumption of the whole platform (node) in "
        + "joules.");
    f.family("kepler_node_package_joules_total", COUNTER, "CPU package energy consumption of the node in joules.");
    f.family("kepler_node_dram_joules_total", COUNTER, "DRAM energy consumption of the node in joules.");
    f.family("kepler_node_other_joules_total", COUNTER, "Energy consumption of other host components of the node "
        + "in joules.");
    f.family("kepler_node_gpu_joules_total", COUNTER, "GPU energy consumption of the node in joules.");
    f.family("kepler_node_info", GAUGE, "Labeled node information.");

    for (ResourceModel.ContainerState c : model.runningContainers()) {
      for (String mode : MODES) {
        String[] labels = {"container_id", c.id(), "container_name", c.name, "container_namespace", c.namespace,
            "mode", mode, "pod_name", c.pod};
        f.get("kepler_container_joules_total").add(round(c.totalJoules(mode)), labels);
        f.get("kepler_container_package_joules_total").add(round(c.joules(PACKAGE, mode)), labels);
        f.get("kepler_container_dram_joules_total").add(round(c.joules(DRAM, mode)), labels);
        f.get("kepler_container_other_joules_total").add(round(c.joules(OTHER, mode)), labels);
        f.get("kepler_container_gpu_joules_total").add(round(c.joules(GPU, mode)), labels);
      }
    }
    for (var n : view.nodes()) {
      ResourceModel.NodeState node = model.node(n.getMetadata().getName());
      if (node == null) {
        continue;
      }
      boolean arm = node.idleWatts < 10;
      f.get("kepler_node_info").add(1, "components_power_source", arm ? "estimator" : "rapl-sysfs",
          "cpu_architecture", arm ? "Cortex-A72" : "Sapphire Rapids", "instance", node.name,
          "platform_power_source", arm ? "none" : "acpi", "source", "os");
      for (String mode : MODES) {
        f.get("kepler_node_platform_joules_total").add(round(node.joules(PLATFORM, mode)), "instance", node.name,
            "mode", mode, "source", arm ? "trained_power_model" : "acpi");
        f.get("kepler_node_package_joules_total").add(round(node.joules(PACKAGE, mode)), "instance", node.name,
            "mode", mode, "package", "0", "source", arm ? "trained_power_model" : "rapl-sysfs");
        f.get("kepler_node_dram_joules_total").add(round(node.joules(DRAM, mode)), "instance", node.name,
            "mode", mode, "package", "0", "source", arm ? "trained_power_model" : "rapl-sysfs");
        f.get("kepler_node_other_joules_total").add(round(node.joules(OTHER, mode)), "instance", node.name,
            "mode", mode);
        if (ResourceModel.GPUS_PER_NODE.getOrDefault(node.name, 0) > 0) {
          f.get("kepler_node_gpu_joules_total").add(round(node.joules(GPU, mode)), "index", "0", "instance",
              node.name, "mode", mode, "source", "nvidia");
        }
      }
    }
    return f;
  }

  /** Kepler reports joules with millijoule resolution. */
  private static double round(double joules) {
    return Math.floor(joules * 1000) / 1000;
  }
}
