package io.taskscope.kg;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deleted pods of one workload: each one's last state and when it went, the newest {@code max} kept (a Job or a
 * crash-looping Deployment can churn through pods without end; the oldest gone ones leave the graph first).
 */
final class GonePods {
  private record Gone(Pod pod, Instant at) {}

  private final int max;
  private final LinkedHashMap<String, Gone> byName = new LinkedHashMap<>();

  GonePods(int max) {
    this.max = max;
  }

  synchronized void add(Pod p, Instant at) {
    String name = p.getMetadata().getName();
    byName.remove(name);
    byName.put(name, new Gone(p, at));
    while (byName.size() > max) {
      byName.remove(byName.keySet().iterator().next());
    }
  }

  synchronized void remove(String name) {
    byName.remove(name);
  }

  synchronized Pod last(String name) {
    Gone g = byName.get(name);
    return g == null ? null : g.pod();
  }

  synchronized Instant endedAt(String name) {
    Gone g = byName.get(name);
    return g == null ? Instant.now() : g.at();
  }

  /** Gone pods and when they went, leaving out any name that is live again in {@code live}. */
  synchronized Map<Pod, Instant> snapshot(Collection<Pod> live) {
    Map<Pod, Instant> out = new LinkedHashMap<>();
    java.util.Set<String> liveNames = new java.util.HashSet<>();
    live.forEach(p -> liveNames.add(p.getMetadata().getName()));
    byName.forEach((name, g) -> {
      if (!liveNames.contains(name)) {
        out.put(g.pod(), g.at());
      }
    });
    return out;
  }
}
