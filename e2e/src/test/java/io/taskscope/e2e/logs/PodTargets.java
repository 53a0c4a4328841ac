package io.taskscope.e2e.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets Kubernetes service discovery (role pod) hands promtail for a Pod: one per container, init containers
 * included, with the {@code __meta_kubernetes_*} labels Prometheus' discovery sets. Label and annotation keys become
 * label names with every character outside [a-zA-Z0-9_] replaced by "_".
 */
final class PodTargets {
  private PodTargets() {}

  static List<Map<String, String>> of(Map<?, ?> pod) {
    Map<?, ?> meta = map(pod.get("metadata"));
    Map<?, ?> spec = map(pod.get("spec"));
    Map<?, ?> status = map(pod.get("status"));
    Map<String, String> common = new LinkedHashMap<>();
    common.put("__meta_kubernetes_namespace", text(meta.get("namespace")));
    common.put("__meta_kubernetes_pod_name", text(meta.get("name")));
    common.put("__meta_kubernetes_pod_uid", text(meta.get("uid")));
    common.put("__meta_kubernetes_pod_ip", text(status.get("podIP")));
    common.put("__meta_kubernetes_pod_host_ip", text(status.get("hostIP")));
    common.put("__meta_kubernetes_pod_node_name", text(spec.get("nodeName")));
    common.put("__meta_kubernetes_pod_phase", text(status.get("phase")));
    common.put("__meta_kubernetes_pod_ready", ready(status));
    putMeta(common, "label", map(meta.get("labels")));
    putMeta(common, "annotation", map(meta.get("annotations")));
    for (Object o : list(meta.get("ownerReferences"))) {
      Map<?, ?> ref = map(o);
      if (Boolean.TRUE.equals(ref.get("controller"))) {
        common.put("__meta_kubernetes_pod_controller_kind", text(ref.get("kind")));
        common.put("__meta_kubernetes_pod_controller_name", text(ref.get("name")));
      }
    }
    List<Map<String, String>> targets = new ArrayList<>();
    addContainers(targets, common, list(spec.get("initContainers")), true);
    addContainers(targets, common, list(spec.get("containers")), false);
    return targets;
  }

  static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static void addContainers(List<Map<String, String>> targets, Map<String, String> common, List<?> containers,
      boolean init) {
    for (Object o : containers) {
      Map<?, ?> c = map(o);
      Map<String, String> t = new LinkedHashMap<>(common);
      t.put("__address__", common.get("__meta_kubernetes_pod_ip"));
      t.put("__meta_kubernetes_pod_container_name", text(c.get("name")));
      t.put("__meta_kubernetes_pod_container_image", text(c.get("image")));
      t.put("__meta_kubernetes_pod_container_init", String.valueOf(init));
      targets.add(t);
    }
  }

  private static void putMeta(Map<String, String> out, String what, Map<?, ?> values) {
    values.forEach((k, v) -> {
      String name = sanitize(String.valueOf(k));
      out.put("__meta_kubernetes_pod_" + what + "_" + name, text(v));
      out.put("__meta_kubernetes_pod_" + what + "present_" + name, "true");
    });
  }

  private static String ready(Map<?, ?> status) {
    for (Object o : list(status.get("conditions"))) {
      Map<?, ?> c = map(o);
      if ("Ready".equals(c.get("type"))) {
        return String.valueOf(c.get("status")).toLowerCase();
      }
    }
    return "unknown";
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
