package io.taskscope.e2e.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.DemoStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every PromQL target of every dashboard, variables substituted from their own queries, returns data from a real
 * Prometheus scraping {@code taskscope demo} alone (its simulated exporters, Sedna workers and Simplepipe pipelines)
 * and a real node-exporter; a dashboard whose queries match nothing is rejected by the same check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardDataLiveTest {
  /** One wait for all dashboards together: the stack needs a few scrapes and rule evaluations, then all is there. */
  private static final Duration WAIT = Duration.ofSeconds(90);

  private DemoStack stack;
  private DashboardDataCheck check;

  @BeforeAll
  void start() throws Exception {
    stack = DemoStack.start(); // the demo's own Simplepipe pipelines feed the pipelines dashboard
    Map<String, Provisioning.Datasource> datasources = Provisioning.datasources(GrafanaFiles.datasources());
    check = new DashboardDataCheck(stack.prometheus(), datasources);
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void everyPromQlTargetOfEveryDashboardReturnsData() throws Exception {
    List<Dashboard> dashboards = Dashboard.readAll(GrafanaFiles.dashboards());
    long promTargets = dashboards.stream().flatMap(d -> d.targets().stream())
        .filter(t -> t.datasourceUid().equals("prometheus")).count();
    DashboardDataCheck.Report report = check.awaitData(dashboards, WAIT);
    assertThat(report.problems()).as("targets without data after " + WAIT + "; scrape targets: "
        + stack.targetHealth()).isEmpty();
    assertThat((long) report.targets()).isEqualTo(promTargets).isGreaterThan(150);
  }

  @Test
  @Order(2)
  void aDashboardWhoseQueriesMatchNothingIsRejected() throws Exception {
    Dashboard broken = Dashboard.read(GrafanaFiles.broken("query-without-data.json"));
    // the stack has had its data since the test above; a short wait is enough to prove nothing comes
    DashboardDataCheck.Report report = check.awaitData(List.of(broken), Duration.ofSeconds(6));
    assertThat(report.targets()).isEqualTo(broken.targets().size());
    assertThat(report.problems()).hasSize(report.targets())
        .allSatisfy(p -> assertThat(p).contains("no data").contains("FederatedLearningJobs"));
  }
}
