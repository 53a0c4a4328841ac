package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskListPageTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");

  FakeClusterView view = new FakeClusterView()
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: IncrementalLearningJob
          metadata: {name: helmet-il, namespace: demo, creationTimestamp: "2025-11-20T07:00:00Z"}
          status:
            conditions:
            - {type: Waiting, status: "True", stage: Train}
            - {type: Running, status: "True", stage: Eval}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: JointInferenceService
          metadata: {name: "<script>alert(1)</script>", namespace: "\\"><img src=x onerror=alert(1)>",
            creationTimestamp: "2025-11-18T10:00:00Z"}
          status:
            conditions:
            - {type: Failed, status: "True", message: "<b>boom</b>"}
          """)
      .add("""
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: demo, creationTimestamp: "2025-11-20T09:59:00Z"}
          spec: {replicas: 2}
          status: {readyReplicas: 1}
          """);

  @Test
  void listsEveryTaskWithItsStateEscaped() {
    String html = new TaskListPage(view, () -> NOW).page(Map.of());
    assertThat(html).contains(">helmet-il</a>").contains("Eval · <span class=\"badge ok\">Running</span>")
        .contains("<span class=\"badge bad\">Failed</span>").contains("<span class=\"badge warn\">Progressing</span>")
        .contains(">3h<").contains(">2d<").contains(">60s<");
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void filtersSearchAndSortCompose() {
    TaskListPage page = new TaskListPage(view, () -> NOW);
    String demoOnly = page.rowsFragment(Map.of("ns", "demo", "sort", "name", "dir", "desc"));
    assertThat(demoOnly).contains(">web</a>").contains(">helmet-il</a>").doesNotContain("script");
    assertThat(demoOnly.indexOf(">web</a>")).isLessThan(demoOnly.indexOf(">helmet-il</a>"));
    assertThat(page.rowsFragment(Map.of("health", "bad"))).contains("badge bad").doesNotContain(">web</a>");
    assertThat(page.rowsFragment(Map.of("q", "HELMET"))).contains(">helmet-il</a>").doesNotContain(">web</a>");
    assertThat(page.rowsFragment(Map.of("q", "zzz"))).contains("No task matches these filters.");
  }
}
