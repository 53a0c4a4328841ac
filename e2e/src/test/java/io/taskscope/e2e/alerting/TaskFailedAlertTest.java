package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.e2e.alerting.WebhookReceiver.Delivery;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Task failed" end to end: {@code taskscope demo} fails a VideoAnalyticsJob (edge-ai/video-analytics-camera-2) and
 * a FederatedLearningJob (edge-ai/yolo-fl) within seconds; a real Prometheus evaluating the shipped alert rules fires
 * SednaTaskFailed to a real Alertmanager running deploy/alertmanager/alertmanager.yml (templates and routes as
 * shipped, only the three receiver URLs and the PagerDuty key file pointed at this test), which notifies the
 * test's webhook, "PagerDuty" and "Better Stack" endpoints.
 *
 * <p>Timing: the shipped SednaTaskFailed waits {@code for: 1m}; the Prometheus of the test loads a copy of
 * taskscope-alerts.yml with that one {@code for} shortened to 3 s (everything else as shipped; {@code
 * DemoStack.Options.withRuleFiles}), so the class stays
 * well under 90 s. Alertmanager's group_wait for critical alerts is the shipped 10 s.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TaskFailedAlertTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTING_KEY = "R0UT1NGKEY0FTHETEST0000000000000";
  private static final String BETTERSTACK_TOKEN = "betterstack-token-of-the-test";
  private static final Map<String, String> CAMERA = Map.of("alertname", "SednaTaskFailed", "namespace", "edge-ai",
      "kind", "VideoAnalyticsJob", "name", "video-analytics-camera-2");
  private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(50);

  private static WebhookReceiver webhook;
  private static Path amRoot;
  private static ServerProcess alertmanager;
  private static DemoStack stack;
  private static Path rulesCopy;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    webhook = new WebhookReceiver();
    amRoot = Files.createTempDirectory("taskscope-alertmanager");
    Path config = MountedAlertmanager.lay(amRoot, MountedAlertmanager.shippedConfig(),
        MountedAlertmanager.shippedTemplates(), Map.of(
            "https://events.pagerduty.com/v2/enqueue", webhook.base() + "/pagerduty/v2/enqueue",
            "https://uptime.betterstack.com/api/v1/prometheus/webhook/REPLACE_WITH_BETTERSTACK_TOKEN",
            webhook.base() + "/betterstack/" + BETTERSTACK_TOKEN,
            "https://alert-webhook.example/taskscope/alerts", webhook.base() + "/webhook"));
    Path key = MountedPrometheus.under(amRoot, MountedAlertmanager.PAGERDUTY_KEY);
    Files.createDirectories(key.getParent());
    Files.writeString(key, ROUTING_KEY + "\n");
    int port = ServerProcess.freePort();
    alertmanager = ServerProcess.start("alertmanager", Files.createDirectories(amRoot.resolve("run")),
        List.of("/usr/bin/prometheus-alertmanager", "--config.file=" + config,
            "--storage.path=" + amRoot.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address=", "--log.level=warn"),
        "http://127.0.0.1:" + port, "/-/ready");
    rulesCopy = Files.createTempFile("taskscope-alerts-", ".yml");
    List<Path> rules = withShortFor(rulesCopy);
    stack = DemoStack.start(DemoStack.Options.defaults().withAlertmanagers("127.0.0.1:" + port)
        .withRuleFiles(rules));
    assertThat(alertFor("SednaTaskFailed")).as("the copy with the short for: is loaded").isEqualTo(3);
  }

  /**
   * The shipped rule files with taskscope-alerts.yml replaced by {@code copy}, a copy whose SednaTaskFailed waits 3 s
   * (everything else as shipped).
   */
  private static List<Path> withShortFor(Path copy) throws Exception {
    Path original = DemoStack.ruleFiles().stream()
        .filter(p -> p.getFileName().toString().equals("taskscope-alerts.yml")).findFirst().orElseThrow();
    String rules = Files.readString(original);
    Matcher m = Pattern.compile("(- alert: SednaTaskFailed\\n(?:(?!\\s*- alert:).*\\n)*?\\s*for: )(\\S+)")
        .matcher(rules);
    assertThat(m.find()).as("SednaTaskFailed has a for: in " + original).isTrue();
    Files.writeString(copy, rules.substring(0, m.start(2)) + "3s" + rules.substring(m.end(2)));
    return DemoStack.ruleFiles().stream().map(p -> p.equals(original) ? copy : p).toList();
  }

  private static double alertFor(String alert) throws Exception {
    for (JsonNode group : stack.prometheus().api("/api/v1/rules?type=alert").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (alert.equals(rule.path("name").asText())) {
          return rule.path("duration").asDouble();
        }
      }
    }
    return -1;
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable w = webhook; AutoCloseable a = alertmanager; AutoCloseable s = stack) {
      // closed in reverse order: the stack first, so Prometheus stops sending to Alertmanager
    } finally {
      ServerProcess.deleteTree(amRoot);
      if (rulesCopy != null) {
        Files.deleteIfExists(rulesCopy);
      }
    }
  }

  private static boolean groupIs(Delivery d, Map<String, String> labels) {
    JsonNode g = d.body().path("groupLabels");
    return labels.entrySet().stream().allMatch(e -> e.getValue().equals(g.path(e.getKey()).asText()));
  }

  @Test
  void taskFailedReachesTheWebhookAsOneGroupPerTask() throws Exception {
    Delivery d = webhook.await(x -> x.path().equals("/webhook") && groupIs(x, CAMERA), NOTIFIED_WITHIN);
    JsonNode body = d.body();
    assertThat(body.path("receiver").asText()).isEqualTo("webhook");
    assertThat(body.path("status").asText()).isEqualTo("firing");
    assertThat(body.path("version").asText()).isEqualTo("4");
    // grouped by exactly the task: alertname, namespace, kind, name
    assertThat(JSON.convertValue(body.path("groupLabels"), Map.class)).isEqualTo(CAMERA);
    assertThat(body.path("alerts")).hasSize(1);
    JsonNode alert = body.path("alerts").get(0);
    assertThat(alert.path("status").asText()).isEqualTo("firing");
    JsonNode labels = alert.path("labels");
    CAMERA.forEach((k, v) -> assertThat(labels.path(k).asText()).as(k).isEqualTo(v));
    assertThat(labels.path("severity").asText()).isEqualTo("critical");
    assertThat(labels.path("type").asText()).isEqualTo("Failed");
    assertThat(labels.path("cluster").asText()).isEqualTo(DemoStack.CLUSTER);
    assertThat(alert.path("annotations").path("summary").asText())
        .isEqualTo("VideoAnalyticsJob edge-ai/video-analytics-camera-2 failed");
    assertThat(alert.path("generatorURL").asText()).as("link back to the stack's Prometheus")
        .contains(":" + URI.create(stack.prometheus().base()).getPort()
            + "/graph?g0.expr=sedna_task_stage_condition_status");

    // the other failed task arrives as a notification of its own
    Map<String, String> yolo = Map.of("alertname", "SednaTaskFailed", "namespace", "edge-ai",
        "kind", "FederatedLearningJob", "name", "yolo-fl");
    webhook.await(x -> x.path().equals("/webhook") && groupIs(x, yolo), NOTIFIED_WITHIN);
    for (Delivery each : webhook.deliveries()) {
      if (each.path().startsWith("/pagerduty")) {
        continue; // Events API v2: one event per group, no alert list
      }
      JsonNode group = each.body().path("groupLabels");
      Set<String> tasks = new HashSet<>();
      each.body().path("alerts").forEach(a -> tasks.add(a.path("labels").path("namespace").asText() + "/"
          + a.path("labels").path("kind").asText() + "/" + a.path("labels").path("name").asText()));
      assertThat(tasks).as("alerts of one notification").containsExactly(group.path("namespace").asText() + "/"
          + group.path("kind").asText() + "/" + group.path("name").asText());
    }
  }

  @Test
  void criticalTaskFailurePagesPagerDutyAndOpensABetterStackIncident() throws Exception {
    Delivery page = webhook.await(x -> x.path().equals("/pagerduty/v2/enqueue")
        && x.body().path("payload").path("custom_details").path("task").asText()
            .equals("VideoAnalyticsJob edge-ai/video-analytics-camera-2"), NOTIFIED_WITHIN);
    JsonNode event = page.body();
    assertThat(event.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isNotEmpty();
    assertThat(event.path("client").asText()).isEqualTo("TaskScope");
    assertThat(event.path("payload").path("severity").asText()).isEqualTo("critical");
    assertThat(event.path("payload").path("summary").asText())
        .isEqualTo("[FIRING:1] SednaTaskFailed VideoAnalyticsJob edge-ai/video-analytics-camera-2");
    assertThat(event.path("payload").path("custom_details").path("alerts").asText())
        .startsWith("- VideoAnalyticsJob edge-ai/video-analytics-camera-2 failed. Last condition: Failed");

    Delivery incident = webhook.await(x -> x.path().equals("/betterstack/" + BETTERSTACK_TOKEN)
        && groupIs(x, CAMERA), NOTIFIED_WITHIN);
    assertThat(incident.body().path("receiver").asText()).isEqualTo("betterstack");
    assertThat(incident.body().path("status").asText()).isEqualTo("firing");
  }

  @Test
  void aFailedTaskInhibitsTheStuckStageAlertOfTheSameTaskOnly() throws Exception {
    awaitActive("SednaTaskFailed", "video-analytics-camera-2");
    post(List.of(stuck("video-analytics-camera-2", "VideoAnalyticsJob"),
        stuck("helmet-detection-il", "IncrementalLearningJob")));
    assertThat(state("SednaTaskStageStuck", "video-analytics-camera-2")).isEqualTo("suppressed");
    assertThat(state("SednaTaskStageStuck", "helmet-detection-il")).isEqualTo("active");
  }

  private static Map<String, Object> stuck(String name, String kind) {
    return Map.of("labels", Map.of("alertname", "SednaTaskStageStuck", "severity", "warning",
        "namespace", "edge-ai", "kind", kind, "name", name));
  }

  private static void post(Object alerts) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(alertmanager.base() + "/api/v2/alerts"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(alerts))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** Alertmanager's state of an alert ("active", "suppressed", "unprocessed"), or "absent". */
  private static String state(String alertname, String task) throws Exception {
    String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(alertmanager.base() + "/api/v2/alerts?filter="
        + filter)).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (JsonNode a : JSON.readTree(body)) {
      if (task.equals(a.path("labels").path("name").asText())) {
        return a.path("status").path("state").asText();
      }
    }
    return "absent";
  }

  private static void awaitActive(String alertname, String task) throws Exception {
    long deadline = System.nanoTime() + NOTIFIED_WITHIN.toNanos();
    while (!state(alertname, task).equals("active")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(alertname + " for " + task + " never reached Alertmanager: " + alertmanager.log());
      }
      Thread.sleep(200);
    }
  }
}
