package io.taskscope.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provisioning files and every dashboard of {@code deploy/grafana/dashboards} (logs.json included): unique
 * dashboard uids and panel ids, datasources only by provisioned uid, no undefined variable; and broken examples that
 * the same checks reject.
 */
class DashboardStaticTest {
  private final List<Dashboard> shipped = Dashboard.readAll(GrafanaFiles.dashboards());

  private static Map<String, Provisioning.Datasource> datasources() throws Exception {
    return Provisioning.datasources(GrafanaFiles.datasources());
  }

  @Test
  void everyDashboardOfTheContractIsShippedAndClean() throws Exception {
    assertThat(shipped).map(Dashboard::name).containsExactlyInAnyOrderElementsOf(GrafanaFiles.DASHBOARDS);
    assertThat(new DashboardLint(datasources()).check(shipped)).isEmpty();
    assertThat(shipped).allSatisfy(d -> assertThat(d.targets()).as(d + " targets").isNotEmpty());
  }

  @Test
  void everyVisualisationTheIssueAsksForIsUsed() {
    assertThat(shipped.stream().flatMap(d -> d.panels().stream()).map(p -> p.path("type").asText()))
        .contains("timeseries", "piechart", "histogram", "stat", "table", "state-timeline", "logs");
  }

  @Test
  void datasourcesHaveTheUidsTheDashboardsUse() throws Exception {
    Map<String, Provisioning.Datasource> ds = datasources();
    assertThat(ds).containsOnlyKeys("prometheus", "loki");
    assertThat(ds.get("prometheus")).isEqualTo(
        new Provisioning.Datasource("prometheus", "prometheus", "http://prometheus:9090"));
    assertThat(ds.get("loki")).isEqualTo(new Provisioning.Datasource("loki", "loki", "http://loki:3100"));
  }

  @Test
  void dashboardProviderReadsTheMountPath() throws Exception {
    assertThat(Provisioning.providers(GrafanaFiles.dashboardProviders()))
        .containsExactly(new Provisioning.Provider("taskscope", "file", GrafanaFiles.MOUNT_PATH));
  }

  @Test
  void duplicatePanelIdIsRejectedAlsoInsideARow() throws Exception {
    assertThat(lintWithShipped("duplicate-panel-id.json")).singleElement().asString()
        .startsWith("duplicate-panel-id.json: duplicate panel id ");
  }

  @Test
  void unknownDatasourceUidIsRejected() throws Exception {
    assertThat(lintWithShipped("unknown-datasource-uid.json")).singleElement().asString()
        .contains("unknown datasource uid \"prometheus-main\"");
  }

  @Test
  void undefinedVariableIsRejected() throws Exception {
    assertThat(lintWithShipped("undefined-variable.json")).singleElement().asString()
        .contains("uses undefined variable $namespaces");
  }

  @Test
  void duplicateDashboardUidIsRejected() throws Exception {
    assertThat(lintWithShipped("duplicate-uid.json"))
        .anySatisfy(p -> assertThat(p).contains("duplicate dashboard uid \"taskscope-sedna-overview\""))
        .anySatisfy(p -> assertThat(p).contains("should be \"taskscope-duplicate-uid\""));
  }

  @Test
  void dashboardsOnADatasourceThatIsNotProvisionedAreRejected() throws Exception {
    var withoutLoki = Provisioning.datasources(GrafanaFiles.broken("datasources-without-loki.yaml"));
    List<String> problems = new DashboardLint(withoutLoki).check(shipped);
    assertThat(problems).isNotEmpty()
        .allSatisfy(p -> assertThat(p).startsWith("logs.json: unknown datasource uid \"loki\""));
  }

  /** Problems of the shipped set plus one broken file (the shipped ones alone have none). */
  private List<String> lintWithShipped(String broken) throws Exception {
    List<Dashboard> set = new ArrayList<>(shipped);
    set.add(Dashboard.read(GrafanaFiles.broken(broken)));
    return new DashboardLint(datasources()).check(set);
  }
}
