package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskscope.crstate.ConfigException;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.kube.sedna.SednaDefaults;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/kube-state-metrics/sedna-crs.yaml is a config real kube-state-metrics accepts: it compiles with TaskScope's
 * CR-state parser (which follows kube-state-metrics, crstate/COMPAT.md), uses no TaskScope extension, and is exactly
 * TaskScope's built-in Sedna config minus the metrics that need the "@json" path step.
 */
class SednaCrsConfigTest {
  private static final String FILE = "kube-state-metrics/sedna-crs.yaml";

  /** Problems that keep a CR-state config from being a kube-state-metrics config; empty when it is one. */
  static List<String> ksmProblems(String name, String yaml) {
    List<String> out = new ArrayList<>();
    try {
      CrStateConfig.parse(name, yaml);
    } catch (ConfigException e) {
      out.add(e.getMessage());
    }
    // TaskScope reads every document of a stream; kube-state-metrics only the first
    if (yaml.lines().anyMatch(l -> l.equals("---"))) {
      out.add(name + ": more than one YAML document");
    }
    try {
      JsonNode tree = Bundle.YAML.readTree(yaml);
      if (!"CustomResourceStateMetrics".equals(tree.path("kind").asText())) {
        out.add(name + ": kind is not CustomResourceStateMetrics");
      }
      if (tree.toString().contains("\"@json\"")) {
        out.add(name + ": uses the \"@json\" path step, a TaskScope extension kube-state-metrics does not have");
      }
    } catch (Exception e) {
      out.add(name + ": " + e.getMessage());
    }
    return out;
  }

  @Test
  void shippedConfigIsOneKubeStateMetricsCanRead() throws Exception {
    String yaml = Files.readString(DeployTree.resolve(FILE));
    assertThat(ksmProblems(FILE, yaml)).isEmpty();
    assertThat(CrStateConfig.parse(FILE, yaml).resources()).hasSize(11);
  }

  @Test
  void itIsTheBuiltInConfigWithoutTheJsonMetrics() throws Exception {
    JsonNode shipped = Bundle.YAML.readTree(Files.readString(DeployTree.resolve(FILE)));
    ObjectNode expected = (ObjectNode) Bundle.YAML.readTree(SednaDefaults.yaml());
    int removed = 0;
    for (JsonNode resource : expected.path("spec").path("resources")) {
      ArrayNode metrics = (ArrayNode) resource.path("metrics");
      for (int i = metrics.size() - 1; i >= 0; i--) {
        if (metrics.get(i).toString().contains("\"@json\"")) {
          metrics.remove(i);
          removed++;
        }
      }
    }
    assertThat(removed).isPositive();
    assertThat(shipped).isEqualTo(expected);
  }

  @Test
  void theCheckRejectsExtensionsAndBrokenConfigs() throws Exception {
    String yaml = Files.readString(DeployTree.resolve(FILE));
    // the built-in config itself is not a kube-state-metrics config
    assertThat(ksmProblems("built-in", SednaDefaults.yaml())).singleElement().asString().contains("@json");
    String withJson = yaml.replaceFirst("path: \\[status, conditions, \"-1\"]",
        "path: [status, conditions, \"-1\", data, \"@json\"]");
    assertThat(withJson).isNotEqualTo(yaml);
    assertThat(ksmProblems("with-json", withJson)).singleElement().asString().contains("@json");
    String badType = yaml.replaceFirst("type: Gauge", "type: Histogram");
    assertThat(ksmProblems("bad-type", badType)).singleElement().asString().contains("bad-type:");
    assertThatThrownBy(() -> CrStateConfig.parse("bad-type", badType)).isInstanceOf(ConfigException.class);
    assertThat(ksmProblems("two-docs", yaml + "\n---\n" + yaml)).isNotEmpty();
  }
}
