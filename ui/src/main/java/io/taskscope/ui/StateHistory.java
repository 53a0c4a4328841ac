package io.taskscope.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The (status, stage) changes of every task as TaskScope saw them, sampled from {@link Tasks#rows} every few
 * seconds. Sedna's condition list is its own history, but workloads have none and a CR's list can be trimmed or
 * replaced; this one survives both, for as long as TaskScope runs (it is in memory only).
 *
 * <p>Bounds: at most {@link #PER_TASK} (200) changes per task, the oldest dropped first; at most {@link #TASKS}
 * (5,000) tasks, the task whose last change is oldest dropped to make room; changes older than {@link #RETENTION}
 * (24 h) dropped at every sample, except the newest change of a task still present (its current state). A change is about 100 bytes, so the worst case stays near 100 MB only in theory
 * (every task flapping 200 times a day); a task that changes a few times a day costs about a kilobyte.
 */
public final class StateHistory {
  static final int PER_TASK = 200;
  static final int TASKS = 5_000;
  static final Duration RETENTION = Duration.ofHours(24);

  /** One change: from this moment the task was in {@code status} (and {@code stage}, for staged jobs). */
  public record Change(Instant at, String status, String stage) {}

  private final int perTask;
  private final int maxTasks;
  private final Duration retention;
  private final Map<String, Deque<Change>> byTask = new LinkedHashMap<>();

  public StateHistory() {
    this(PER_TASK, TASKS, RETENTION);
  }

  StateHistory(int perTask, int maxTasks, Duration retention) {
    this.perTask = perTask;
    this.maxTasks = maxTasks;
    this.retention = retention;
  }

  /** Records the rows' states at {@code now}: a change when a task's status or stage differs from its last one. */
  public synchronized void observe(List<TaskRow> rows, Instant now) {
    Set<String> present = new HashSet<>();
    for (TaskRow r : rows) {
      String key = Tasks.key(r.kind(), r.namespace(), r.name());
      present.add(key);
      Deque<Change> d = byTask.get(key);
      Change last = d == null ? null : d.peekLast();
      if (last != null && last.status().equals(r.status()) && last.stage().equals(r.stage())) {
        continue;
      }
      if (d == null) {
        if (byTask.size() >= maxTasks) {
          evictOldest();
        }
        d = new ArrayDeque<>();
        byTask.put(key, d);
      }
      d.addLast(new Change(now, r.status(), r.stage()));
      while (d.size() > perTask) {
        d.pollFirst();
      }
    }
    expire(now, present);
  }

  /** The changes of one task, oldest first. */
  public synchronized List<Change> changes(String kind, String namespace, String name) {
    Deque<Change> d = byTask.get(Tasks.key(kind, namespace, name));
    return d == null ? List.of() : new ArrayList<>(d);
  }

  synchronized int tasks() {
    return byTask.size();
  }

  private void expire(Instant now, Set<String> present) {
    Instant cutoff = now.minus(retention);
    for (Iterator<Map.Entry<String, Deque<Change>>> it = byTask.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Deque<Change>> e = it.next();
      Deque<Change> d = e.getValue();
      // a task still present keeps its newest change however old: it is the current state, and without it the next
      // sample would record a change that never happened
      int keep = present.contains(e.getKey()) ? 1 : 0;
      while (d.size() > keep && d.peekFirst().at().isBefore(cutoff)) {
        d.pollFirst();
      }
      if (d.isEmpty()) {
        it.remove();
      }
    }
  }

  private void evictOldest() {
    String oldest = null;
    Instant at = null;
    for (Map.Entry<String, Deque<Change>> e : byTask.entrySet()) {
      Instant t = e.getValue().peekLast().at();
      if (at == null || t.isBefore(at)) {
        oldest = e.getKey();
        at = t;
      }
    }
    if (oldest != null) {
      byTask.remove(oldest);
    }
  }
}
