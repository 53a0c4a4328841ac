package io.taskscope.demo.sim;

import static io.taskscope.core.MetricType.COUNTER;
import static io.taskscope.core.MetricType.GAUGE;

import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA dcgm-exporter series (default counters) of the GPUs of the demo's GPU nodes. With the Kubernetes pod
 * mapping on, a GPU held by a pod carries that pod's {@code namespace}, {@code pod} and {@code container}; a free
 * GPU has none of them.
 */
final class DcgmSim {
  static final String EXPORTER = "dcgm-exporter";

  private DcgmSim() {}

  static Families render(ClusterView view, ResourceModel model) {
    Families f = new Families(EXPORTER);
    f.family("DCGM_FI_DEV_SM_CLOCK", GAUGE, "SM clock frequency (in MHz).");
    f.family("DCGM_FI_DEV_GPU_TEMP", GAUGE, "GPU temperature (in C).");
    f.family("DCGM_FI_DEV_POWER_USAGE", GAUGE, "Power draw (in W).");
    f.family("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", COUNTER, "Total energy consumption since boot (in mJ).");
    f.family("DCGM_FI_DEV_GPU_UTIL", GAUGE, "GPU utilization (in %).");
    f.family("DCGM_FI_DEV_MEM_COPY_UTIL", GAUGE, "Memory utilization (in %).");
    f.family("DCGM_FI_DEV_FB_FREE", GAUGE, "Framebuffer memory free (in MiB).");
    f.family("DCGM_FI_DEV_FB_USED", GAUGE, "Framebuffer memory used (in MiB).");
    for (ResourceModel.GpuState g : model.gpus()) {
      List<String> l = new ArrayList<>(List.of("gpu", Integer.toString(g.index), "UUID", g.uuid, "device",
          "nvidia" + g.index, "modelName", ResourceModel.GPU_MODEL, "Hostname", g.node));
      if (g.podUid != null) {
        l.addAll(List.of("container", g.container, "namespace", g.namespace, "pod", g.pod));
      }
      String[] labels = l.toArray(String[]::new);
      f.get("DCGM_FI_DEV_SM_CLOCK").add(g.smClock, labels);
      f.get("DCGM_FI_DEV_GPU_TEMP").add(g.temperature, labels);
      f.get("DCGM_FI_DEV_POWER_USAGE").add(Math.round(g.power * 1000) / 1000.0, labels);
      f.get("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").add(Math.floor(g.energyMillijoules), labels);
      f.get("DCGM_FI_DEV_GPU_UTIL").add(g.util, labels);
      f.get("DCGM_FI_DEV_MEM_COPY_UTIL").add(Math.round(g.util * 0.4), labels);
      f.get("DCGM_FI_DEV_FB_FREE").add(ResourceModel.GPU_MEMORY_MIB - g.fbUsed, labels);
      f.get("DCGM_FI_DEV_FB_USED").add(g.fbUsed, labels);
    }
    return f;
  }
}
