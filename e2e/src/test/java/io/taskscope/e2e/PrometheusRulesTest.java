package io.taskscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus rules pass Debian's promtool (syntax, and unit tests of every alert and recording rule), and
 * the same checks reject broken examples, so they can fail.
 */
class PrometheusRulesTest {
  private static final Path DEPLOY = DemoStack.repoRoot().resolve("deploy").resolve("prometheus");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path tmp;

  record Result(int code, String output) {}

  static Result promtool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(PrometheusProcess.binary()).resolveSibling("promtool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static List<String> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(suffix)).sorted().map(Path::toString).toList();
    }
  }

  @Test
  void shippedRulesAreValid() throws Exception {
    List<String> rules = files(DEPLOY.resolve("rules"), ".yml");
    assertThat(rules).extracting(r -> Path.of(r).getFileName().toString())
        .contains("taskscope-alerts.yml", "taskscope-recording.yml", "taskscope-resources.yml");
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    args.addAll(rules);
    Result r = promtool(args.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void everyRuleFileHasUnitTestsThatPass() throws Exception {
    List<String> tests = files(DEPLOY.resolve("tests"), ".test.yml");
    assertThat(tests).extracting(t -> Path.of(t).getFileName().toString())
        .contains("taskscope-alerts.test.yml", "taskscope-recording.test.yml", "taskscope-resources.test.yml");
    for (String t : tests) {
      Result r = promtool("test", "rules", t);
      assertThat(r.code()).as(t + ":\n" + r.output()).isZero();
      assertThat(r.output()).contains("SUCCESS");
    }
  }

  /** What the unit tests cover: alerts expected to fire, alerts expected silent, expressions evaluated. */
  record Coverage(Set<String> firing, Set<String> silent, Set<String> exprs) {
    static Coverage of(List<String> testFiles) throws IOException {
      Coverage c = new Coverage(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
      for (String f : testFiles) {
        for (JsonNode test : YAML.readTree(Path.of(f).toFile()).path("tests")) {
          for (JsonNode a : test.path("alert_rule_test")) {
            (a.path("exp_alerts").isEmpty() ? c.silent : c.firing).add(a.path("alertname").asText());
          }
          for (JsonNode e : test.path("promql_expr_test")) {
            c.exprs.add(e.path("expr").asText().trim());
          }
        }
      }
      return c;
    }
  }

  /** Alert and record names of one rules file, and the names of the group of each alert. */
  static Map<String, String> rules(Path file, String kind) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode g : YAML.readTree(file.toFile()).path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (r.has(kind)) {
          out.put(r.path(kind).asText(), g.path("name").asText());
        }
      }
    }
    return out;
  }

  @Test
  void everyAlertFiresInAUnitTestAndEveryRecordingRuleIsEvaluated() throws Exception {
    Coverage c = Coverage.of(files(DEPLOY.resolve("tests"), ".test.yml"));
    int alerts = 0;
    int records = 0;
    for (String file : files(DEPLOY.resolve("rules"), ".yml")) {
      for (var alert : rules(Path.of(file), "alert").entrySet()) {
        alerts++;
        assertThat(c.firing()).as("a unit test where " + alert.getKey() + " fires").contains(alert.getKey());
        if (alert.getValue().equals("taskscope-resources")) {
          assertThat(c.silent()).as("a unit test where " + alert.getKey() + " stays silent")
              .contains(alert.getKey());
        }
      }
      for (String record : rules(Path.of(file), "record").keySet()) {
        records++;
        assertThat(c.exprs()).as("a promql_expr_test of " + record).contains(record);
      }
    }
    assertThat(alerts).isGreaterThanOrEqualTo(13);
    assertThat(records).isGreaterThanOrEqualTo(33);
  }

  @Test
  void aBrokenResourcesRuleIsRejected() throws Exception {
    String rules = Files.readString(DEPLOY.resolve("rules").resolve("taskscope-resources.yml"));
    String marker = "group_left (workload, workload_type) workload_pod:kube_pod_owner:relabel";
    assertThat(rules).contains(marker);
    Path bad = Files.writeString(tmp.resolve("taskscope-resources.yml"),
        rules.replaceFirst(java.util.regex.Pattern.quote(marker), "group_left (workload, workload_type"));
    Result check = promtool("check", "rules", bad.toString());
    assertThat(check.code()).as(check.output()).isNotZero();

    // a rule that parses but counts each pod twice (pod-cgroup rows of cAdvisor not filtered out) fails its tests
    Path dir = Files.createDirectories(tmp.resolve("double").resolve("rules"));
    Path tests = Files.createDirectories(tmp.resolve("double").resolve("tests"));
    String filter = "rate(container_cpu_usage_seconds_total{container!=\"\", container!=\"POD\"}[2m])";
    assertThat(rules).contains(filter);
    Files.writeString(dir.resolve("taskscope-resources.yml"),
        rules.replace(filter, "rate(container_cpu_usage_seconds_total{pod!=\"\"}[2m])"));
    Files.copy(DEPLOY.resolve("rules").resolve("taskscope-alerts.yml"), dir.resolve("taskscope-alerts.yml"));
    Path test = Files.copy(DEPLOY.resolve("tests").resolve("taskscope-resources.test.yml"),
        tests.resolve("taskscope-resources.test.yml"));
    assertThat(promtool("check", "rules", dir.resolve("taskscope-resources.yml").toString()).code()).isZero();
    Result run = promtool("test", "rules", test.toString());
    assertThat(run.code()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("FAILED").contains("workload:cpu_usage:percent");
  }

  @Test
  void brokenRulesAndWrongExpectationsAreRejected() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yml"), """
        groups:
          - name: broken
            rules:
              - alert: Broken
                expr: sum(rate(sedna_container_restarts_total[5m]) by (
        """);
    Result check = promtool("check", "rules", bad.toString());
    assertThat(check.code()).isNotZero();

    Path rules = DEPLOY.resolve("rules").resolve("taskscope-alerts.yml").toAbsolutePath();
    Path wrong = Files.writeString(tmp.resolve("wrong.test.yml"), """
        rule_files:
          - %s
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'taskscope_source_up{resource="v1/Pod"}'
                values: '1x10'
            alert_rule_test:
              - eval_time: 6m
                alertname: TaskScopeSourceDown
                exp_alerts:
                  - exp_labels: {severity: warning, resource: v1/Pod}
        """.formatted(rules));
    Result test = promtool("test", "rules", wrong.toString());
    assertThat(test.code()).as(test.output()).isNotZero();
    assertThat(test.output()).contains("FAILED");
  }
}
