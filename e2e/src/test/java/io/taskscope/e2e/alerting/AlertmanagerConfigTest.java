package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/alertmanager/alertmanager.yml and its template pass Debian's amtool, route each severity to the receivers
 * the file promises, and the broken examples under deploy-broken/alertmanager fail the same check for their reason.
 */
class AlertmanagerConfigTest {
  @TempDir
  Path tmp;

  @Test
  void shippedConfigAndTemplatePassAmtool() throws Exception {
    List<Path> templates = MountedAlertmanager.shippedTemplates();
    assertThat(templates).extracting(p -> p.getFileName().toString()).contains("taskscope.tmpl");
    Tool check = MountedAlertmanager.check(tmp, MountedAlertmanager.shippedConfig(), templates);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS", "3 receivers", "2 inhibit rules", "1 templates");
  }

  @Test
  void severitiesReachTheirReceivers() throws Exception {
    Path config = MountedAlertmanager.lay(tmp, MountedAlertmanager.shippedConfig(),
        MountedAlertmanager.shippedTemplates(), Map.of());
    assertRoute(config, "pagerduty,betterstack,webhook", "alertname=SednaTaskFailed", "severity=critical",
        "namespace=edge-ai", "kind=VideoAnalyticsJob", "name=camera-2");
    assertRoute(config, "betterstack,webhook", "alertname=SednaTaskStageStuck", "severity=warning");
    assertRoute(config, "webhook", "alertname=TaskScopePushGroupStale", "severity=info");
    // the check bites: a wrong expectation is reported
    Tool wrong = Tool.run(MountedAlertmanager.AMTOOL, "config", "routes", "test", "--config.file=" + config,
        "--verify.receivers=webhook", "severity=critical");
    assertThat(wrong.exitCode()).isNotZero();
  }

  private static void assertRoute(Path config, String receivers, String... labels) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(MountedAlertmanager.AMTOOL, "config", "routes", "test",
        "--config.file=" + config, "--verify.receivers=" + receivers));
    cmd.addAll(List.of(labels));
    Tool t = Tool.run(cmd.toArray(String[]::new));
    assertThat(t.exitCode()).as(String.join(" ", labels) + " -> " + t.output()).isZero();
  }

  @Test
  void groupsByTaskAndKeepsThePagerDutyKeyOutOfTheFile() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(MountedAlertmanager.shippedConfig()));
    Map<?, ?> route = (Map<?, ?>) doc.get("route");
    assertThat(route.get("group_by")).isEqualTo(List.of("alertname", "namespace", "kind", "name"));
    Map<String, Map<?, ?>> receivers = new HashMap<>();
    for (Object r : (List<?>) doc.get("receivers")) {
      receivers.put((String) ((Map<?, ?>) r).get("name"), (Map<?, ?>) r);
    }
    Map<String, Object> pd = map(((List<?>) receivers.get("pagerduty").get("pagerduty_configs")).get(0));
    assertThat(pd).containsEntry("routing_key_file", MountedAlertmanager.PAGERDUTY_KEY)
        .doesNotContainKeys("routing_key", "service_key");
    Map<?, ?> bs = (Map<?, ?>) ((List<?>) receivers.get("betterstack").get("webhook_configs")).get(0);
    assertThat((String) bs.get("url")).startsWith("https://uptime.betterstack.com/api/v1/prometheus/webhook/");
    assertThat(map(receivers.get("webhook"))).containsKey("webhook_configs");
    assertThat(doc.get("templates")).isEqualTo(List.of(MountedAlertmanager.TEMPLATES + "/*.tmpl"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void brokenExamplesFailTheSameCheckForTheirReason() throws Exception {
    BrokenExample.assertEachRejected(Path.of(getClass().getResource("/deploy-broken/alertmanager").toURI()), "templates",
        MountedAlertmanager.shippedTemplates(), tmp, 5, MountedAlertmanager::check);
  }
}
