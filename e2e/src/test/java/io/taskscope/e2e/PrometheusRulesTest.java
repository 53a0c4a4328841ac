package io.taskscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus rules pass Debian's promtool (syntax and the unit tests of every alert), and the same checks
 * reject broken examples, so they can fail.
 */
class PrometheusRulesTest {
  private static final Path DEPLOY = Path.of("..", "deploy", "prometheus");

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
    assertThat(rules).hasSizeGreaterThanOrEqualTo(2);
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    args.addAll(rules);
    Result r = promtool(args.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertPassesItsUnitTests() throws Exception {
    List<String> tests = files(DEPLOY.resolve("tests"), ".test.yml");
    assertThat(tests).isNotEmpty();
    for (String t : tests) {
      Result r = promtool("test", "rules", t);
      assertThat(r.code()).as(t + ":\n" + r.output()).isZero();
    }
    // each alert of the shipped rules has at least one unit test
    String alerts = Files.readString(DEPLOY.resolve("rules").resolve("taskscope-alerts.yml"));
    String testText = Files.readString(Path.of(tests.get(0)));
    for (String line : alerts.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("- alert: ")) {
        String name = trimmed.substring("- alert: ".length()).trim();
        assertThat(testText).as("unit test for " + name).contains("alertname: " + name);
      }
    }
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
