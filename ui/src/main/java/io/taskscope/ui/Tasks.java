package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.kube.sedna.TaskRef;
import io.taskscope.sdk.SednaNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads task rows out of the cluster view: what each kind's status means, in one word and a colour. */
public final class Tasks {
  private static final Set<String> BAD = Set.of("failed", "createerror", "error", "crashloopbackoff");
  private static final Set<String> WARN = Set.of("waiting", "pending", "starting", "progressing", "unknown");

  private Tasks() {}

  public static List<TaskRow> rows(ClusterView view) {
    Map<String, int[]> workers = workerCounts(view.pods());
    List<TaskRow> rows = new ArrayList<>();
    for (String kind : view.kinds()) {
      for (GenericKubernetesResource o : view.list(kind)) {
        rows.add(row(kind, o, workers));
      }
    }
    return rows;
  }

  static TaskRow row(String kind, GenericKubernetesResource o, Map<String, int[]> workers) {
    String ns = o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
    String name = o.getMetadata().getName();
    Map<String, Object> status = map(o.getAdditionalProperties().get("status"));
    Map<String, Object> spec = map(o.getAdditionalProperties().get("spec"));
    Instant created = instant(o.getMetadata().getCreationTimestamp());
    String stage = "";
    String state;
    int ready = -1;
    int total = -1;
    switch (kind) {
      case "Deployment", "StatefulSet" -> {
        total = integer(spec.get("replicas"), 1);
        ready = integer(status.get("readyReplicas"), 0);
        state = ready >= total ? "Available" : "Progressing";
      }
      case "DaemonSet" -> {
        total = integer(status.get("desiredNumberScheduled"), 0);
        ready = integer(status.get("numberReady"), 0);
        state = ready >= total ? "Available" : "Progressing";
      }
      case "Job" -> {
        int active = integer(status.get("active"), 0);
        state = integer(status.get("failed"), 0) > 0 && active == 0 && integer(status.get("succeeded"), 0) == 0
            ? "Failed" : integer(status.get("succeeded"), 0) > 0 && active == 0 ? "Complete"
            : active > 0 ? "Running" : "Pending";
        int[] w = workers.get(key(kind, ns, name));
        ready = w == null ? active : w[0];
        total = w == null ? active : w[1];
      }
      default -> {
        Map<String, Object> last = lastCondition(status);
        boolean staged = SednaNames.Kind.of(kind).map(k -> k.staged).orElse(false);
        if (staged && last.get("stage") != null) {
          stage = String.valueOf(last.get("stage"));
        }
        if (status.get("phase") != null) {
          state = String.valueOf(status.get("phase"));
        } else if (last.get("type") != null) {
          state = String.valueOf(last.get("type"));
        } else if (kind.equals("Dataset") && status.get("numberOfSamples") != null) {
          state = status.get("numberOfSamples") + " samples";
        } else {
          state = "";
        }
        int[] w = workers.get(key(kind, ns, name));
        if (w != null) {
          ready = w[0];
          total = w[1];
        } else if (!kind.equals("Model") && !kind.equals("Dataset")) {
          ready = 0;
          total = 0;
        }
      }
    }
    return new TaskRow(kind, ns, name, stage, state, health(state), created, ready, total);
  }

  /** ok, warn, bad or none for a status word. */
  static String health(String state) {
    String s = state.toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.endsWith(" samples")) {
      return "none";
    }
    return BAD.contains(s) ? "bad" : WARN.contains(s) ? "warn" : "ok";
  }

  /** Worker pods per task ({@code kind/ns/name}): ready, all. Sedna's labels for CRs, the Job's label for Jobs. */
  static Map<String, int[]> workerCounts(List<Pod> pods) {
    Map<String, int[]> m = new HashMap<>();
    for (Pod p : pods) {
      String k = TaskRef.of(p).filter(t -> !t.isSystemComponent()).map(t -> key(t.kind(), t.namespace(), t.name()))
          .orElse(null);
      if (k == null && p.getMetadata().getLabels() != null && p.getMetadata().getLabels().get("job-name") != null) {
        k = key("Job", p.getMetadata().getNamespace(), p.getMetadata().getLabels().get("job-name"));
      }
      if (k == null) {
        continue;
      }
      int[] c = m.computeIfAbsent(k, x -> new int[2]);
      c[1]++;
      if (ready(p)) {
        c[0]++;
      }
    }
    return m;
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
        && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String key(String kind, String ns, String name) {
    return kind + "/" + ns + "/" + name;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The condition Sedna appended last (its conditions are a history, newest at the end). */
  static Map<String, Object> lastCondition(Map<String, Object> status) {
    Object c = status.get("conditions");
    if (c instanceof List<?> l && !l.isEmpty()) {
      return map(l.get(l.size() - 1));
    }
    return Map.of();
  }

  static int integer(Object o, int fallback) {
    if (o instanceof Number n) {
      return n.intValue();
    }
    try {
      return o == null ? fallback : Integer.parseInt(o.toString());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
