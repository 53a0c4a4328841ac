package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A node (cloud or KubeEdge edge). Heartbeats every few steps; an edge node can lose its link for a while (Ready
 * Unknown, NodeStatusUnknown) as edge nodes do.
 */
final class NodeActor implements Actor {

  private Node node;
  private final int flapEvery;
  private final int flapFor;

  NodeActor(Random rnd, String name, boolean edge, Instant created, int cpu, String memory, int flapEvery,
      int flapFor) {
    this.flapEvery = flapEvery;
    this.flapFor = flapFor;
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", edge ? "arm64" : "amd64");
    if (edge) {
      labels.put("node-role.kubernetes.io/edge", "");
      labels.put("node-role.kubernetes.io/agent", "");
    } else {
      labels.put("node-role.kubernetes.io/control-plane", "");
    }
    String t = Objs.time(created);
    node = new NodeBuilder().withNewMetadata().withName(name).withUid(Objs.uid(rnd)).withCreationTimestamp(t)
        .withLabels(labels).endMetadata()
        .withNewSpec().withPodCIDR(edge ? "10.244." + (name.endsWith("2") ? 3 : 2) + ".0/24" : "10.244.0.0/24")
        .endSpec()
        .withNewStatus()
        .addToCapacity("cpu", new Quantity(Integer.toString(cpu)))
        .addToCapacity("memory", new Quantity(memory))
        .addToCapacity("pods", new Quantity("110"))
        .addToAllocatable("cpu", new Quantity(Integer.toString(cpu)))
        .addToAllocatable("memory", new Quantity(memory))
        .addToAllocatable("pods", new Quantity("110"))
        .addNewAddress().withType("InternalIP").withAddress(Pods.NODE_IPS.get(name)).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewNodeInfo().withArchitecture(edge ? "arm64" : "amd64").withOperatingSystem("linux")
        .withOsImage("Ubuntu 22.04.4 LTS").withKernelVersion(edge ? "5.15.0-1046-raspi" : "5.15.0-107-generic")
        .withContainerRuntimeVersion("containerd://1.7.12")
        .withKubeletVersion(edge ? "v1.29.5-kubeedge-v1.18.0" : "v1.31.0")
        .withKubeProxyVersion(edge ? "" : "v1.31.0").withMachineID(Objs.uid(rnd).replace("-", ""))
        .withSystemUUID(Objs.uid(rnd)).withBootID(Objs.uid(rnd)).endNodeInfo()
        .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
        .withLastHeartbeatTime(t).withLastTransitionTime(t).endCondition()
        .addNewCondition().withType("DiskPressure").withStatus("False").withReason("KubeletHasNoDiskPressure")
        .withLastHeartbeatTime(t).withLastTransitionTime(t).endCondition()
        .addNewCondition().withType("PIDPressure").withStatus("False").withReason("KubeletHasSufficientPID")
        .withLastHeartbeatTime(t).withLastTransitionTime(t).endCondition()
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withMessage(edge ? "edgecore is posting ready status" : "kubelet is posting ready status")
        .withLastHeartbeatTime(t).withLastTransitionTime(t).endCondition()
        .endStatus().build();
  }

  Node node() {
    return node;
  }

  @Override
  public void step(Simulator sim) {
    long step = sim.steps();
    String now = Objs.time(sim.now());
    NodeCondition ready = node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
        .findFirst().orElseThrow();
    boolean lost = flapEvery > 0 && step % flapEvery >= flapEvery - flapFor;
    boolean wasLost = "Unknown".equals(ready.getStatus());
    if (lost != wasLost) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        c.setStatus(lost ? "Unknown" : c.getType().equals("Ready") ? "True" : "False");
        if (lost) {
          c.setReason("NodeStatusUnknown");
          c.setMessage("Kubelet stopped posting node status.");
        } else {
          c.setReason(c.getType().equals("Ready") ? "KubeletReady" : "Kubelet" + switch (c.getType()) {
            case "MemoryPressure" -> "HasSufficientMemory";
            case "DiskPressure" -> "HasNoDiskPressure";
            default -> "HasSufficientPID";
          });
          c.setMessage(c.getType().equals("Ready") ? "edgecore is posting ready status" : null);
          c.setLastHeartbeatTime(now);
        }
        c.setLastTransitionTime(now);
      }
      node = sim.writeStatus(node);
    } else if (!lost && step % 5 == 0) {
      node.getStatus().getConditions().forEach(c -> c.setLastHeartbeatTime(now));
      node = sim.writeStatus(node);
    }
  }

  @Override
  public String toString() {
    return "Node " + node.getMetadata().getName();
  }

  static List<String> names() {
    return List.of("cloud-node", "edge-node", "edge-node-2");
  }
}
