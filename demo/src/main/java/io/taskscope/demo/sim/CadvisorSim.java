package io.taskscope.demo.sim;

import static io.taskscope.core.MetricType.COUNTER;
import static io.taskscope.core.MetricType.GAUGE;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The kubelet's cAdvisor endpoint ({@code /metrics/cadvisor}) of every demo node in one response: container, pod
 * cgroup and machine series with cAdvisor's names and label names. A real kubelet serves its own node only and the
 * node comes from the scrape config; here one endpoint stands for all kubelets, so each series carries {@code node}.
 * Per container, pod cgroup (no container/name/image) and whole machine ({@code id="/"}) rows exist, as on a
 * kubelet: sums over containers must filter {@code container!=""}. Network is counted on the pod's sandbox
 * ({@code container="POD"}).
 */
final class CadvisorSim {
  static final String EXPORTER = "kubelet/cAdvisor";
  static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.9";
  static final String DEVICE = "/dev/sda1";
  static final String INTERFACE = "eth0";

  private CadvisorSim() {}

  static Families render(ClusterView view, ResourceModel model) {
    Families f = new Families(EXPORTER);
    f.family("container_cpu_usage_seconds_total", COUNTER, "Cumulative cpu time consumed in seconds.");
    f.family("container_memory_working_set_bytes", GAUGE, "Current working set in bytes.");
    f.family("container_memory_usage_bytes", GAUGE, "Current memory usage in bytes, including all memory "
        + "regardless of when it was accessed.");
    f.family("container_fs_usage_bytes", GAUGE, "Number of bytes that are consumed by the container on this "
        + "filesystem.");
    f.family("container_network_receive_bytes_total", COUNTER, "Cumulative count of bytes received.");
    f.family("container_network_transmit_bytes_total", COUNTER, "Cumulative count of bytes transmitted.");
    f.family("container_spec_memory_limit_bytes", GAUGE, "Memory limit for the container.");
    f.family("machine_cpu_cores", GAUGE, "Number of logical CPU cores.");
    f.family("machine_memory_bytes", GAUGE, "Amount of memory installed on the machine.");

    for (var n : view.nodes()) {
      ResourceModel.NodeState node = model.node(n.getMetadata().getName());
      if (node == null) {
        continue;
      }
      String[] machine = {"boot_id", node.bootId, "machine_id", node.machineId, "system_uuid", node.systemUuid,
          "node", node.name};
      f.get("machine_cpu_cores").add(node.cores, machine);
      f.get("machine_memory_bytes").add(node.memoryCapacity, machine);
      String[] root = {"id", "/", "node", node.name};
      f.get("container_cpu_usage_seconds_total").add(node.cpuSeconds, "cpu", "total", "id", "/", "node", node.name);
      f.get("container_memory_working_set_bytes").add(node.memory, root);
      f.get("container_memory_usage_bytes").add(node.memory * 1.3, root);
      f.get("container_fs_usage_bytes").add(node.fs, "device", DEVICE, "id", "/", "node", node.name);
      f.get("container_network_receive_bytes_total").add(node.rx, "id", "/", "interface", INTERFACE, "node",
          node.name);
      f.get("container_network_transmit_bytes_total").add(node.tx, "id", "/", "interface", INTERFACE, "node",
          node.name);
    }
    for (Pod p : view.runningPods()) {
      pod(f, p, model);
    }
    return f;
  }

  private static void pod(Families f, Pod p, ResourceModel model) {
    String uid = p.getMetadata().getUid();
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    String node = p.getSpec().getNodeName();
    String podCgroup = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_')
        + ".slice";
    double cpu = 0;
    double memory = 0;
    for (var c : p.getSpec().getContainers()) {
      ResourceModel.ContainerState s = model.container(uid, c.getName());
      if (s == null) {
        continue;
      }
      cpu += s.cpuSeconds;
      memory += s.memory;
      String id = podCgroup + "/cri-containerd-" + s.id() + ".scope";
      String[] labels = {"container", s.name, "id", id, "image", s.image, "name", s.id(), "namespace", ns,
          "pod", name, "node", node};
      f.get("container_cpu_usage_seconds_total").add(s.cpuSeconds, "container", s.name, "cpu", "total", "id", id,
          "image", s.image, "name", s.id(), "namespace", ns, "pod", name, "node", node);
      f.get("container_memory_working_set_bytes").add(s.memory, labels);
      f.get("container_memory_usage_bytes").add(s.memory * 1.25, labels);
      f.get("container_fs_usage_bytes").add(s.fs, "container", s.name, "device", DEVICE, "id", id, "image",
          s.image, "name", s.id(), "namespace", ns, "pod", name, "node", node);
      f.get("container_spec_memory_limit_bytes").add(s.memoryLimit, labels);
    }
    // the pod cgroup: what its containers use together (no container, image or name label)
    f.get("container_cpu_usage_seconds_total").add(cpu, "cpu", "total", "id", podCgroup, "namespace", ns, "pod",
        name, "node", node);
    f.get("container_memory_working_set_bytes").add(memory, "id", podCgroup, "namespace", ns, "pod", name,
        "node", node);
    ResourceModel.PodState sandbox = model.pod(uid);
    if (sandbox != null) {
      String id = podCgroup + "/cri-containerd-" + sandbox.sandboxId + ".scope";
      for (String family : List.of("container_network_receive_bytes_total",
          "container_network_transmit_bytes_total")) {
        f.get(family).add(family.contains("receive") ? sandbox.rx : sandbox.tx, "container", "POD", "id", id,
            "image", PAUSE_IMAGE, "interface", INTERFACE, "name", sandbox.sandboxId, "namespace", ns, "pod", name,
            "node", node);
      }
    }
  }
}
