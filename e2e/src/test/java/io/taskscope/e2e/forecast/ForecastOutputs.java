package io.taskscope.e2e.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

/** The prediction service's outputs as a user reads them, each checked for shape and sense. */
final class ForecastOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ForecastOutputs() {}

  static JsonNode list(ForecastStack stack) throws Exception {
    return JSON.readTree(stack.await("/api/v1/forecasts", Duration.ofSeconds(5)).body());
  }

  static JsonNode forecast(ForecastStack stack, String id) throws Exception {
    HttpResponse<String> r = stack.get("/api/v1/forecasts/" + id, ForecastStack.READER);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Values a forecast of this series may plausibly take: its range (per-step increase for the counter) ± half. */
  static double[] plausibleRange(BackfilledPrometheus prom, String series) {
    double[] v = prom.series.get(series);
    if (series.equals("energy_joules")) {
      v = BackfilledPrometheus.increases(v);
    }
    double min = Arrays.stream(v).min().orElseThrow();
    double max = Arrays.stream(v).max().orElseThrow();
    double margin = (max - min) / 2;
    return new double[] {min - margin, max + margin};
  }

  static JsonNode checkForecast(ForecastStack stack, String id, double[] range) throws Exception {
    JsonNode f = forecast(stack, id);
    assertThat(f.path("target").path("id").asText()).isEqualTo(id);
    assertThat(f.path("model").asText()).isNotBlank();
    assertThat(f.path("stepSeconds").asDouble()).isEqualTo(300.0);
    assertThat(f.path("candidates").size()).isPositive();
    f.path("candidates").forEach(c -> assertThat(c.has("smape")).as(c.toString()).isTrue());
    assertThat(f.path("candidates").findValues("smape")).anyMatch(JsonNode::isNumber);
    assertThat(f.path("state").path("outcome").asText()).isEqualTo("ok");
    JsonNode h = f.path("history").path("values");
    assertThat(h.size()).isEqualTo((int) (BackfilledPrometheus.LOOKBACK.dividedBy(BackfilledPrometheus.STEP) + 1));
    long present = 0;
    for (JsonNode x : h) {
      present += x.isNumber() ? 1 : 0;
    }
    assertThat(present).as("history samples read back").isGreaterThan(h.size() - 3);
    JsonNode fc = f.path("forecast");
    JsonNode point = fc.path("point");
    assertThat(point.size()).isEqualTo(288);
    for (int i = 0; i < point.size(); i++) {
      double p = point.get(i).asDouble();
      assertThat(point.get(i).isNumber()).as("%s point %d", id, i).isTrue();
      assertThat(p).as("%s point %d within the series' range %s", id, i, Arrays.toString(range))
          .isBetween(range[0], range[1]);
      assertThat(fc.path("lower95").get(i).asDouble()).as("%s lower95 %d", id, i).isLessThanOrEqualTo(p);
      assertThat(fc.path("upper95").get(i).asDouble()).as("%s upper95 %d", id, i).isGreaterThanOrEqualTo(p);
    }
    return f;
  }

  static void checkChart(ForecastStack stack, String id) throws Exception {
    HttpResponse<String> r = stack.get("/api/v1/forecasts/" + id + "/chart.svg", ForecastStack.READER);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
  }

  static void checkUpstream(ForecastStack stack, String id) throws Exception {
    HttpResponse<String> r = stack.get("/prediction/" + id, ForecastStack.READER);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode p = JSON.readTree(r.body());
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("metricId", "timeseries",
        "forecasting_values", "forecasting_upper_bounds", "forecasting_lower_bounds", "forecasting_model",
        "forecasting_period", "time", "aggregation_interval");
    assertThat(p.path("metricId").asText()).isEqualTo(id);
    assertThat(p.path("aggregation_interval").asInt()).isEqualTo(300);
    assertThat(p.path("forecasting_period").asInt()).isEqualTo(288);
    for (String a : List.of("forecasting_values", "forecasting_upper_bounds", "forecasting_lower_bounds", "time")) {
      assertThat(p.path(a).size()).as(a).isEqualTo(288);
    }
    assertThat(p.path("timeseries").size()).isEqualTo(4033);
    assertThat(p.path("forecasting_model").asText()).isNotBlank();
    Instant first = Instant.parse(p.path("time").get(0).asText());
    assertThat(Instant.parse(p.path("time").get(287).asText())).isEqualTo(first.plus(Duration.ofMinutes(5 * 287)));
  }

  static String point(String id) {
    return "taskscope_forecast{target=\"" + id + "\",metric=\"" + id.substring(id.lastIndexOf('/') + 1)
        + "\",horizon=\"1h\",bound=\"point\"}";
  }

  /**
   * {@code /metrics} as series to value, polled until {@code ready} holds: the forecast family is rebuilt after a
   * run off the scrape path, so the first scrape after a run may still show the previous one.
   */
  static Map<String, Double> awaitMetrics(ForecastStack stack,
      java.util.function.Predicate<Map<String, Double>> ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Map<String, Double> m;
    String body;
    do {
      HttpResponse<String> r = stack.send(HttpRequest.newBuilder(URI.create(stack.base() + "/metrics"))
          .header("Accept", "text/plain"), ForecastStack.READER);
      assertThat(r.statusCode()).isEqualTo(200);
      body = r.body();
      m = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        if (line.startsWith("taskscope_forecast")) {
          int sp = line.lastIndexOf(' ');
          m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
      }
      if (ready.test(m)) {
        return m;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/metrics not as expected within 10 s:\n" + body);
  }
}
