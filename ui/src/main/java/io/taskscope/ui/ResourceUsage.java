package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.core.Sample;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-pod resource figures from one read of the exporters, and a task's figures from its pods, computed as the
 * recording rules of deploy/prometheus/rules/taskscope-resources.yml do (workload:* and sedna_task:*), so a chart
 * drawn from memory shows what Prometheus would. Counters become rates between this read and the previous one
 * (Prometheus takes [2m]; two reads {@link MetricHistory#STEP} apart are the closest memory can do); a counter that
 * went down was reset (container restart) and gives no rate for that step. Only the previous value of each series present in
 * the last read is kept, so memory follows the cluster's current containers.
 */
final class ResourceUsage {
  static final String CPU = "container_cpu_usage_seconds_total";
  static final String MEMORY = "container_memory_working_set_bytes";
  static final String JOULES = "kepler_container_joules_total";
  static final String GPU = "DCGM_FI_DEV_GPU_UTIL";
  private static final Set<String> FAMILIES = Set.of(CPU, MEMORY, JOULES, GPU);

  /** A task's figures: CPU % of one core, memory MiB, power W, GPU % (mean over its GPUs); NaN = no value. */
  record Figures(double cpuPercent, double memoryMiB, double watts, double gpuPercent) {
    static final Figures NONE = new Figures(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The value of a RESOURCE chart of {@link TaskCharts}, by its id. */
    double of(String chartId) {
      return switch (chartId) {
        case "cpu" -> cpuPercent;
        case "memory" -> memoryMiB;
        case "power" -> watts;
        case "gpu" -> gpuPercent;
        default -> Double.NaN;
      };
    }
  }

  /** One pod's figures: cores and watts are NaN until a counter has two reads; GPUs keyed by Hostname/gpu. */
  static final class PodFigures {
    double cores = Double.NaN;
    double bytes = Double.NaN;
    double watts = Double.NaN;
    final Map<String, Double> gpus = new HashMap<>();
  }

  private record Previous(double t, double value) {}

  private Map<String, Previous> counters = new HashMap<>();

  /** Reads the exporters once at {@code now}; the pods' figures keyed by {@code namespace/pod}. */
  synchronized Map<String, PodFigures> read(ResourceSource source, Instant now) {
    double t = now.toEpochMilli() / 1000.0;
    Map<String, Previous> seen = new HashMap<>();
    Map<String, PodFigures> pods = new HashMap<>();
    source.collect(FAMILIES::contains, s -> {
      switch (s.name()) {
        case CPU -> {
          if (isContainer(s)) {
            double rate = rate(s, t, seen);
            PodFigures p = pod(pods, s.label("namespace"), s.label("pod"));
            // a container without a rate yet leaves the pod's sum to the others, as sum() in PromQL does
            p.cores = Double.isNaN(rate) ? p.cores : add(p.cores, rate);
          }
        }
        case MEMORY -> {
          if (isContainer(s)) {
            PodFigures p = pod(pods, s.label("namespace"), s.label("pod"));
            p.bytes = add(p.bytes, s.value());
          }
        }
        case JOULES -> {
          String ns = s.label("container_namespace");
          String pod = s.label("pod_name");
          if (ns != null && pod != null && !pod.isEmpty()) {
            double rate = rate(s, t, seen);
            PodFigures p = pod(pods, ns, pod);
            p.watts = Double.isNaN(rate) ? p.watts : add(p.watts, rate);
          }
        }
        case GPU -> {
          String pod = s.label("pod");
          if (pod != null && !pod.isEmpty() && !Double.isNaN(s.value())) {
            // max by GPU: a GPU shared by the pod's containers counts once
            pod(pods, s.label("namespace"), pod).gpus.merge(s.label("Hostname") + "/" + s.label("gpu"), s.value(),
                Math::max);
          }
        }
        default -> {
          // not asked for
        }
      }
    });
    counters = seen;
    return pods;
  }

  /** A task's figures from its pods' (the join on namespace/pod of the recording rules). */
  static Figures of(List<Pod> pods, Map<String, PodFigures> byPod) {
    double cores = Double.NaN;
    double bytes = Double.NaN;
    double watts = Double.NaN;
    double gpuSum = 0;
    int gpus = 0;
    for (Pod pod : pods) {
      PodFigures p = byPod.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
      if (p == null) {
        continue;
      }
      cores = Double.isNaN(p.cores) ? cores : add(cores, p.cores);
      bytes = Double.isNaN(p.bytes) ? bytes : add(bytes, p.bytes);
      watts = Double.isNaN(p.watts) ? watts : add(watts, p.watts);
      for (double u : p.gpus.values()) {
        gpuSum += u;
        gpus++;
      }
    }
    return new Figures(100 * cores, bytes / 1048576, watts, gpus == 0 ? Double.NaN : gpuSum / gpus);
  }

  /** cAdvisor's container rows: not the pod cgroup ({@code container=""}) nor the sandbox ({@code POD}). */
  private static boolean isContainer(Sample s) {
    String c = s.label("container");
    String pod = s.label("pod");
    return c != null && !c.isEmpty() && !c.equals("POD") && pod != null && !pod.isEmpty();
  }

  /** Per second since the previous read of this series; NaN on its first read, a reset or no time passed. */
  private double rate(Sample s, double t, Map<String, Previous> seen) {
    String key = key(s);
    Previous before = counters.get(key);
    seen.put(key, new Previous(t, s.value()));
    if (before == null || t <= before.t() || s.value() < before.value()) {
      return Double.NaN;
    }
    return (s.value() - before.value()) / (t - before.t());
  }

  private static String key(Sample s) {
    StringBuilder b = new StringBuilder(s.name());
    for (int i = 0; i < s.labelCount(); i++) {
      b.append('\0').append(s.labelName(i)).append('=').append(s.labelValue(i));
    }
    return b.toString();
  }

  private static PodFigures pod(Map<String, PodFigures> pods, String ns, String pod) {
    return pods.computeIfAbsent(ns + "/" + pod, k -> new PodFigures());
  }

  private static double add(double sum, double v) {
    return Double.isNaN(sum) ? v : sum + v;
  }

  synchronized int counters() {
    return counters.size();
  }
}
