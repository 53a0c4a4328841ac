package io.taskscope.e2e.forecast;

import static io.taskscope.e2e.forecast.ForecastOutputs.awaitMetrics;
import static io.taskscope.e2e.forecast.ForecastOutputs.checkChart;
import static io.taskscope.e2e.forecast.ForecastOutputs.checkForecast;
import static io.taskscope.e2e.forecast.ForecastOutputs.checkUpstream;
import static io.taskscope.e2e.forecast.ForecastOutputs.forecast;
import static io.taskscope.e2e.forecast.ForecastOutputs.list;
import static io.taskscope.e2e.forecast.ForecastOutputs.plausibleRange;
import static io.taskscope.e2e.forecast.ForecastOutputs.point;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The prediction service end to end, as it runs for users: a mock Kubernetes API with one Deployment and one Node, a
 * real Prometheus backfilled with 14 days of the recording-rule series the knowledge graphs point at, {@code
 * bin/taskscope serve} rendering the graphs and serving the forecasts, {@code bin/taskscope forecast --server} running
 * the job. Checks every output (API, chart, GLACIATION's shape, /metrics, the graph link), hostile and invalid graph
 * queries, a run with Prometheus gone, and a restart on the same data directory.
 */
class ForecastE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TS = "https://taskscope.io/ontology/kg#";
  private static final String WORKLOAD = "edge-dc-1/ml/Deployment/trainer";
  private static final String CPU = WORKLOAD + "/cpu_usage";
  private static final String INJECTED = "hand/injected/cpu_usage";
  private static final String INVALID = "hand/invalid/cpu_usage";
  /** A label value holding {@code "} or vector(1) or x{a="}, properly escaped. */
  private static final String HOSTILE = "workload:cpu_usage:percent{workload=\"\\\"} or vector(1) or x{a=\\\"\"}";
  /** The four series backfilled, by target id (the other metrics of the graphs have no data). */
  private static final Map<String, String> OK = new LinkedHashMap<>();

  static {
    OK.put(CPU, "cpu_usage");
    OK.put(WORKLOAD + "/mem_usage", "mem_usage");
    OK.put(WORKLOAD + "/energy_joules", "energy_joules");
    OK.put("edge-dc-1/Node/edge-1/cpu_usage", "node_cpu_usage");
  }

  private static final Pattern RUN_LINE = Pattern.compile(
      "run (\\d+) (\\w+): (\\d+) ok, (\\d+) failed, (\\d+) skipped");

  @Test
  void forecastsFromTheGraphsThroughEveryOutputSurviveAnOutageAndARestart() throws Exception {
    long t0 = System.nanoTime();
    try (ForecastStack stack = new ForecastStack();
        BackfilledPrometheus prom = BackfilledPrometheus.start(Instant.now())) {
      stack.startServe(prom.base());
      for (String sg : List.of(WORKLOAD, "edge-dc-1/Node/edge-1", "edge-dc-1/GNode/edge-dc-1")) {
        stack.await("/subgraph/" + sg, Duration.ofSeconds(60));
      }
      putHandGraphs(stack, prom.base());
      int rows = telemetryMetrics(stack);
      int skipped = rows - OK.size();
      System.out.printf("forecast e2e: stack up after %d ms, %d telemetry metrics in the graphs%n", ms(t0), rows);

      // a graph-reader may not start a run: exit 2 with the server's 403, and nothing ran
      ForecastStack.Cli refused = stack.cli("forecast", "--server", stack.base(), "--token", ForecastStack.READER);
      assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
      assertThat(refused.err()).contains("403");
      assertThat(list(stack).path("lastRun").isNull()).isTrue();

      // ---------------------------------------------------------------- run 1: Prometheus up
      ForecastStack.Cli run1 = stack.cli("forecast", "--server", stack.base(), "--token", ForecastStack.WRITER);
      System.out.printf("forecast e2e: run 1 finished after %d ms%n", ms(t0));
      assertThat(run1.exit()).as("stdout %s stderr %s", run1.out(), run1.err()).isZero();
      System.out.printf("forecast e2e: run 1 stderr: %s%n", run1.err().strip());
      assertThat(run1.out().strip()).isEqualTo("run 1 succeeded: %d ok, 0 failed, %d skipped", OK.size(), skipped);
      // the run's reason: its commonest kind of reason with how many targets share it (all but the invalid query)
      assertThat(run1.err()).contains("reason: " + skipped + " targets skipped: " + prom.base() + ": NO_DATA: ")
          .contains("(" + (skipped - 1) + " targets with NO_DATA)");

      JsonNode list = list(stack);
      assertThat(list.path("lastRun").path("state").asText()).isEqualTo("SUCCEEDED");
      List<String> ids = new ArrayList<>();
      list.path("targets").forEach(t -> {
        ids.add(t.path("id").asText());
        assertThat(t.path("state").path("outcome").asText()).as(t.toString()).isEqualTo("ok");
      });
      assertThat(ids).containsExactlyInAnyOrderElementsOf(OK.keySet());

      Map<String, JsonNode> before = new LinkedHashMap<>();
      for (var e : OK.entrySet()) {
        JsonNode f = checkForecast(stack, e.getKey(), plausibleRange(prom, e.getValue()));
        before.put(e.getKey(), f);
        System.out.printf("forecast e2e: %s model %s (%s)%n", e.getKey(), f.path("model").asText(),
            f.path("reason").asText());
        checkChart(stack, e.getKey());
        checkUpstream(stack, e.getKey());
      }

      // the counter is forecast as increase per step, its reset rebuilt rather than read as a drop
      assertThat(before.get(WORKLOAD + "/energy_joules").path("notes").toString())
          .contains("counter: forecast as increase per step").contains("1 counter resets rebuilt");
      assertThat(before.get(CPU).path("notes").toString()).doesNotContain("counter");

      Map<String, Double> metrics = awaitMetrics(stack, m -> m.containsKey(point(CPU)));
      for (String id : OK.keySet()) {
        assertThat(metrics).containsKey(point(id));
        assertThat(metrics.get(point(id))).isEqualTo(before.get(id).path("forecast").path("point").get(11)
            .asDouble()); // 1 h ahead = the 12th 5-minute step
      }
      assertThat(metrics).containsKey("taskscope_forecast_last_success_timestamp_seconds");
      assertThat(metrics.get("taskscope_forecast_targets{state=\"ok\"}")).isEqualTo(OK.size());
      assertThat(metrics.get("taskscope_forecast_targets{state=\"skipped\"}")).isEqualTo(skipped);
      assertThat(metrics.get("taskscope_forecast_targets{state=\"failed\"}")).isZero();

      checkGraphLink(stack);

      // skipped targets are not in the API (it lists stored forecasts): the serve log says why, per target
      String log = stack.serveLog();
      assertThat(stack.get("/api/v1/forecasts/" + INJECTED, ForecastStack.READER).statusCode()).isEqualTo(404);
      assertThat(stack.get("/api/v1/forecasts/" + INVALID, ForecastStack.READER).statusCode()).isEqualTo(404);
      assertThat(targetLine(log, 1, INJECTED)).contains("outcome=skipped").contains("NO_DATA")
          .contains(HOSTILE.replace("\\", "\\\\").replace("\"", "\\\"")); // as sent, log-escaped
      assertThat(targetLine(log, 1, INVALID)).contains("outcome=skipped").contains("reason=\"invalid PromQL");
      assertThat(targetLine(log, 1, WORKLOAD + "/gpu_usage")).contains("outcome=skipped").contains("NO_DATA");

      // ---------------------------------------------------------------- run 2: Prometheus gone
      prom.close();
      long t2 = System.nanoTime();
      ForecastStack.Cli run2 = stack.cli("forecast", "--server", stack.base(), "--token", ForecastStack.WRITER);
      System.out.printf("forecast e2e: run 2 (Prometheus down) took %d ms%n", ms(t2));
      assertThat(run2.exit()).as("stdout %s stderr %s", run2.out(), run2.err()).isEqualTo(1);
      Matcher m2 = RUN_LINE.matcher(run2.out().strip());
      assertThat(m2.matches()).as(run2.out()).isTrue();
      assertThat(m2.group(1)).isEqualTo("2");
      assertThat(m2.group(2)).isEqualTo("failed");
      assertThat(Integer.parseInt(m2.group(3))).isZero();
      assertThat(Integer.parseInt(m2.group(4))).isEqualTo(rows - 1); // all but the invalid query reach Prometheus
      assertThat(Integer.parseInt(m2.group(5))).isEqualTo(1);
      assertThat(run2.err()).contains("no forecast stored").contains("UNAVAILABLE").contains("ConnectException")
          .contains("(" + (rows - 1) + " targets");
      assertThat(list(stack).path("lastRun").path("reason").asText()).contains("UNAVAILABLE");

      for (String id : OK.keySet()) {
        JsonNode now = forecast(stack, id);
        assertThat(now.path("createdAt")).isEqualTo(before.get(id).path("createdAt"));
        assertThat(now.path("forecast")).isEqualTo(before.get(id).path("forecast"));
        assertThat(now.path("state").path("outcome").asText()).isEqualTo("failed");
        assertThat(now.path("state").path("reason").asText()).contains("UNAVAILABLE");
      }
      Map<String, Double> afterOutage = awaitMetrics(stack,
          m -> m.getOrDefault("taskscope_forecast_targets{state=\"failed\"}", 0.0) > 0);
      assertThat(afterOutage.get("taskscope_forecast_targets{state=\"failed\"}")).isEqualTo(rows - 1);
      assertThat(afterOutage.get(point(CPU))).isEqualTo(metrics.get(point(CPU)));
      assertThat(stack.get("/-/healthy", null).statusCode()).isEqualTo(200);
      assertThat(stack.serveAlive()).isTrue();

      // ---------------------------------------------------------------- restart on the same data directory
      stack.stopServe();
      long t3 = System.nanoTime();
      stack.startServe(prom.base());
      System.out.printf("forecast e2e: serve restarted in %d ms%n", ms(t3));
      JsonNode relisted = list(stack);
      List<String> again = new ArrayList<>();
      relisted.path("targets").forEach(t -> again.add(t.path("id").asText()));
      assertThat(again).containsExactlyInAnyOrderElementsOf(OK.keySet());
      for (String id : OK.keySet()) {
        JsonNode now = forecast(stack, id);
        assertThat(now.path("createdAt")).isEqualTo(before.get(id).path("createdAt"));
        assertThat(now.path("forecast")).isEqualTo(before.get(id).path("forecast"));
        checkUpstream(stack, id);
      }
      assertThat(awaitMetrics(stack, m -> m.containsKey(point(CPU))).get(point(CPU)))
          .isEqualTo(metrics.get(point(CPU)));
    }
    System.out.printf("forecast e2e: %d ms in all%n", ms(t0));
  }

  // ==================================================================== graphs

  /**
   * Two hand-made telemetry graphs on the allowed Prometheus: one whose label value tries to close the selector and
   * add {@code or vector(1)} (on a real Prometheus the escaped selector selects nothing: NO_DATA; unescaped it would
   * answer 1 everywhere and be {@code ok}), one with a function call, refused as invalid PromQL before any request.
   */
  private static void putHandGraphs(ForecastStack stack, String prometheus) throws Exception {
    for (String[] g : new String[][] {{"hand/injected", HOSTILE}, {"hand/invalid", "sum(rate(x[5m]))"}}) {
      String r = "urn:" + g[0].replace('/', ':');
      String nt = String.join("\n",
          triple(r, "hasTelemetry", "<" + r + ".T>"),
          triple(r + ".T", "hasData", "<" + r + ".T.M>"),
          "<" + r + ".T.M> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" + TS + "MetricsData> .",
          triple(r + ".T.M", "hasDatasource", "<" + r + ".ds>"),
          triple(r + ".T.M", "hasMetric", "<" + r + ".T.M.cpu>"),
          triple(r + ".T.M.cpu", "metricName", "\"cpu_usage\""),
          triple(r + ".T.M.cpu", "promQuery", literal(g[1])),
          triple(r + ".ds", "datasourceType", "\"prometheus\""),
          triple(r + ".ds", "url", "<" + prometheus + ">")) + "\n";
      HttpResponse<String> put = stack.put("/subgraph/" + g[0], "application/n-triples", nt, ForecastStack.WRITER);
      assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }
  }

  private static String triple(String s, String p, String o) {
    return "<" + s + "> <" + TS + p + "> " + o + " .";
  }

  private static String literal(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Telemetry metrics on a Prometheus datasource in all graphs, as the job's discovery reads them. */
  private static int telemetryMetrics(ForecastStack stack) throws Exception {
    HttpResponse<String> r = stack.sparql("PREFIX ts: <" + TS + ">\nSELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT "
        + "?g ?name WHERE { GRAPH ?g { ?r ts:hasTelemetry ?t . ?t ts:hasData ?md . ?md a ts:MetricsData ; "
        + "ts:hasDatasource ?ds ; ts:hasMetric ?m . ?m ts:metricName ?name ; ts:promQuery ?q . "
        + "?ds ts:datasourceType \"prometheus\" } } }");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    int n = JSON.readTree(r.body()).path("results").path("bindings").get(0).path("n").path("value").asInt();
    assertThat(n).as("workload, node and GLACIATION node telemetry plus the two hand graphs").isGreaterThan(6);
    return n;
  }

  /** The workload's cpu metric node, found in its subgraph, links to a forecast node in another graph. */
  private static void checkGraphLink(ForecastStack stack) throws Exception {
    HttpResponse<String> r = stack.sparql("PREFIX ts: <" + TS + ">\nSELECT ?m ?f ?model ?id WHERE { GRAPH "
        + "<urn:taskscope:subgraph:" + WORKLOAD + "> { ?t ts:hasData ?md . ?md ts:hasMetric ?m . "
        + "?m ts:metricName \"cpu_usage\" } GRAPH ?fg { ?m ts:hasForecast ?f . ?f a ts:Forecast ; "
        + "ts:forecastModel ?model ; ts:targetId ?id } }");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode rows = JSON.readTree(r.body()).path("results").path("bindings");
    assertThat(rows.size()).as(r.body()).isEqualTo(1);
    assertThat(rows.get(0).path("id").path("value").asText()).isEqualTo(CPU);
    assertThat(rows.get(0).path("model").path("value").asText()).isEqualTo(forecast(stack, CPU).path("model")
        .asText());
  }

  /** The serve log's line for one target in one run. */
  private static String targetLine(String log, int run, String target) {
    String key = "event=forecast_target run=" + run + " target=" + target + " ";
    return log.lines().filter(l -> l.contains(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + key + " in the serve log:\n" + log));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
