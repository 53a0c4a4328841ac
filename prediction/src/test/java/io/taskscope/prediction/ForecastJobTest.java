package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.forecast.history.HistoryException;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.MetadataServiceOptions;
import io.taskscope.kg.Ontology;
import io.taskscope.prediction.RunReport.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastJobTest {
  static final JobOptions OPTIONS = new JobOptions(Duration.ofDays(4), Duration.ofMinutes(30), Duration.ofHours(24),
      2, Set.of("energy_joules"), JobOptions.DEFAULTS.http(), Duration.ofDays(7));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:20:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;
  MetadataService ms;
  Histories prometheus = new Histories();

  @BeforeEach
  void open() {
    ms = MetadataService.open(dir.resolve("kg"), MetadataServiceOptions.defaults());
  }

  @AfterEach
  void close() {
    ms.close();
  }

  ForecastService service() {
    return service(CLOCK);
  }

  ForecastService service(Clock clock) {
    TargetDiscovery discovery = new TargetDiscovery(GraphQuery.embedded(ms),
        url -> url.equals(Graphs.OPTS.prometheusUrl()));
    GraphForecastStore store = new GraphForecastStore(ms);
    return new ForecastService(new ForecastJob(discovery, url -> prometheus, store, OPTIONS, clock), store, clock);
  }

  @Test
  void forecastsOfAWorkloadGoneFromTheGraphsAreDeletedOnceOlderThanTheRetention() throws Exception {
    Graphs.putWorkload(ms, "ml", "trainer");
    var gone = Graphs.putWorkload(ms, "ml", "old-job");
    service().runAndWait("schedule", null, null, ForecastJob.Listener.NONE).orElseThrow();
    String goneCpu = "edge-dc-1/ml/Deployment/old-job/cpu_usage";
    assertThat(new GraphForecastStore(ms).targetIds()).contains(goneCpu).hasSize(12);
    ms.delete(gone); // the Deployment was deleted from the cluster

    // six days later: gone from the graphs, but younger than the 7-day retention: still served
    ForecastService sixDays = service(Clock.offset(CLOCK, Duration.ofDays(6)));
    sixDays.runAndWait("schedule", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(sixDays.forecast(goneCpu)).isPresent();
    // a run of one target never deletes the others
    ForecastService later = service(Clock.offset(CLOCK, Duration.ofDays(8)));
    later.runAndWait("api", "edge-dc-1/ml/Deployment/trainer/cpu_usage",
        id -> id.equals("edge-dc-1/ml/Deployment/trainer/cpu_usage"), ForecastJob.Listener.NONE).orElseThrow();
    assertThat(later.forecast(goneCpu)).isPresent();
    // a full run eight days on deletes the 6 forecasts of old-job (stored and in memory); trainer's were refreshed
    List<String> pruned = new java.util.ArrayList<>();
    RunReport r = later.runAndWait("schedule", null, null, new ForecastJob.Listener() {
      @Override
      public void pruned(String targetId) {
        pruned.add(targetId);
      }
    }).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.SUCCEEDED);
    assertThat(pruned).hasSize(6).allMatch(id -> id.startsWith("edge-dc-1/ml/Deployment/old-job/"));
    assertThat(later.forecast(goneCpu)).isEmpty();
    assertThat(later.targetIds()).hasSize(6).allMatch(id -> id.contains("/trainer/"));
    assertThat(new GraphForecastStore(ms).targetIds()).hasSize(6).noneMatch(id -> id.contains("old-job"));
    assertThat(ms.list()).noneMatch(id -> id.startsWith("forecasts/edge-dc-1/ml/Deployment/old-job"));
  }

  @Test
  void forecastsEveryMetricTheGraphsName() throws Exception {
    Graphs.putWorkload(ms, "ml", "trainer");
    ForecastService s = service();
    RunReport r = s.runAndWait("cli", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.SUCCEEDED);
    assertThat(r.outcomes()).extracting(RunReport.TargetOutcome::metric).containsExactlyInAnyOrder("cpu_usage",
        "mem_usage", "disk_usage", "network_usage", "energy_joules", "gpu_usage");
    assertThat(prometheus.queries).contains("workload:cpu_usage:percent{cluster=\"edge-dc-1\",namespace=\"ml\","
        + "workload_type=\"Deployment\",workload=\"trainer\"}");
    String id = "edge-dc-1/ml/Deployment/trainer/cpu_usage";
    StoredForecast f = s.forecast(id).orElseThrow();
    assertThat(f.horizon()).isEqualTo(48);
    assertThat(f.history()).hasSize(4 * 48 + 1);
    assertThat(f.forecastStart()).isEqualTo(Instant.parse("2026-12-05T10:30:00Z"));
    assertThat(f.candidates()).isNotEmpty();
    for (int i = 0; i < f.horizon(); i++) {
      assertThat(f.lower95()[i]).isLessThanOrEqualTo(f.lower80()[i]);
      assertThat(f.lower80()[i]).isLessThanOrEqualTo(f.point()[i]);
      assertThat(f.upper80()[i]).isLessThanOrEqualTo(f.upper95()[i]);
    }
    assertThat(s.forecast("edge-dc-1/ml/Deployment/trainer/energy_joules").orElseThrow().notes())
        .contains("counter: forecast as increase per step");
    // the forecast node is in the Metadata Service, linked from the metric node, and conforms to its shape
    assertThat(ms.selectJson("PREFIX ts: <https://taskscope.io/ontology/kg#> SELECT ?f WHERE { GRAPH ?a { ?r "
        + "ts:hasTelemetry/ts:hasData/ts:hasMetric ?m . ?m ts:metricName \"cpu_usage\" } GRAPH ?b { ?m "
        + "ts:hasForecast ?f . ?f ts:forecastModel ?model } }")).contains("trainer.Telemetry.Metrics.cpu_usage.Forecast");
    var report = Ontology.validate(GraphForecastStore.graph(f));
    assertThat(report.conforms()).as(Ontology.describe(report)).isTrue();
    assertThat(s.targetStates()).containsEntry(Outcome.OK, 6).containsEntry(Outcome.FAILED, 0);
  }

  @Test
  void aFailedRunKeepsThePreviousForecastsAndARestartServesThem() {
    Graphs.putWorkload(ms, "ml", "trainer");
    ForecastService s = service();
    s.runAndWait("schedule", null, null, ForecastJob.Listener.NONE).orElseThrow();
    String id = "edge-dc-1/ml/Deployment/trainer/mem_usage";
    StoredForecast before = s.forecast(id).orElseThrow();
    prometheus.failure = q -> new HistoryException(HistoryException.Kind.UNAVAILABLE, "connection refused");
    RunReport r = s.runAndWait("retry", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.FAILED);
    assertThat(r.reason()).contains("no forecast stored").contains("UNAVAILABLE: connection refused")
        .contains("6 targets");
    assertThat(r.outcomes()).allMatch(o -> o.outcome() == Outcome.FAILED);
    assertThat(s.forecast(id)).containsSame(before);
    assertThat(s.targetStates()).containsEntry(Outcome.FAILED, 6);
    ForecastService restarted = service();
    assertThat(restarted.forecast(id).orElseThrow().point()).containsExactly(before.point());
    assertThat(restarted.targetIds()).hasSize(6);
    assertThat(restarted.lastSuccess()).contains(before.createdAt());
  }

  @Test
  void aRunWithSomeTargetsFailedIsPartial() {
    Graphs.putWorkload(ms, "ml", "trainer");
    prometheus.failure = q -> q.startsWith("workload:gpu_usage")
        ? new HistoryException(HistoryException.Kind.UNAVAILABLE, "503 after 3 attempts") : null;
    RunReport r = service().runAndWait("schedule", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.PARTIAL);
    assertThat(r.reason()).isEqualTo("1 of 6 targets failed: http://prometheus.monitoring:9090: UNAVAILABLE: 503 "
        + "after 3 attempts");
  }

  @Test
  void theRunReasonGroupsReasonsByKindNotByTheirWholeText() {
    Graphs.putWorkload(ms, "ml", "trainer");
    Graphs.putMetric(ms, "hand/a", "cpu_usage", "sum(rate(x[5m]))", Graphs.OPTS.prometheusUrl());
    // worded as PrometheusHistory words it: each target's NO_DATA names its own query, so no two texts are equal
    prometheus.failure = q -> q.startsWith("workload:cpu_usage") ? null
        : new HistoryException(HistoryException.Kind.NO_DATA, "no series for " + q + " in the range");
    RunReport r = service().runAndWait("api", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.SUCCEEDED);
    assertThat(r.reason()).startsWith("6 targets skipped: http://prometheus.monitoring:9090: NO_DATA: no series for ")
        .endsWith(" in the range (5 targets with NO_DATA)");

    assertThat(ForecastJob.reasonKind("http://p:9090: UNAVAILABLE: Prometheus at p:9090 failed 3 attempt(s), last: "
        + "ConnectException")).isEqualTo("http://p:9090: UNAVAILABLE");
    assertThat(ForecastJob.reasonKind("invalid PromQL: not a single PromQL selector: expected the end"))
        .isEqualTo("invalid PromQL");
    assertThat(ForecastJob.reasonKind("datasource http://a:9090 is not in forecast.datasources"))
        .isEqualTo("datasource http://a:9090 is not in forecast.datasources");
  }

  @Test
  void badTargetsAreSkippedWithTheirReasonAndInjectionStaysALabelValue() {
    String prom = Graphs.OPTS.prometheusUrl();
    Graphs.putMetric(ms, "hand/a", "cpu_usage", "sum(rate(x[5m]))", prom);
    Graphs.putMetric(ms, "hand/b", "cpu_usage", "up{job=\"x\"}", "http://attacker.example:9090");
    Graphs.putMetric(ms, "hand/c", "cpu_usage", "up{job=\"x\"}", "file:///etc/passwd");
    Graphs.putMetric(ms, "hand/d", "cpu_usage", "workload:cpu_usage:percent{workload=\"\\\"} or vector(1) or "
        + "x{a=\\\"\"}", prom);
    Graphs.putMetric(ms, "hand/e", "unknown_metric", "no_such_series{a=\"b\"}", prom);
    prometheus.failure = q -> q.startsWith("no_such_series")
        ? new HistoryException(HistoryException.Kind.NO_DATA, "the query selected no series") : null;
    RunReport r = service().runAndWait("api", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.SUCCEEDED);
    assertThat(r.reason()).startsWith("4 targets skipped: ");
    assertThat(r.outcomes()).filteredOn(o -> o.targetId().equals("hand/a/cpu_usage")).singleElement()
        .satisfies(o -> assertThat(o.reason()).startsWith("invalid PromQL"));
    assertThat(r.outcomes()).filteredOn(o -> o.targetId().equals("hand/b/cpu_usage")).singleElement()
        .satisfies(o -> assertThat(o.reason()).contains("not in forecast.datasources"));
    assertThat(r.outcomes()).filteredOn(o -> o.targetId().equals("hand/c/cpu_usage")).singleElement()
        .satisfies(o -> assertThat(o.reason()).contains("must be http(s)"));
    assertThat(r.outcomes()).filteredOn(o -> o.targetId().equals("hand/e/unknown_metric")).singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED))
        .satisfies(o -> assertThat(o.reason()).contains("NO_DATA"));
    assertThat(r.outcomes()).filteredOn(o -> o.outcome() == Outcome.OK).extracting(RunReport.TargetOutcome::targetId)
        .containsExactly("hand/d/cpu_usage");
    // only the two allowed datasources' selectors were sent, the injected one as one escaped label value
    assertThat(prometheus.queries).containsExactlyInAnyOrder(
        "workload:cpu_usage:percent{workload=\"\\\"} or vector(1) or x{a=\\\"\"}", "no_such_series{a=\"b\"}");
  }

  @Test
  void aFilterRunsOneTargetAndAnUnknownOneFailsTheRun() {
    Graphs.putWorkload(ms, "ml", "trainer");
    ForecastService s = service();
    String id = "edge-dc-1/ml/Deployment/trainer/gpu_usage";
    RunReport one = s.runAndWait("cli", id, id::equals, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(one.outcomes()).extracting(RunReport.TargetOutcome::targetId).containsExactly(id);
    assertThat(s.targetIds()).containsExactly(id);
    RunReport none = s.runAndWait("cli", "nope", "nope"::equals, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(none.state()).isEqualTo(RunReport.State.FAILED);
    assertThat(none.reason()).isEqualTo("no target nope in the knowledge graphs");
  }

  @Test
  void unreadableGraphsFailTheRun() {
    TargetDiscovery broken = new TargetDiscovery(sparql -> {
      throw new java.io.IOException("connection refused");
    }, url -> true);
    GraphForecastStore store = new GraphForecastStore(ms);
    ForecastService s = new ForecastService(new ForecastJob(broken, url -> prometheus, store, OPTIONS, CLOCK), store,
        CLOCK);
    RunReport r = s.runAndWait("schedule", null, null, ForecastJob.Listener.NONE).orElseThrow();
    assertThat(r.state()).isEqualTo(RunReport.State.FAILED);
    assertThat(r.reason()).isEqualTo("cannot read the knowledge graphs: connection refused");
  }

  @Test
  void oneRunAtATime() throws Exception {
    Graphs.putWorkload(ms, "ml", "trainer");
    ForecastService s = service();
    var first = s.runNow("api", null);
    assertThat(first.alreadyRunning()).isFalse();
    var second = s.runNow("api", null);
    if (second.alreadyRunning()) {
      assertThat(second.run().id()).isEqualTo(first.run().id());
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (s.running().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(s.lastRun()).isPresent();
  }
}
