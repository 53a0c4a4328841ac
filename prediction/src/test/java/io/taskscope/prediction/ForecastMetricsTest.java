package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.push.PushedFamily;
import io.taskscope.push.PushedMetric;
import io.taskscope.push.TextFormatParser;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code /metrics} as core's Exposition writes it, read back with the Pushgateway-compatible text parser. */
class ForecastMetricsTest {
  static final String WEB = "edge-dc-1/default/Deployment/web/cpu_usage";
  static final String ODD = "edge-dc-1/default/Deployment/db\\x/we\"ird";

  final FakeForecasts forecasts = new FakeForecasts();
  final ForecastMetrics metrics = new ForecastMetrics(forecasts);

  Map<String, PushedFamily> scrape() throws Exception {
    Exposition e = new Exposition(new PrometheusRegistry(), () -> List.of(metrics));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.write(out, Exposition.Format.TEXT);
    Map<String, PushedFamily> m = new TreeMap<>();
    for (PushedFamily f : TextFormatParser.parse(out.toByteArray())) {
      m.put(f.name(), f);
    }
    return m;
  }

  static Double value(PushedFamily f, String... labels) {
    outer:
    for (PushedMetric m : f.metrics()) {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(m.label(labels[i]))) {
          continue outer;
        }
      }
      return m.value();
    }
    return null;
  }

  void twoForecasts() {
    // hourly, 48 steps: every horizon; half-hourly, 4 steps: only 1h
    forecasts.put(FakeForecasts.forecast(WEB, "cpu_usage", "ets", Duration.ofHours(1), 48, 48));
    forecasts.put(FakeForecasts.forecast(ODD, "mem\"usage\\\n", "naive", Duration.ofMinutes(30), 10, 4));
    forecasts.lastRun = FakeForecasts.finishedRun(3);
    forecasts.lastSuccess = Instant.parse("2026-12-01T00:00:42.500Z");
    forecasts.states.put(RunReport.Outcome.OK, 2);
    forecasts.states.put(RunReport.Outcome.SKIPPED, 1);
  }

  @Test
  void forecastValuesByHorizonAndBound() throws Exception {
    twoForecasts();
    assertThat(metrics.refresh()).isTrue();
    PushedFamily f = scrape().get("taskscope_forecast");
    assertThat(f.help()).contains("80 %");
    // 1h ahead is index 0, 6h index 5, 24h index 23 (point = 10 + i, 80 % bounds +-1)
    assertThat(value(f, "target", WEB, "horizon", "1h", "bound", "point")).isEqualTo(10);
    assertThat(value(f, "target", WEB, "horizon", "6h", "bound", "lower")).isEqualTo(14);
    assertThat(value(f, "target", WEB, "horizon", "24h", "bound", "upper")).isEqualTo(34);
    assertThat(value(f, "target", WEB, "horizon", "24h", "bound", "point", "metric", "cpu_usage")).isEqualTo(33);
    // escaped by core's writer, read back intact; horizons beyond the 2 h forecast are left out
    assertThat(value(f, "target", ODD, "metric", "mem\"usage\\\n", "horizon", "1h", "bound", "point"))
        .isEqualTo(11);
    assertThat(value(f, "target", ODD, "horizon", "6h")).isNull();
    assertThat(f.metrics()).hasSize(9 + 3);
  }

  @Test
  void runAndStateFamilies() throws Exception {
    twoForecasts();
    metrics.refresh();
    Map<String, PushedFamily> m = scrape();
    assertThat(value(m.get("taskscope_forecast_last_success_timestamp_seconds"))).isEqualTo(
        forecasts.lastSuccess.toEpochMilli() / 1000.0).isEqualTo(1796083242.5);
    PushedFamily targets = m.get("taskscope_forecast_targets");
    assertThat(targets.metrics()).hasSize(3);
    assertThat(value(targets, "state", "ok")).isEqualTo(2);
    assertThat(value(targets, "state", "failed")).isEqualTo(0);
    assertThat(value(targets, "state", "skipped")).isEqualTo(1);
    assertThat(value(m.get("taskscope_forecast_run_duration_seconds"))).isEqualTo(42);
  }

  @Test
  void beforeAnyRunOnlyTheStateCountsShow() throws Exception {
    Map<String, PushedFamily> m = scrape();
    assertThat(m).containsOnlyKeys("taskscope_forecast_targets");
    assertThat(m.get("taskscope_forecast_targets").metrics()).hasSize(3);
  }

  @Test
  void scrapesReadNoForecastAndRebuildAfterANewRun() throws Exception {
    twoForecasts();
    metrics.refresh();
    int reads = forecasts.forecastReads.get();
    scrape();
    scrape();
    assertThat(forecasts.forecastReads.get()).isEqualTo(reads);
    // a new run: the next scrape starts a rebuild in the background, a later one shows it
    forecasts.put(FakeForecasts.forecast("c/ns/Deployment/new/cpu_usage", "cpu_usage", "ets", Duration.ofHours(1),
        5, 2));
    forecasts.lastRun = FakeForecasts.finishedRun(4);
    scrape();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (value(scrape().get("taskscope_forecast"), "target", "c/ns/Deployment/new/cpu_usage") == null) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aFailedRebuildKeepsTheLastValues() throws Exception {
    twoForecasts();
    metrics.refresh();
    forecasts.failReads = new IllegalStateException("store unreadable");
    assertThat(metrics.refresh()).isFalse();
    assertThat(value(scrape().get("taskscope_forecast"), "target", WEB, "horizon", "1h", "bound", "point"))
        .isEqualTo(10);
  }
}
