package io.taskscope.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.DemoStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every LogQL query shipped in the Grafana dashboards and the docs parses with Grafana's LogQL grammar and uses only
 * labels that promtail (DaemonSet and sidecar) and fluentd all produce, read from their configs; the broken examples
 * under deploy-broken/logs fail the very same check.
 */
class ShippedLogQueriesTest {
  private static Set<String> labels;

  @BeforeAll
  static void readCollectors() throws Exception {
    labels = LogCollectors.commonLabels();
  }

  static Path broken(String name) throws Exception {
    return Path.of(ShippedLogQueriesTest.class.getResource("/deploy-broken/logs/" + name).toURI());
  }

  @Test
  void dashboardQueriesParseAndUseProducedLabels() throws Exception {
    ShippedQueries.Found found =
        ShippedQueries.fromDashboards(DemoStack.repoRoot().resolve("deploy").resolve("grafana").resolve("dashboards"));
    // the logs dashboard alone: 8 panel targets and 2 variable streams, each with sample and All values
    assertThat(found.queries().stream().filter(q -> q.source().startsWith("logs.json")).count())
        .isGreaterThanOrEqualTo(16);
    assertThat(found.labels()).extracting(ShippedQueries.LabelUse::label).contains("namespace", "task_name", "pod");
    assertThat(LogQueryRules.violations(found, labels)).isEmpty();
  }

  @Test
  void docQueriesParseAndUseProducedLabels() throws Exception {
    ShippedQueries.Found found = ShippedQueries.fromDocs(DemoStack.repoRoot().resolve("docs"));
    assertThat(found.queries().stream().filter(q -> q.source().startsWith("logs.md")).count())
        .isGreaterThanOrEqualTo(8);
    assertThat(LogQueryRules.violations(found, labels)).isEmpty();
  }

  @Test
  void variablesAreSubstitutedBeforeParsing() throws Exception {
    ShippedQueries.Found found = new ShippedQueries.Found();
    ShippedQueries.fromDashboard(DemoStack.repoRoot().resolve("deploy/grafana/dashboards/logs.json"), found);
    assertThat(found.queries()).allSatisfy(q -> assertThat(q.text()).doesNotContain("$"));
    // "All" on namespace is .+ (Loki needs one matcher that is not empty-compatible); an empty keyword matches all
    assertThat(found.queries()).anySatisfy(q -> assertThat(q.text()).contains("namespace=~\".+\""));
    assertThat(found.queries()).anySatisfy(q -> assertThat(q.text()).endsWith("|~ `(?i)`"));
    // Grafana's formats: ${var:regex} escapes regex syntax, built-in intervals become durations
    assertThat(ShippedQueries.interpolate("|~ `(?i)${keyword:regex}` [$__auto] $pod [[pod]]",
        Map.of("keyword", "a.b(c", "pod", "p"), new ArrayList<>()))
        .isEqualTo("|~ `(?i)a\\.b\\(c` [1m] p p");
  }

  @Test
  void collectorsAgreeOnTheContractLabels() {
    assertThat(labels).containsExactlyInAnyOrderElementsOf(LogCollectors.CONTRACT_LABELS);
  }

  @Test
  void checkerReportsErrorPositionsAndLabels() throws Exception {
    List<LogqlChecker.Report> reports = LogqlChecker.check(List.of(
        new ShippedQueries.Query("ok", "sum by (task_name) (rate({namespace=\"a\"} |= `x` [1m])) / on (pod) "
            + "sum(rate({node=~\"n.*\"}[1m]))"),
        new ShippedQueries.Query("bad", "{namespace=\"a\"\n} |= ")));
    assertThat(reports.get(0).errors()).isEmpty();
    assertThat(reports.get(0).selectorLabels()).containsExactly("namespace", "node");
    assertThat(reports.get(0).groupingLabels()).containsExactlyInAnyOrder("task_name", "pod");
    assertThat(reports.get(0).selectors()).hasSize(2);
    assertThat(reports.get(1).errors()).isNotEmpty();
    assertThat(reports.get(1).errors().get(0).line()).isEqualTo(2);
  }

  @Test
  void brokenDashboardsFailTheSameCheck() throws Exception {
    Map<String, String> expected = Map.of(
        "dashboard-syntax-error.json", "syntax error",
        "dashboard-unknown-label.json", "stream selector label 'level' is not produced",
        "dashboard-empty-matchers.json", "matches the empty value",
        "dashboard-variable-unknown-label.json", "label 'service_name' is not produced",
        "dashboard-undefined-variable.json", "undefined variable(s) [nodes]");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      ShippedQueries.Found found = new ShippedQueries.Found();
      ShippedQueries.fromDashboard(broken(e.getKey()), found);
      assertThat(LogQueryRules.violations(found, labels)).as(e.getKey()).isNotEmpty()
          .anySatisfy(v -> assertThat(v).contains(e.getValue()));
    }
  }

  @Test
  void brokenDocQueriesFailTheSameCheck() throws Exception {
    ShippedQueries.Found found = new ShippedQueries.Found();
    ShippedQueries.fromDoc(broken("docs-broken.md"), found);
    assertThat(found.queries()).hasSize(2);
    List<String> violations = LogQueryRules.violations(found, labels);
    assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("docs-broken.md logql block 1: syntax error"));
    assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("docs-broken.md logql block 2: grouping label "
        + "'level' is not produced"));
  }

  @Test
  void aCollectorThatStopsProducingALabelFailsTheShippedQueries() throws Exception {
    // the broken promtail config produces no app / job / container / node labels: with it, the shipped queries that
    // use them must be rejected, so the label check really follows the configs
    Set<String> fewer = PromtailConfig.load(broken("promtail-unsanitized-label-keys.yaml")).producedLabels();
    assertThat(fewer).doesNotContain("node", "container");
    fewer.retainAll(labels);
    ShippedQueries.Found docs = ShippedQueries.fromDocs(DemoStack.repoRoot().resolve("docs"));
    assertThat(LogQueryRules.violations(docs, fewer)).anySatisfy(v -> assertThat(v).contains("'node'"));
  }
}
