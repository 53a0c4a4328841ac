package io.taskscope.e2e.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.DemoStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/prometheus/prometheus.yml passes the check CI runs on it (discovery schema + Debian's promtool on the files
 * laid out at the bundle's mount paths, rule files included), and the broken examples under deploy-broken/prometheus
 * fail that same check for the reason each one states.
 */
class PrometheusConfigTest {
  private static final List<String> CONTRACT_JOBS = List.of("taskscope", "kube-state-metrics", "kubelet", "kepler",
      "dcgm-exporter", "node-exporter");

  @TempDir
  Path tmp;

  @Test
  void shippedConfigPassesPromtoolWithTheRulesItMounts() throws Exception {
    List<Path> rules = DemoStack.ruleFiles();
    Tool check = MountedPrometheus.check(tmp, MountedPrometheus.shippedConfig(), rules);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + rules.size() + " rule files found");
  }

  @Test
  void influxDbRemoteWriteSnippetMergesIntoTheShippedConfig() throws Exception {
    Path merged = Files.writeString(tmp.resolve("with-influxdb.yml"),
        Files.readString(MountedPrometheus.shippedConfig()) + "\n" + Files.readString(
            MountedPrometheus.shippedConfig().resolveSibling("remote-write-influxdb.yml")));
    Tool check = MountedPrometheus.check(Files.createDirectories(tmp.resolve("root")), merged,
        DemoStack.ruleFiles());
    assertThat(check.exitCode()).as(check.output()).isZero();
    Map<String, Object> doc = new Yaml().load(Files.readString(merged));
    assertThat(doc.get("remote_write")).asList().singleElement()
        .satisfies(rw -> assertThat((String) map(rw).get("url")).contains("/api/v1/prom/write?db="));
  }

  @Test
  void everyJobOfTheContractExistsAndEveryJobSetsTheClusterLabel() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(MountedPrometheus.shippedConfig()));
    List<String> names = new ArrayList<>();
    for (Object o : (List<?>) doc.get("scrape_configs")) {
      Map<?, ?> job = (Map<?, ?>) o;
      String name = (String) job.get("job_name");
      names.add(name);
      Object relabels = job.get("relabel_configs");
      assertThat(relabels).as("relabel_configs of " + name).isInstanceOf(List.class);
      assertThat((List<?>) relabels).as("cluster label of " + name)
          .anySatisfy(r -> assertThat(map(r)).containsEntry("target_label", "cluster")
              .containsEntry("replacement", "taskscope"));
      boolean honors = Boolean.TRUE.equals(job.get("honor_labels"));
      assertThat(honors).as("honor_labels of " + name).isEqualTo(name.equals("taskscope") || name.equals("kepler"));
    }
    assertThat(names).containsAll(CONTRACT_JOBS).doesNotHaveDuplicates();
    assertThat(doc.get("rule_files")).isEqualTo(List.of(MountedPrometheus.RULES + "/*.yml"));
  }

  @Test
  void theClusterNameIsChangedOnOneLine() throws Exception {
    String text = Files.readString(MountedPrometheus.shippedConfig());
    assertThat(text.split("replacement: taskscope", -1)).as("one place names the cluster").hasSize(2);
    Map<String, Object> doc = new Yaml().load(text.replace("replacement: taskscope", "replacement: edge-site-7"));
    for (Object o : (List<?>) doc.get("scrape_configs")) {
      assertThat((List<?>) map(o).get("relabel_configs")).as(String.valueOf(map(o).get("job_name")))
          .anySatisfy(r -> assertThat(map(r)).containsEntry("target_label", "cluster")
              .containsEntry("replacement", "edge-site-7"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void brokenExamplesFailTheSameCheckForTheirReason() throws Exception {
    BrokenExample.assertEachRejected(Path.of(getClass().getResource("/deploy-broken/prometheus").toURI()), "rules",
        DemoStack.ruleFiles(), tmp, 5, MountedPrometheus::check);
  }
}
