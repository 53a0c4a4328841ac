package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.ServerProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * InfluxDB 1.x as metrics store (seed 003): Debian's influxd, the demo stack's Prometheus writing to it with the
 * remote_write URL of deploy/prometheus/remote-write-influxdb.yml (host and port pointed at the test's influxd), and
 * TaskScope's series read back with InfluxQL, labels as tags.
 */
class InfluxRemoteWriteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path SNIPPET = DemoStack.repoRoot().resolve("deploy/prometheus/remote-write-influxdb.yml");

  private static ServerProcess influxd;
  private static DemoStack stack;
  private static String database;

  @BeforeAll
  static void start() throws Exception {
    URI shipped = URI.create(shippedUrl());
    database = shipped.getQuery().replaceFirst("^.*\\bdb=([^&]+).*$", "$1");
    influxd = startInfluxd();
    JsonNode created = influxQl("CREATE DATABASE \"" + database + "\"", true);
    assertThat(created.path("results").get(0).has("error")).as(created.toString()).isFalse();
    String url = influxd.base() + shipped.getRawPath() + "?" + shipped.getRawQuery();
    stack = DemoStack.start(DemoStack.Options.defaults().withRemoteWriteUrls(url));
  }

  /** The url of the first remote_write entry of the shipped snippet. */
  private static String shippedUrl() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(SNIPPET));
    Map<?, ?> first = (Map<?, ?>) ((List<?>) doc.get("remote_write")).get(0);
    return (String) first.get("url");
  }

  /** influxd with everything in a temporary directory, HTTP and RPC on free loopback ports, no phoning home. */
  private static ServerProcess startInfluxd() throws Exception {
    Path dir = Files.createTempDirectory("taskscope-influxd");
    int http = ServerProcess.freePort();
    int rpc = ServerProcess.freePort();
    Path conf = dir.resolve("influxdb.conf");
    Files.writeString(conf, """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s"
        [data]
          dir = "%s"
          wal-dir = "%s"
          query-log-enabled = false
        [monitor]
          store-enabled = false
        [http]
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [continuous_queries]
          enabled = false
        """.formatted(rpc, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), http));
    return ServerProcess.start("influxd", dir, List.of("/usr/bin/influxd", "-config", conf.toString()),
        "http://127.0.0.1:" + http, "/ping");
  }

  private static JsonNode influxQl(String q, boolean post) throws Exception {
    String query = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&db=" + database;
    HttpRequest.Builder req = post
        ? HttpRequest.newBuilder(URI.create(influxd.base() + "/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(query))
        : HttpRequest.newBuilder(URI.create(influxd.base() + "/query?" + query));
    HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(q + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The series of an InfluxQL result ({@code results[0].series}), waiting until there is at least one. */
  private static JsonNode awaitSeries(String q, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode series = influxQl(q, false).path("results").get(0).path("series");
      if (!series.isEmpty()) {
        return series;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no InfluxDB data within " + timeout + " for " + q + "\ninfluxd: " + influxd.log()
            + "\nprometheus: " + stack.prometheus().log());
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable i = influxd; AutoCloseable s = stack) {
      // the stack first, so Prometheus stops writing before influxd goes
    }
  }

  @Test
  void failedTaskConditionArrivesWithItsLabelsAsTags() throws Exception {
    JsonNode series = awaitSeries("SELECT last(\"value\") FROM \"sedna_task_stage_condition_status\" "
        + "WHERE \"type\" = 'Failed' AND \"name\" = 'video-analytics-camera-2' "
        + "GROUP BY \"namespace\", \"kind\", \"name\", \"cluster\", \"job\"", Duration.ofSeconds(60));
    assertThat(series).hasSize(1);
    JsonNode tags = series.get(0).path("tags");
    assertThat(tags.path("namespace").asText()).isEqualTo("edge-ai");
    assertThat(tags.path("kind").asText()).isEqualTo("VideoAnalyticsJob");
    assertThat(tags.path("cluster").asText()).isEqualTo(DemoStack.CLUSTER);
    assertThat(tags.path("job").asText()).isEqualTo("taskscope");
    assertThat(series.get(0).path("values").get(0).get(1).asDouble()).isEqualTo(1.0);
  }

  @Test
  void taskScopeSourceHealthAndEveryTaskKindArrive() throws Exception {
    JsonNode up = awaitSeries("SELECT last(\"value\") FROM \"taskscope_source_up\" GROUP BY *",
        Duration.ofSeconds(60));
    assertThat(up).isNotEmpty();
    for (JsonNode s : up) {
      assertThat(s.path("tags").path("cluster").asText()).isEqualTo(DemoStack.CLUSTER);
    }
    // the task kinds InfluxDB knows match those Prometheus holds (tags are labels, one series per label set)
    JsonNode kinds = awaitSeries("SHOW TAG VALUES FROM \"sedna_task_stage_condition_status\" WITH KEY = \"kind\"",
        Duration.ofSeconds(30));
    List<String> inInflux = new ArrayList<>();
    kinds.get(0).path("values").forEach(v -> inInflux.add(v.get(1).asText()));
    List<String> inPrometheus = new ArrayList<>();
    stack.query("count by (kind) (sedna_task_stage_condition_status)")
        .forEach(r -> inPrometheus.add(r.path("metric").path("kind").asText()));
    assertThat(inPrometheus).isNotEmpty();
    assertThat(inInflux).containsAll(inPrometheus);
  }
}
