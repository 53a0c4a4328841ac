package io.taskscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.taskscope.demo.DemoCluster;
import io.taskscope.server.Demo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo, scraped by a real Prometheus (Debian's package, on a free loopback port): every CRD-level seed metric has
 * data for every task kind that can have it, every row of docs/metrics.md has data, and a task's stage change shows up
 * in Prometheus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoInPrometheusTest {
  /** The Sedna kinds that are tasks (Dataset and Model are not). */
  static final List<String> TASK_KINDS = List.of("JointInferenceService", "IncrementalLearningJob",
      "FederatedLearningJob", "LifelongLearningJob", "ObjectSearchService", "ObjectTrackingService",
      "FeatureExtractionService", "ReidJob", "VideoAnalyticsJob");

  /**
   * Which kinds each CRD-level seed metric must show. CompletionTime exists only where Sedna's controllers set it
   * (FL, ReID and video analytics jobs; the IL/LL controllers never do, JI-style services have no such field).
   */
  static final Map<String, List<String>> KINDS_PER_SEED = Map.of(
      "StageConditionStatus", TASK_KINDS,
      "StartTime", TASK_KINDS,
      "CompletionTime", List.of("FederatedLearningJob", "ReidJob", "VideoAnalyticsJob"));

  private Demo demo;
  private DemoCluster cluster;
  private PrometheusProcess prometheus;
  private MetricsDoc doc;

  @BeforeAll
  void start() throws Exception {
    doc = MetricsDoc.load();
    demo = Demo.start(Demo.Settings.forTest());
    cluster = demo.cluster();
    for (int i = 0; i < 20; i++) {
      cluster.simulator().step(); // let tasks advance, complete and fail before Prometheus looks
      demo.stepWorkers(); // and their workers report what they do
    }
    for (int i = 0; i < 3; i++) {
      demo.stepKnowledgeBase(); // the KB server uploads samples and evaluates models
    }
    prometheus = PrometheusProcess.start("127.0.0.1:" + demo.server().port(), ruleFiles());
    awaitTrue(() -> prometheus.query("up{job=\"taskscope\"} == 1").size() == 1, Duration.ofSeconds(30),
        "Prometheus scraping TaskScope");
  }

  /** The shipped recording rules, so derived series documented in docs/metrics.md are checked too. */
  static java.nio.file.Path[] ruleFiles() throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of("..", "deploy", "prometheus", "rules");
    if (!java.nio.file.Files.isDirectory(dir)) {
      return new java.nio.file.Path[0];
    }
    try (var files = java.nio.file.Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toArray(java.nio.file.Path[]::new);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void scrapeIsHealthyInOpenMetrics() throws Exception {
    JsonNode t = prometheus.targets().get(0);
    assertThat(t.path("health").asText()).as("target health, last error: %s", t.path("lastError").asText())
        .isEqualTo("up");
  }

  @Test
  void everyCrdLevelSeedMetricHasDataForEveryTaskKind() throws Exception {
    for (Map.Entry<String, List<String>> e : KINDS_PER_SEED.entrySet()) {
      String series = doc.bySeed(e.getKey()).series();
      Set<String> want = new TreeSet<>(e.getValue());
      awaitTrue(() -> kindsWithData(series).containsAll(want), Duration.ofSeconds(30),
          e.getKey() + " (" + series + ") for kinds " + want);
    }
    String sampleNum = doc.bySeed("SampleNum").series();
    awaitTrue(() -> !kindsWithData(sampleNum).isEmpty(), Duration.ofSeconds(30), "SampleNum " + sampleNum);
  }

  @Test
  void everyDocumentedSeriesHasData() throws Exception {
    assertThat(doc.rows()).hasSizeGreaterThan(10);
    List<String> missing = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (MetricsDoc.Row row : doc.rows()) {
      while (true) {
        if (prometheus.query("count({__name__=\"" + row.series() + "\"})").size() > 0) {
          break;
        }
        if (System.nanoTime() > deadline) {
          missing.add(row.seed() + " -> " + row.series());
          break;
        }
        Thread.sleep(500);
      }
    }
    assertThat(missing).as("documented series without data in Prometheus").isEmpty();
  }

  @Test
  void stageChangeOfATaskShowsUpInPrometheus() throws Exception {
    String series = doc.bySeed("StageConditionStatus").series();
    var jobs = cluster.client().genericKubernetesResources("sedna.io/v1alpha1", "IncrementalLearningJob")
        .inNamespace("demo").list().getItems();
    assertThat(jobs).isNotEmpty();
    GenericKubernetesResource job = jobs.get(0);
    String name = job.getMetadata().getName();
    String before = lastCondition(job);
    String selector = series + "{kind=\"IncrementalLearningJob\",namespace=\"demo\",name=\"" + name + "\"} == 1";
    awaitTrue(() -> stateIn(prometheus.query(selector)).equals(before), Duration.ofSeconds(30),
        "Prometheus showing " + name + " at " + before);

    String after = before;
    for (int i = 0; i < 20 && after.equals(before); i++) {
      cluster.simulator().step();
      after = lastCondition(cluster.client().genericKubernetesResources("sedna.io/v1alpha1", "IncrementalLearningJob")
          .inNamespace("demo").withName(name).get());
    }
    assertThat(after).as("the simulator moves the job on").isNotEqualTo(before);
    String expected = after;
    awaitTrue(() -> stateIn(prometheus.query(selector)).equals(expected), Duration.ofSeconds(30),
        "Prometheus showing " + name + " at " + expected);
  }

  @SuppressWarnings("unchecked")
  private static String lastCondition(GenericKubernetesResource job) {
    Map<String, Object> status = (Map<String, Object>) job.getAdditionalProperties().get("status");
    List<Map<String, Object>> conds = (List<Map<String, Object>>) status.get("conditions");
    Map<String, Object> last = conds.get(conds.size() - 1);
    return last.get("stage") + "/" + last.get("type");
  }

  private static String stateIn(JsonNode result) {
    if (result.size() != 1) {
      return "(" + result.size() + " series)";
    }
    JsonNode m = result.get(0).path("metric");
    return m.path("stage").asText() + "/" + m.path("type").asText();
  }

  private Set<String> kindsWithData(String series) throws Exception {
    Set<String> kinds = new TreeSet<>();
    for (JsonNode r : prometheus.query("count by (kind) ({__name__=\"" + series + "\"})")) {
      kinds.add(r.path("metric").path("kind").asText());
    }
    return kinds;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")"));
  }
}
