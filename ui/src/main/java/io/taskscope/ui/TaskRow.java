package io.taskscope.ui;

import java.time.Instant;

/**
 * One line of the task list: a Sedna CR or a workload, its state in a word, how healthy that is, and its workers.
 *
 * @param stage the current stage of staged Sedna jobs (Train, Eval, Deploy), else empty
 * @param status a short state: the phase, the latest condition, or the workload's rollout state
 * @param health {@code ok}, {@code warn}, {@code bad} or {@code none} (no status to judge)
 * @param workersReady workers (pods) running and ready; -1 when the kind has none
 */
public record TaskRow(String kind, String namespace, String name, String stage, String status, String health,
    Instant created, int workersReady, int workersTotal) {

  /** The path of the task's page. */
  public String path() {
    return "/ui/task/" + Html.url(kind) + "/" + Html.url(namespace) + "/" + Html.url(name);
  }
}
