package io.taskscope.demo.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * What the simulated machines do: CPU, memory, disk and network use of every running container, power drawn by
 * nodes and containers, GPU load of the pods that hold a GPU. Each container gets a stable profile from the seed and
 * its pod uid; values swing around it step by step. Counters only grow and are kept after their series disappear,
 * so a series that comes back never goes down. Load follows the simulated clock's time of day (busy afternoons,
 * quiet nights, lighter weekends) so that recorded series have the daily and weekly seasons real telemetry has.
 */
final class ResourceModel {
  /** GPU model and count of the nodes with NVIDIA GPUs (the others have none). */
  static final Map<String, Integer> GPUS_PER_NODE = Map.of("cloud-node", 4);
  static final String GPU_MODEL = "NVIDIA A100-PCIE-40GB";
  static final double GPU_MEMORY_MIB = 40960;
  static final double MIB = 1024 * 1024;

  private final long seed;
  private long steps;
  /** The simulated clock: {@code start} plus every {@code dt} advanced so far, in seconds since the epoch. */
  private double clock;
  private final Map<String, ContainerState> containers = new LinkedHashMap<>();
  private final Map<String, PodState> pods = new LinkedHashMap<>();
  private final Map<String, NodeState> nodes = new LinkedHashMap<>();
  private final Map<String, List<GpuState>> gpus = new LinkedHashMap<>();

  ResourceModel(long seed) {
    this(seed, java.time.Instant.now());
  }

  /** A model whose clock starts at {@code start} (the demo: now; recordings of simulated days: a fixed instant). */
  ResourceModel(long seed, java.time.Instant start) {
    this.seed = seed;
    this.clock = start.getEpochSecond();
  }

  /**
   * Load factor at the simulated clock: 0.55 at 02:00 UTC rising to 1.55 at 14:00, the daytime part damped to 60 % on
   * Saturdays and Sundays and varying from day to day (sd 15 %), all of it jittered hour by hour (sd 5 %), so no two
   * days are alike; averages about 1 over a week, so the demo's levels stay what they were.
   */
  double diurnal() {
    double day = clock / 86_400;
    long dayIndex = (long) Math.floor(day);
    long hourIndex = (long) Math.floor(clock / 3600);
    double hour = (day - dayIndex) * 24;
    long dow = Math.floorMod(dayIndex + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
    double busy = 0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 2) / 24);
    double intensity = 1 + 0.15 * jitter(dayIndex);
    return (0.55 + busy * (dow >= 5 ? 0.6 : 1) * intensity) * (1 + 0.05 * jitter(hourIndex ^ 0x5DEECE66DL));
  }

  /** A standard normal draw fixed by the seed and {@code key} (a day or an hour of the clock). */
  private double jitter(long key) {
    return new Random(seed * 0x9E3779B97F4A7C15L + key).nextGaussian();
  }

  /** A running container as cAdvisor and Kepler see it. */
  static final class ContainerState {
    final String namespace;
    final String pod;
    final String podUid;
    final String name;
    final String image;
    final String node;
    final String containerId;
    final double baseCores;
    final double baseMemory;
    final double memoryLimit;
    final double cpuRequest;
    final double memoryRequest;
    final double phase;
    double cpuSeconds;
    double cores;
    double memory;
    double fs;
    double dynamicWatts;
    final Map<String, Double> joules = new LinkedHashMap<>(); // "<component>/<mode>" -> J
    long lastSeen;

    ContainerState(Random r, Pod p, Container c, String containerId, boolean light) {
      namespace = p.getMetadata().getNamespace();
      pod = p.getMetadata().getName();
      podUid = p.getMetadata().getUid();
      name = c.getName();
      image = c.getImage();
      node = p.getSpec().getNodeName();
      this.containerId = containerId;
      baseCores = light ? 0.01 + r.nextDouble() * 0.08 : 0.1 + r.nextDouble() * 1.1;
      baseMemory = (light ? 30 + r.nextDouble() * 90 : 120 + r.nextDouble() * 1400) * MIB;
      memoryLimit = Math.ceil(baseMemory * 2 / (256 * MIB)) * 256 * MIB;
      cpuRequest = light ? 0.05 : Math.max(0.1, Math.round(baseCores * 10) / 10.0);
      memoryRequest = Math.ceil(baseMemory / (64 * MIB)) * 64 * MIB;
      phase = r.nextDouble() * 2 * Math.PI;
      fs = (4 + r.nextDouble() * 200) * MIB;
    }

    /** The container id without the runtime prefix ({@code containerd://}). */
    String id() {
      return containerId.substring(containerId.indexOf("://") + 3);
    }

    double joules(String component, String mode) {
      return joules.getOrDefault(component + "/" + mode, 0.0);
    }

    double totalJoules(String mode) {
      return joules(KeplerSim.PACKAGE, mode) + joules(KeplerSim.DRAM, mode) + joules(KeplerSim.OTHER, mode)
          + joules(KeplerSim.GPU, mode);
    }
  }

  /** The pod sandbox: its network namespace (cAdvisor reports network on the pause container). */
  static final class PodState {
    final String sandboxId;
    final double rxRate;
    final double txRate;
    double rx;
    double tx;

    PodState(Random r, String sandboxId) {
      this.sandboxId = sandboxId;
      rxRate = 2_000 + r.nextDouble() * 400_000;
      txRate = 1_000 + r.nextDouble() * 200_000;
    }
  }

  /** A node's machine: capacity, whole-machine cgroup ("/") and its power meters. */
  static final class NodeState {
    final String name;
    final double cores;
    final double memoryCapacity;
    final double idleWatts;
    final double wattsPerCore;
    final String bootId;
    final String machineId;
    final String systemUuid;
    double cpuSeconds;
    double usedCores;
    double memory;
    double fs;
    double rx;
    double tx;
    final Map<String, Double> joules = new LinkedHashMap<>(); // "<component>/<mode>" -> J
    double watts;

    NodeState(Node n) {
      name = n.getMetadata().getName();
      Map<String, Quantity> cap = n.getStatus().getCapacity();
      cores = cap.containsKey("cpu") ? Quantity.getAmountInBytes(cap.get("cpu")).doubleValue() : 4;
      memoryCapacity = cap.containsKey("memory")
          ? Quantity.getAmountInBytes(cap.get("memory")).doubleValue() : 8 * 1024 * MIB;
      boolean arm = "arm64".equals(n.getMetadata().getLabels().get("kubernetes.io/arch"));
      idleWatts = arm ? 3.5 : 55;
      wattsPerCore = arm ? 1.6 : 9;
      var info = n.getStatus().getNodeInfo();
      bootId = info != null && info.getBootID() != null ? info.getBootID() : uuid("boot/" + name);
      machineId = info != null && info.getMachineID() != null ? info.getMachineID() : hex("machine/" + name, 32);
      systemUuid = info != null && info.getSystemUUID() != null ? info.getSystemUUID() : uuid("system/" + name);
      fs = (6 + name.length()) * 1024 * MIB;
    }

    double joules(String component, String mode) {
      return joules.getOrDefault(component + "/" + mode, 0.0);
    }
  }

  /** One NVIDIA GPU as DCGM reports it, and the pod that holds it (if any). */
  static final class GpuState {
    final String node;
    final int index;
    final String uuid;
    String podUid;
    String namespace;
    String pod;
    String container;
    double util;
    double fbUsed;
    double power;
    double energyMillijoules;
    double temperature;
    double smClock;

    GpuState(String node, int index) {
      this.node = node;
      this.index = index;
      this.uuid = "GPU-" + uuid("gpu/" + node + "/" + index);
    }
  }

  List<ContainerState> runningContainers() {
    return containers.values().stream().filter(c -> c.lastSeen == steps).toList();
  }

  ContainerState container(String podUid, String name) {
    return containers.get(podUid + "/" + name);
  }

  PodState pod(String podUid) {
    return pods.get(podUid);
  }

  NodeState node(String name) {
    return nodes.get(name);
  }

  List<GpuState> gpus() {
    return gpus.values().stream().flatMap(List::stream).toList();
  }

  /** GPU held by this pod, or null. */
  GpuState gpuOf(String podUid) {
    return gpus().stream().filter(g -> podUid.equals(g.podUid)).findFirst().orElse(null);
  }

  /** Advances every meter by {@code dt} seconds of the cluster as it is now. */
  void advance(ClusterView view, double dt) {
    steps++;
    clock += dt;
    double load = diurnal();
    for (Node n : view.nodes()) {
      nodes.computeIfAbsent(n.getMetadata().getName(), k -> new NodeState(n));
      gpus.computeIfAbsent(n.getMetadata().getName(), k -> {
        List<GpuState> list = new ArrayList<>();
        for (int i = 0; i < GPUS_PER_NODE.getOrDefault(k, 0); i++) {
          list.add(new GpuState(k, i));
        }
        return list;
      });
    }
    for (Pod p : view.runningPods()) {
      String uid = p.getMetadata().getUid();
      PodState ps = pods.computeIfAbsent(uid, k -> new PodState(random(k), hex("sandbox/" + k, 64)));
      ps.rx += ps.rxRate * load * wave(ps.rxRate, 0.3) * dt;
      ps.tx += ps.txRate * load * wave(ps.txRate, 0.3) * dt;
      boolean light = isSystem(p);
      for (Container c : p.getSpec().getContainers()) {
        ContainerState cs = containers.computeIfAbsent(uid + "/" + c.getName(),
            k -> new ContainerState(random(k), p, c, containerId(p, c), light));
        cs.lastSeen = steps;
      }
    }
    assignGpus(view);
    for (ContainerState c : containers.values()) {
      if (c.lastSeen != steps) {
        continue;
      }
      c.cores = Math.max(0.001, c.baseCores * load * wave(c.phase, 0.35));
      c.cpuSeconds += c.cores * dt;
      // caches and sessions follow load at a fraction of its swing
      double memLoad = 1 + 0.25 * (load - 1);
      c.memory = Math.min(c.memoryLimit * 0.95, c.baseMemory * memLoad * wave(c.phase + 1, 0.12));
      c.fs += 2_000 * dt * (1 + Math.sin(c.phase)) ;
    }
    for (List<GpuState> list : gpus.values()) {
      for (GpuState g : list) {
        double busy = g.podUid == null ? 0 : Math.min(100, 35 + 60 * (0.5 + 0.5 * Math.sin(steps / 12.0 + g.index)));
        g.util = Math.round(busy);
        g.fbUsed = g.podUid == null ? 0 : Math.round(6000 + 24000 * (0.5 + 0.5 * Math.sin(steps / 30.0 + g.index)));
        g.power = 32 + 2.2 * busy + (g.index % 2) * 1.5;
        g.energyMillijoules += g.power * dt * 1000;
        g.temperature = Math.round(33 + busy * 0.35);
        g.smClock = g.podUid == null ? 210 : 1410;
      }
    }
    for (NodeState n : nodes.values()) {
      double used = 0.15 * n.cores * 0.1;
      double memory = (n.idleWatts > 10 ? 900 : 320) * MIB;
      double rx = 0;
      double tx = 0;
      double containerDynamic = 0;
      List<ContainerState> here = runningContainers().stream().filter(c -> c.node.equals(n.name)).toList();
      for (ContainerState c : here) {
        used += c.cores;
        memory += c.memory;
        c.dynamicWatts = c.cores * n.wattsPerCore + c.memory / (1024 * MIB) * 0.4;
        containerDynamic += c.dynamicWatts;
      }
      for (Pod p : view.runningPods()) {
        if (n.name.equals(p.getSpec().getNodeName())) {
          PodState ps = pods.get(p.getMetadata().getUid());
          rx += ps.rx;
          tx += ps.tx;
        }
      }
      n.usedCores = Math.min(n.cores, used);
      n.cpuSeconds += n.usedCores * dt;
      n.memory = Math.min(n.memoryCapacity * 0.97, memory);
      n.fs += 5_000 * dt;
      // node network counters: never below what they were (pods leaving take their counters with them)
      n.rx = Math.max(n.rx + 1_000 * dt, rx);
      n.tx = Math.max(n.tx + 600 * dt, tx);
      double gpuWatts = gpus.getOrDefault(n.name, List.of()).stream().mapToDouble(g -> g.power).sum();
      double systemDynamic = 0.15 * n.cores * 0.1 * n.wattsPerCore;
      double dynamic = containerDynamic + systemDynamic;
      add(n.joules, KeplerSim.PACKAGE, "dynamic", dynamic * 0.75 * dt);
      add(n.joules, KeplerSim.DRAM, "dynamic", dynamic * 0.15 * dt);
      add(n.joules, KeplerSim.OTHER, "dynamic", dynamic * 0.10 * dt);
      add(n.joules, KeplerSim.GPU, "dynamic", gpuWatts * dt);
      add(n.joules, KeplerSim.PACKAGE, "idle", n.idleWatts * 0.6 * dt);
      add(n.joules, KeplerSim.DRAM, "idle", n.idleWatts * 0.15 * dt);
      add(n.joules, KeplerSim.OTHER, "idle", n.idleWatts * 0.25 * dt);
      add(n.joules, KeplerSim.PLATFORM, "dynamic", (dynamic + gpuWatts) * dt);
      add(n.joules, KeplerSim.PLATFORM, "idle", n.idleWatts * dt);
      n.watts = n.idleWatts + dynamic + gpuWatts;
      // Kepler splits idle power among the containers of the node, dynamic power by their activity
      for (ContainerState c : here) {
        double idleShare = n.idleWatts / here.size();
        GpuState g = gpuOf(c.podUid);
        double gpu = g != null && c.name.equals(g.container) ? g.power : 0;
        add(c.joules, KeplerSim.PACKAGE, "dynamic", c.dynamicWatts * 0.75 * dt);
        add(c.joules, KeplerSim.DRAM, "dynamic", c.dynamicWatts * 0.15 * dt);
        add(c.joules, KeplerSim.OTHER, "dynamic", c.dynamicWatts * 0.10 * dt);
        add(c.joules, KeplerSim.GPU, "dynamic", gpu * dt);
        add(c.joules, KeplerSim.PACKAGE, "idle", idleShare * 0.6 * dt);
        add(c.joules, KeplerSim.DRAM, "idle", idleShare * 0.15 * dt);
        add(c.joules, KeplerSim.OTHER, "idle", idleShare * 0.25 * dt);
        add(c.joules, KeplerSim.GPU, "idle", 0);
      }
    }
    // forget what has been gone for long (a demo that runs for days keeps creating pods)
    containers.values().removeIf(c -> steps - c.lastSeen > 5_000);
  }

  /**
   * Running pods of Sedna tasks and user workloads on a GPU node each hold one GPU, first come first served, until
   * the node's GPUs are taken; a GPU is freed when its pod stops running.
   */
  private void assignGpus(ClusterView view) {
    Map<String, Pod> running = new LinkedHashMap<>();
    view.runningPods().forEach(p -> running.put(p.getMetadata().getUid(), p));
    for (GpuState g : gpus()) {
      if (g.podUid != null && !running.containsKey(g.podUid)) {
        g.podUid = null;
        g.namespace = null;
        g.pod = null;
        g.container = null;
      }
    }
    for (Pod p : running.values()) {
      List<GpuState> onNode = gpus.getOrDefault(p.getSpec().getNodeName(), List.of());
      if (onNode.isEmpty() || !wantsGpu(p) || gpuOf(p.getMetadata().getUid()) != null) {
        continue;
      }
      for (GpuState g : onNode) {
        if (g.podUid == null) {
          g.podUid = p.getMetadata().getUid();
          g.namespace = p.getMetadata().getNamespace();
          g.pod = p.getMetadata().getName();
          g.container = p.getSpec().getContainers().get(0).getName();
          break;
        }
      }
    }
  }

  /**
   * Pods that compute (workers, inference services, jobs) may hold a GPU; infrastructure, DaemonSet pods (log
   * shippers, agents) and StatefulSet pods (databases) never do.
   */
  static boolean wantsGpu(Pod p) {
    if (isSystem(p)) {
      return false;
    }
    return p.getMetadata().getOwnerReferences() == null || p.getMetadata().getOwnerReferences().stream()
        .noneMatch(o -> o.getKind().equals("DaemonSet") || o.getKind().equals("StatefulSet"));
  }

  /** Infrastructure pods (Sedna's GM/LC/KB, kube-system): light load, never a GPU. */
  static boolean isSystem(Pod p) {
    String ns = p.getMetadata().getNamespace();
    return ns.equals("sedna") || ns.equals("kube-system");
  }

  private double wave(double phase, double amplitude) {
    return 1 + amplitude * Math.sin(steps / 9.0 + phase) + amplitude * 0.3 * Math.sin(steps / 2.3 + 2 * phase);
  }

  private static void add(Map<String, Double> joules, String component, String mode, double j) {
    joules.merge(component + "/" + mode, j, Double::sum);
  }

  private Random random(String key) {
    return new Random(seed * 31 + key.hashCode());
  }

  /** The id the runtime gave the container: from the pod status when the demo set one, else derived. */
  private static String containerId(Pod p, Container c) {
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
        if (c.getName().equals(s.getName()) && s.getContainerID() != null && s.getContainerID().contains("://")) {
          return s.getContainerID();
        }
      }
    }
    return "containerd://" + hex("container/" + p.getMetadata().getUid() + "/" + c.getName(), 64);
  }

  static String hex(String key, int length) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).repeat(2).substring(0, length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String uuid(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
