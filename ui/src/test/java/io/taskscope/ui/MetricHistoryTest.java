package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
  static final Instant T0 = Instant.parse("2025-11-20T00:00:00Z");

  FakeClusterView view = new FakeClusterView()
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: JointInferenceService
          metadata: {name: ji, namespace: demo}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: FederatedLearningJob
          metadata: {name: fl, namespace: demo}
          """);

  final List<String> asked = new ArrayList<>();
  final SeriesSource source = (family, sink) -> {
    for (String f : List.of("sedna_jointinference_inferences_total", "some_push_family", "sedna_federatedlearning_iteration")) {
      if (!family.test(f)) {
        continue;
      }
      asked.add(f);
      switch (f) {
        case "sedna_jointinference_inferences_total" -> {
          sink.accept(Sample.of(f, 10, "namespace", "demo", "kind", "JointInferenceService", "name", "ji",
              "location", "edge", "pod", "e1"));
          sink.accept(Sample.of(f, 5, "namespace", "demo", "kind", "JointInferenceService", "name", "ji",
              "location", "edge", "pod", "e2"));
          sink.accept(Sample.of(f, 7, "namespace", "demo", "kind", "JointInferenceService", "name", "ji",
              "location", "cloud", "pod", "c1"));
          sink.accept(Sample.of(f, 99, "namespace", "other", "kind", "JointInferenceService", "name", "ji",
              "location", "edge"));
        }
        case "sedna_federatedlearning_iteration" -> {
          sink.accept(Sample.of(f, 3, "namespace", "demo", "kind", "FederatedLearningJob", "name", "fl", "pod", "a"));
          sink.accept(Sample.of(f, 4, "namespace", "demo", "kind", "FederatedLearningJob", "name", "fl", "pod", "b"));
        }
        default -> throw new AssertionError("not asked for");
      }
    }
  };

  static TaskCharts.Chart chart(String kind, String id) {
    return TaskCharts.of(kind).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void keepsEachTasksLinesSummedOrMaxedAndOnlyReadsWantedFamilies() {
    MetricHistory h = new MetricHistory();
    h.sample(view, source, T0);
    assertThat(asked).containsExactly("sedna_jointinference_inferences_total", "sedna_federatedlearning_iteration");
    MetricHistory.Points ji = h.points("JointInferenceService", "demo", "ji", chart("JointInferenceService", "pushed"));
    assertThat(ji.x()).containsExactly(T0.getEpochSecond());
    assertThat(ji.values().get(0)).containsExactly(15.0);
    assertThat(ji.values().get(1)).containsExactly(7.0);
    assertThat(ji.values().get(2)[0]).isNaN();
    MetricHistory.Points fl = h.points("FederatedLearningJob", "demo", "fl", chart("FederatedLearningJob", "rounds"));
    assertThat(fl.values().get(1)).containsExactly(4.0);
    assertThat(h.points("JointInferenceService", "demo", "ji", chart("JointInferenceService", "inferences")).isEmpty())
        .isTrue();
  }

  @Test
  void keepsTwoHoursAndABoundedNumberOfTasks() {
    MetricHistory h = new MetricHistory(1, Duration.ofHours(2));
    for (int i = 0; i <= 600; i++) { // 2.5 h of 15 s ticks
      h.sample(view, source, T0.plusSeconds(15L * i));
    }
    assertThat(h.tasks()).isEqualTo(1);
    MetricHistory.Points ji = h.points("JointInferenceService", "demo", "ji", chart("JointInferenceService", "pushed"));
    MetricHistory.Points fl = h.points("FederatedLearningJob", "demo", "fl", chart("FederatedLearningJob", "rounds"));
    assertThat(ji.x().length + fl.x().length).isEqualTo(481); // 2 h / 15 s + 1, for the one task kept
    long last = T0.plusSeconds(15L * 600).getEpochSecond();
    long[] x = ji.x().length > 0 ? ji.x() : fl.x();
    assertThat(x[0]).isEqualTo(last - 7200);
    assertThat(x[x.length - 1]).isEqualTo(last);
  }

  @Test
  void promQlNarrowsToTheTaskWithEscapedValues() {
    TaskCharts.Chart pushed = chart("JointInferenceService", "pushed");
    assertThat(TaskCharts.promQl(pushed, pushed.lines().get(0), "JointInferenceService", "demo", "a\"b"))
        .isEqualTo("sum(sedna_jointinference_inferences_total{namespace=\"demo\",kind=\"JointInferenceService\","
            + "name=\"a\\\"b\",location=\"edge\"})");
    TaskCharts.Chart cpu = chart("Deployment", "cpu");
    assertThat(TaskCharts.promQl(cpu, cpu.lines().get(0), "Deployment", "demo", "web"))
        .isEqualTo("sum(workload:cpu_usage:percent{namespace=\"demo\",workload_type=\"Deployment\",workload=\"web\"})");
  }
}
