package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateHistoryTest {
  static final Instant T0 = Instant.parse("2025-11-20T00:00:00Z");

  static TaskRow row(String name, String status, String stage) {
    return new TaskRow("IncrementalLearningJob", "demo", name, stage, status, Tasks.health(status), T0, 0, 0);
  }

  @Test
  void recordsChangesOnly() {
    StateHistory h = new StateHistory();
    h.observe(List.of(row("a", "Running", "Train")), T0);
    h.observe(List.of(row("a", "Running", "Train")), T0.plusSeconds(5));
    h.observe(List.of(row("a", "Running", "Eval")), T0.plusSeconds(10));
    h.observe(List.of(row("a", "Failed", "Eval")), T0.plusSeconds(15));
    assertThat(h.changes("IncrementalLearningJob", "demo", "a")).containsExactly(
        new StateHistory.Change(T0, "Running", "Train"),
        new StateHistory.Change(T0.plusSeconds(10), "Running", "Eval"),
        new StateHistory.Change(T0.plusSeconds(15), "Failed", "Eval"));
    assertThat(h.changes("IncrementalLearningJob", "demo", "other")).isEmpty();
  }

  @Test
  void boundsChangesPerTaskAndTasks() {
    StateHistory h = new StateHistory(3, 2, Duration.ofHours(24));
    for (int i = 0; i < 10; i++) {
      h.observe(List.of(row("a", "S" + i, "")), T0.plusSeconds(i));
    }
    assertThat(h.changes("IncrementalLearningJob", "demo", "a")).extracting(StateHistory.Change::status)
        .containsExactly("S7", "S8", "S9");
    h.observe(List.of(row("b", "Running", "")), T0.plusSeconds(20));
    h.observe(List.of(row("c", "Running", "")), T0.plusSeconds(30)); // the third task evicts a (oldest last change)
    assertThat(h.tasks()).isEqualTo(2);
    assertThat(h.changes("IncrementalLearningJob", "demo", "a")).isEmpty();
    assertThat(h.changes("IncrementalLearningJob", "demo", "c")).hasSize(1);
  }

  @Test
  void dropsChangesOlderThanRetentionButKeepsAPresentTasksCurrentState() {
    StateHistory h = new StateHistory();
    h.observe(List.of(row("a", "Waiting", ""), row("gone", "Running", "")), T0);
    h.observe(List.of(row("a", "Running", "")), T0.plus(Duration.ofHours(1)));
    h.observe(List.of(row("a", "Running", "")), T0.plus(Duration.ofHours(25)));
    assertThat(h.changes("IncrementalLearningJob", "demo", "a")).extracting(StateHistory.Change::status)
        .containsExactly("Running");
    assertThat(h.changes("IncrementalLearningJob", "demo", "gone")).isEmpty();
    h.observe(List.of(row("a", "Running", "")), T0.plus(Duration.ofHours(50)));
    assertThat(h.changes("IncrementalLearningJob", "demo", "a")).hasSize(1); // still its current state, no new change
  }
}
