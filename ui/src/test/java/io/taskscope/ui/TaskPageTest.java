package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.core.Sample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskPageTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");
  static final String EVIL = "<script>alert(1)</script>";

  FakeClusterView view = new FakeClusterView()
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: IncrementalLearningJob
          metadata: {name: helmet-il, namespace: demo, creationTimestamp: "2025-11-20T07:00:00Z"}
          status:
            conditions:
            - {type: Waiting, status: "True", stage: Train, lastHeartbeatTime: "2025-11-20T07:00:05Z"}
            - {type: Running, status: "True", stage: Train, lastTransitionTime: "2025-11-20T07:10:00Z"}
            - {type: Completed, status: "True", stage: Train, lastTransitionTime: "2025-11-20T08:00:00Z"}
            - {type: Running, status: "True", stage: Eval, message: "evaluating round 1"}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: JointInferenceService
          metadata: {name: "<script>alert(1)</script>", namespace: demo, creationTimestamp: "2025-11-18T10:00:00Z"}
          status:
            conditions:
            - {type: Failed, status: "True", reason: "<b>bad</b>", message: "\\"><img src=x onerror=alert(1)>",
               lastTransitionTime: "2025-11-19T10:00:00Z"}
          """)
      .add("""
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: demo, creationTimestamp: "2025-11-20T09:00:00Z"}
          spec: {replicas: 2, selector: {matchLabels: {app: web}}}
          status: {readyReplicas: 1}
          """)
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: web-5d8f7c-abcde
            namespace: demo
            creationTimestamp: "2025-11-20T09:30:00Z"
            labels: {app: web}
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f7c, uid: u1, controller: true}]
          spec: {nodeName: node-a, containers: [{name: c, image: nginx}]}
          status:
            phase: Running
            conditions: [{type: Ready, status: "True"}]
            containerStatuses: [{name: c, restartCount: 3, ready: true, image: nginx, imageID: x}]
          """)
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: web-api-66b9-zzzzz
            namespace: demo
            labels: {app: web-api}
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-api-66b9, uid: u2, controller: true}]
          spec: {nodeName: node-b, containers: [{name: c, image: nginx}]}
          status: {phase: Running}
          """)
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: ji-edge-0
            namespace: demo
            creationTimestamp: "2025-11-20T09:59:00Z"
            labels:
              jointinferenceservice.sedna.io/name: "<script>alert(1)</script>"
              jointinferenceservice.sedna.io/worker-type: "\\"><img src=x onerror=alert(2)>"
          spec: {nodeName: edge-1, containers: [{name: c, image: x}]}
          status: {phase: Pending}
          """);

  StateHistory states = new StateHistory();
  MetricHistory metrics = new MetricHistory();

  TaskPage page(UiSettings settings) {
    return new TaskPage(view, () -> NOW, states, new ChartSection(null, metrics), settings);
  }

  @Test
  void timelineIsInOrderWithTaskScopesOwnChangesMerged() throws Exception {
    states.observe(Tasks.rows(view), Instant.parse("2025-11-20T07:30:00Z"));
    String html = page(UiSettings.NONE).page("IncrementalLearningJob/demo/helmet-il");
    assertThat(html).contains("<h1>helmet-il</h1>").contains("Eval · <span class=\"badge ok\">Running</span>")
        .contains(">3h<").contains("href=\"/ui/cr/IncrementalLearningJob/demo/helmet-il\"");
    String table = html.substring(html.indexOf("<table class=\"timeline\""));
    int waiting = table.indexOf("2025-11-20T07:00:05Z");
    int running = table.indexOf("2025-11-20T07:10:00Z");
    int seen = table.indexOf("seen by TaskScope");
    int completed = table.indexOf("2025-11-20T08:00:00Z</td>");
    int eval = table.indexOf("evaluating round 1");
    assertThat(waiting).isPositive().isLessThan(running);
    assertThat(running).isLessThan(seen);
    assertThat(seen).isLessThan(completed);
    assertThat(completed).isLessThan(eval);
    assertThat(html).contains("<ol class=\"strip\"").contains("class=\"seg ok seen\"").doesNotContain("style=");
  }

  @Test
  void clusterDataIsEscapedEverywhere() throws Exception {
    String html = page(new UiSettings(null, "https://grafana.example/", null))
        .page("JointInferenceService/demo/" + EVIL);
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>bad")
        .contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
        .contains("&lt;b&gt;bad&lt;/b&gt;")
        .contains("<span class=\"badge bad\">Failed</span>")
        .contains("https://grafana.example/d/taskscope-sedna-joint-inference?var-namespace=demo&amp;var-name="
            + "%3Cscript%3Ealert%281%29%3C%2Fscript%3E");
  }

  @Test
  void podsTableListsTheWorkloadsPodsOnly() throws Exception {
    String html = page(UiSettings.NONE).page("Deployment/demo/web");
    assertThat(html).contains("<td>web-5d8f7c-abcde</td>").doesNotContain("web-api-66b9-zzzzz")
        .contains("<td>node-a</td>").contains("<td class=\"num\">3</td>").contains("<td class=\"num\">30m</td>")
        .contains("href=\"/ui/logs?ns=demo&amp;pod=web-5d8f7c-abcde\"")
        .contains("1/2 ready").doesNotContain("grafana");
  }

  @Test
  void chartsCarryTheirDataAsEscapedJsonOrSayThereIsNone() throws Exception {
    String before = page(UiSettings.NONE).page("IncrementalLearningJob/demo/helmet-il");
    assertThat(before).contains("no data yet").doesNotContain("data-chart")
        .contains("resource usage comes from Prometheus (set ui.prometheus)");
    SeriesSource source = (family, sink) -> {
      if (family.test("sedna_task_iteration")) {
        sink.accept(Sample.of("sedna_task_iteration", 2, "namespace", "demo", "kind", "IncrementalLearningJob",
            "name", "helmet-il"));
      }
      if (family.test("sedna_task_latest_eval_metric")) {
        for (String[] m : new String[][] {{"new", "0.8"}, {"new", "0.6"}, {"old", "0.5"}}) {
          sink.accept(Sample.of("sedna_task_latest_eval_metric", Double.parseDouble(m[1]), "namespace", "demo",
              "kind", "IncrementalLearningJob", "name", "helmet-il", "model", m[0], "metric", "precision"));
        }
      }
    };
    metrics.sample(view, source, NOW.minusSeconds(15));
    metrics.sample(view, source, NOW);
    String html = page(UiSettings.NONE).page("IncrementalLearningJob/demo/helmet-il");
    long t = NOW.getEpochSecond();
    assertThat(html).contains("<div class=\"chart\" role=\"img\" aria-label=\"Iterations (train runs)\" data-chart=\""
        + "{&quot;x&quot;:[" + (t - 15) + "," + t + "],&quot;series&quot;:[{&quot;label&quot;:&quot;from the CR"
        + "&quot;,&quot;color&quot;:&quot;#0b5cad&quot;,&quot;values&quot;:[2.0,2.0]}");
    assertThat(html).contains("&quot;label&quot;:&quot;new precision&quot;,&quot;color&quot;:&quot;#0b5cad&quot;,"
        + "&quot;values&quot;:[0.7,0.7]").contains("&quot;values&quot;:[0.5,0.5]");
    String web = page(UiSettings.NONE).page("Deployment/demo/web");
    assertThat(web).contains("aria-label=\"Workers ready\"").contains("&quot;values&quot;:[1.0,1.0]")
        .contains("&quot;values&quot;:[3.0,3.0]");
  }

  @Test
  void withoutPrometheusResourceChartsComeFromMemoryWhenAResourceSourceFedIt() throws Exception {
    ResourceSource exporters15s = ResourceUsageTest.exporters(103, 51.5, 1450);
    metrics.sample(view, SeriesSource.NONE, ResourceUsageTest.exporters(100, 50, 1000), NOW.minusSeconds(15));
    metrics.sample(view, SeriesSource.NONE, exporters15s, NOW);
    String web = page(UiSettings.NONE).page("Deployment/demo/web");
    long t = NOW.getEpochSecond();
    assertThat(web).contains("<div class=\"chart\" role=\"img\" aria-label=\"CPU\" data-chart=\""
        + "{&quot;x&quot;:[" + (t - 15) + "," + t + "],&quot;series&quot;:[{&quot;label&quot;:&quot;cpu"
        + "&quot;,&quot;color&quot;:&quot;#0b5cad&quot;,&quot;values&quot;:[null,30.0]}")
        .contains("aria-label=\"Power\"").contains("&quot;values&quot;:[150.0,150.0]")
        .contains("from TaskScope&#39;s memory (sampled every 15 s)")
        .doesNotContain("resource usage comes from Prometheus");
    // a task without resource samples keeps the hint
    assertThat(page(UiSettings.NONE).page("IncrementalLearningJob/demo/helmet-il"))
        .contains("resource usage comes from Prometheus (set ui.prometheus)");
  }

  @Test
  void unknownKindOrNameIsNotFound() {
    assertThatThrownBy(() -> page(UiSettings.NONE).page("JointInferenceService/demo/nope"))
        .isInstanceOf(OpsUi.NotFound.class).hasMessage("no JointInferenceService named nope in namespace demo");
    assertThatThrownBy(() -> page(UiSettings.NONE).page("Gizmo/demo/web")).isInstanceOf(OpsUi.NotFound.class)
        .hasMessageStartingWith("no kind Gizmo");
    assertThatThrownBy(() -> page(UiSettings.NONE).page("Deployment/demo")).isInstanceOf(OpsUi.NotFound.class);
    OpsUi ui = new OpsUi(view, () -> NOW);
    try {
      assertThat(ui.suggestions("helmet")).extracting(TaskRow::name).containsExactly("helmet-il");
    } finally {
      ui.close();
    }
  }

  @Test
  void rendersQuickly() throws Exception {
    TaskPage p = page(UiSettings.NONE);
    for (int i = 0; i < 20; i++) {
      p.page("IncrementalLearningJob/demo/helmet-il");
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      p.page("Deployment/demo/web");
    }
    assertThat((System.nanoTime() - t0) / 100 / 1_000_000).isLessThan(50);
  }
}
