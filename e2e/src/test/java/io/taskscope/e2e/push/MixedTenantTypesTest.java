package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskscope.e2e.PrometheusProcess;
import io.taskscope.push.PushConfig;
import io.taskscope.push.Tenancy;
import io.taskscope.server.TaskScopeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Two tenants giving one family name different types (allowed: tenants are checked apart, so neither learns the
 * other's type from a 400). {@code /metrics} then holds one family per type, each under its own TYPE line — outside
 * the text format's "one TYPE line per name", so this holds real Prometheus to ingesting every series of it, in the
 * text and in the protobuf format it negotiates. (Its metadata API then keeps one of the two types per name.)
 */
class MixedTenantTypesTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void prometheusIngestsEveryTenantsSeriesWhenTheyDisagreeOnAType() throws Exception {
    PushConfig.TenancyConfig tenancy = new PushConfig.TenancyConfig(true, null, List.of(
        new PushConfig.TenantConfig("alice", Tenancy.sha256Hex("alice-token"), List.of("alice"), null, null),
        new PushConfig.TenantConfig("bob", Tenancy.sha256Hex("bob-token"), List.of("bob"), null, null)));
    PushConfig config = new PushConfig(null, null, null, null, null, null, tenancy);
    try (TaskScopeServer hub = TaskScopeServer.startPushOnly("127.0.0.1", 0, new TaskScopeServer.PushOptions(config,
        Files.createTempDirectory("mixed"), null, true, Map.of()))) {
      assertThat(push(hub, "alice", "# TYPE m counter\nm{r=\"1\"} 3\n")).isEqualTo(200);
      assertThat(push(hub, "bob", "# TYPE m gauge\nm{r=\"2\"} 7\n")).isEqualTo(200);
      assertThat(push(hub, "bob", "# TYPE n histogram\nn_bucket{le=\"1\"} 1\nn_bucket{le=\"+Inf\"} 2\nn_sum 3\n"
          + "n_count 2\n")).isEqualTo(200);
      assertThat(push(hub, "alice", "# TYPE n gauge\nn 5\n")).isEqualTo(200);
      String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(text).contains("# TYPE m counter", "# TYPE m gauge", "# TYPE n histogram", "# TYPE n gauge");
      // Debian's Prometheus 2.42 asks for protobuf only with native histograms on; text otherwise
      for (String flag : List.of("--enable-feature=expand-external-labels", "--enable-feature=native-histograms")) {
        try (PrometheusProcess prom = PrometheusProcess.start(new PrometheusProcess.ConfigBody("""
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: hub
                honor_labels: true
                static_configs: [{targets: ['127.0.0.1:%d']}]
            """.formatted(hub.port())), flag)) {
          TreeSet<String> seen = new TreeSet<>();
          long deadline = System.nanoTime() + 20_000_000_000L;
          while (seen.size() < 7 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            seen.clear();
            for (JsonNode r : prom.query("{__name__=~\"m|n|n_.*\", namespace=~\"alice|bob\"}")) {
              seen.add(r.path("metric").path("__name__").asText() + "/" + r.path("metric").path("namespace").asText()
                  + "=" + r.path("value").get(1).asText());
            }
          }
          assertThat(seen).as(flag + "\n" + prom.log()).contains("m/alice=3", "m/bob=7", "n/alice=5",
              "n_sum/bob=3", "n_count/bob=2");
          assertThat(prom.targets().toString()).contains("\"health\":\"up\"");
        }
      }
    }
  }

  private int push(TaskScopeServer hub, String tenant, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/metrics/job/j/namespace/"
        + tenant)).header("Authorization", "Bearer " + tenant + "-token").POST(HttpRequest.BodyPublishers
        .ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
