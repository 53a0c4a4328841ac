package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.ResourceGenerator;
import io.taskscope.e2e.PrometheusProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values files for the upstream kube-prometheus-stack and loki-stack charts are valid YAML, name only files of
 * this repository that exist, set up what the kustomize bundle sets up (Sedna CR config for kube-state-metrics,
 * TaskScope scraped with honor_labels, datasource uids, Loki on 10Gi, promtail's task labels), and their scrape
 * configs pass promtool.
 */
class HelmValuesTest {
  private static final String KPS = "helm/kube-prometheus-stack-values.yaml";
  private static final String LOKI = "helm/loki-stack-values.yaml";

  @TempDir
  Path tmp;

  /** deploy/... paths a values file names (install steps in its comments), missing ones reported. */
  static List<String> missingPaths(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("deploy/[A-Za-z0-9_./*-]*[A-Za-z0-9_*/]").matcher(text);
    while (m.find()) {
      String p = m.group();
      Path path = DeployTree.DEPLOY.resolve(p.substring("deploy/".length()));
      if (p.contains("*")) {
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName());
        try (var s = Files.list(path.getParent())) {
          if (s.noneMatch(f -> matcher.matches(f.getFileName()))) {
            out.add(p + " matches no file");
          }
        } catch (Exception e) {
          out.add(p + ": " + e.getMessage());
        }
      } else if (!Files.exists(path)) {
        out.add(p + " does not exist");
      }
    }
    return out;
  }

  private static JsonNode read(String text) throws Exception {
    JsonNode n = Bundle.YAML.readTree(text);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("values must be a YAML mapping");
    }
    return n;
  }

  @Test
  void bothFilesAreYamlMappingsNamingOnlyExistingFiles() throws Exception {
    for (String f : List.of(KPS, LOKI)) {
      String text = Files.readString(DeployTree.resolve(f));
      assertThat(read(text).size()).as(f).isGreaterThan(1);
      assertThat(missingPaths(text)).as(f).isEmpty();
    }
    String kps = Files.readString(DeployTree.resolve(KPS));
    assertThat(kps).contains("deploy/kube-state-metrics/sedna-crs.yaml", "deploy/grafana/dashboards/",
        "deploy/prometheus/rules/*.yml");
  }

  @Test
  void kubeStateMetricsReadsTheSednaConfigAndMayListEverySednaKind() throws Exception {
    String text = Files.readString(DeployTree.resolve(KPS));
    JsonNode ksm = read(text).path("kube-state-metrics");
    String flag = "--custom-resource-state-config-file=";
    String file = null;
    for (JsonNode a : ksm.path("extraArgs")) {
      if (a.asText().startsWith(flag)) {
        file = a.asText().substring(flag.length());
      }
    }
    assertThat(file).isNotNull();
    JsonNode mount = ksm.path("volumeMounts").get(0);
    assertThat(Path.of(file).getParent().toString()).isEqualTo(mount.path("mountPath").asText());
    JsonNode volume = ksm.path("volumes").get(0);
    assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
    // the ConfigMap the install steps create, with the file under the key the flag reads
    String cm = volume.path("configMap").path("name").asText();
    assertThat(text).contains("create configmap " + cm + " \\\n#     --from-file=" + Path.of(file).getFileName()
        + "=deploy/kube-state-metrics/sedna-crs.yaml");
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : ksm.path("rbac").path("extraRules")) {
      assertThat(rule.path("verbs").toString()).isEqualTo("[\"list\",\"watch\"]");
      if (rule.path("apiGroups").toString().contains("sedna.io")) {
        rule.path("resources").forEach(r -> granted.add(r.asText()));
      }
    }
    Set<String> kinds = new TreeSet<>();
    for (ResourceGenerator r : CrStateConfig.load(List.of(DeployTree.resolve("kube-state-metrics/sedna-crs.yaml")))
        .resources()) {
      kinds.add(r.kind().toLowerCase(Locale.ROOT) + "s");
    }
    assertThat(granted).isEqualTo(kinds);
  }

  @Test
  void scrapeConfigsPassPromtoolAndScrapeTaskScopeWithHonorLabels() throws Exception {
    JsonNode values = read(Files.readString(DeployTree.resolve(KPS)));
    ArrayNode jobs = (ArrayNode) values.path("prometheus").path("prometheusSpec").path("additionalScrapeConfigs");
    JsonNode taskscope = null;
    for (JsonNode j : jobs) {
      if (j.path("job_name").asText().equals("taskscope")) {
        taskscope = j;
      }
      assertThat(j.toString()).as(j.path("job_name").asText()).contains("\"target_label\":\"cluster\"");
    }
    assertThat(taskscope).isNotNull();
    assertThat(taskscope.path("honor_labels").asBoolean()).isTrue();
    assertThat(promtool(jobs)).isEqualTo(0);
    // the same check fails on a broken job
    ArrayNode broken = jobs.deepCopy();
    ((ObjectNode) broken.get(0)).put("scrape_interval", "often");
    assertThat(promtool(broken)).isNotEqualTo(0);
  }

  private static final Set<String> SD_ROLES = Set.of("pod", "node", "service", "endpoints", "endpointslice",
      "ingress");
  private static final Set<String> SD_KEYS = Set.of("role", "namespaces", "selectors", "api_server", "kubeconfig_file",
      "attach_metadata");

  /**
   * promtool check config on the scrape jobs. Debian's Prometheus is built without Kubernetes discovery, so each
   * kubernetes_sd_configs entry is checked against its schema here and replaced by a static target for promtool,
   * which still checks everything else (relabeling regexes, actions, labels, intervals).
   */
  private int promtool(ArrayNode scrapeConfigs) throws Exception {
    ArrayNode jobs = scrapeConfigs.deepCopy();
    for (JsonNode job : jobs) {
      JsonNode sd = ((ObjectNode) job).remove("kubernetes_sd_configs");
      if (sd == null) {
        continue;
      }
      for (JsonNode entry : sd) {
        entry.fieldNames().forEachRemaining(k -> assertThat(SD_KEYS).as("kubernetes_sd_configs key").contains(k));
        assertThat(SD_ROLES).as("kubernetes_sd_configs role").contains(entry.path("role").asText());
      }
      ObjectNode target = Bundle.YAML.createObjectNode();
      target.putArray("targets").add("discovered.example:9100");
      ((ObjectNode) job).putArray("static_configs").add(target);
    }
    ObjectNode config = Bundle.YAML.createObjectNode();
    config.set("scrape_configs", jobs);
    Path file = tmp.resolve("prometheus-" + System.nanoTime() + ".yml");
    Files.writeString(file, Bundle.YAML.writeValueAsString(config));
    Process p = new ProcessBuilder(Path.of(PrometheusProcess.binary()).resolveSibling("promtool").toString(), "check",
        "config", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    return p.exitValue();
  }

  @Test
  void grafanaHasTheDatasourceUidsTheDashboardsUse() throws Exception {
    String text = Files.readString(DeployTree.resolve(KPS));
    JsonNode grafana = read(text).path("grafana");
    assertThat(grafana.path("sidecar").path("datasources").path("uid").asText()).isEqualTo("prometheus");
    JsonNode loki = grafana.path("additionalDataSources").get(0);
    assertThat(loki.path("uid").asText()).isEqualTo("loki");
    assertThat(loki.path("type").asText()).isEqualTo("loki");
    assertThat(loki.path("url").asText()).endsWith(":3100");
    JsonNode dashboards = grafana.path("sidecar").path("dashboards");
    assertThat(text).contains("grafana_dashboard=" + dashboards.path("labelValue").asText())
        .contains("label: " + dashboards.path("label").asText());
    assertThat(grafana.path("ingress").path("enabled").asBoolean()).isTrue();
  }

  @Test
  void lokiStackKeepsTenGibAndLabelsLinesLikeTheBundlesPromtail() throws Exception {
    JsonNode values = read(Files.readString(DeployTree.resolve(LOKI)));
    assertThat(values.path("loki").path("persistence").path("enabled").asBoolean()).isTrue();
    assertThat(values.path("loki").path("persistence").path("size").asText()).isEqualTo("10Gi");
    JsonNode extra = values.path("promtail").path("config").path("snippets").path("extraRelabelConfigs");
    assertThat(promtailProblems(extra)).isEmpty();
    ArrayNode changed = extra.deepCopy();
    ((ObjectNode) changed.get(1)).put("replacement", "GM");
    assertThat(promtailProblems(changed)).isNotEmpty();
  }

  /** The task and node relabel rules of deploy/promtail/promtail.yaml, which the values must repeat in order. */
  private static List<String> promtailProblems(JsonNode extra) throws Exception {
    JsonNode promtail = Bundle.YAML.readTree(DeployTree.resolve("promtail/promtail.yaml").toFile());
    ArrayNode expected = Bundle.YAML.createArrayNode();
    for (JsonNode rule : promtail.path("scrape_configs").get(0).path("relabel_configs")) {
      if (Set.of("node", "task_kind", "task_name", "worker_type").contains(rule.path("target_label").asText())) {
        expected.add(rule);
      }
    }
    return expected.equals(extra) ? List.of()
        : List.of("extraRelabelConfigs differ from deploy/promtail/promtail.yaml:\n" + extra + "\n" + expected);
  }

  @Test
  void theChecksRejectBrokenValues() throws Exception {
    String text = Files.readString(DeployTree.resolve(KPS));
    assertThat(missingPaths(text.replace("deploy/kube-state-metrics/sedna-crs.yaml",
        "deploy/kube-state-metrics/sedna.yaml"))).containsExactly("deploy/kube-state-metrics/sedna.yaml does not exist");
    assertThat(missingPaths("see deploy/prometheus/rules/*.yaml")).singleElement().asString().contains("matches no");
    assertThatThrownBy(() -> read("grafana: [unclosed")).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> read("- just\n- a list\n")).hasMessageContaining("mapping");
  }
}
