package io.taskscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo stack comes up: every scrape job has a healthy target carrying the demo's cluster label. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoStackTest {
  private DemoStack stack;

  @BeforeAll
  void start() throws Exception {
    stack = DemoStack.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyJobHasOneHealthyTarget() throws Exception {
    for (DemoStack.Job job : DemoStack.JOBS) {
      JsonNode up = stack.awaitNonEmpty("up{job=\"" + job.name() + "\"} == 1", Duration.ofSeconds(30));
      assertThat(up).as(job.name()).hasSize(1);
      assertThat(up.get(0).path("metric").path("cluster").asText()).as(job.name()).isEqualTo(DemoStack.CLUSTER);
    }
    List<String> health = stack.targetHealth();
    assertThat(health).hasSize(DemoStack.JOBS.size()).allMatch(h -> h.contains("=up"), "every target up");
  }

  @Test
  void nodeExporterStandsForTheCloudNode() throws Exception {
    JsonNode r = stack.awaitNonEmpty("node_cpu_seconds_total{job=\"node-exporter\"}", Duration.ofSeconds(30));
    assertThat(r.get(0).path("metric").path("node").asText()).isEqualTo(DemoStack.NODE_EXPORTER_NODE);
  }

  @Test
  void everyRuleFileOfTheRepositoryIsLoaded() throws Exception {
    JsonNode groups = stack.prometheus().api("/api/v1/rules").path("groups");
    java.util.Set<String> files = new java.util.TreeSet<>();
    groups.forEach(g -> files.add(g.path("file").asText()));
    assertThat(files).containsExactlyInAnyOrderElementsOf(
        DemoStack.ruleFiles().stream().map(java.nio.file.Path::toString).toList());
  }
}
