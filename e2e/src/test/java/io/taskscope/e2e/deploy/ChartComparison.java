package io.taskscope.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The chart's objects against the kustomize build of the same profile, object by object, after normalising what
 * legitimately differs: Helm's bookkeeping labels (also in selectors), checksum annotations, the content hash kustomize
 * appends to generated ConfigMap names (and the references to them), and the TaskScope config file, compared as the
 * YAML it holds (the chart writes it with toYaml: same content, other key order, no comments). The release is named
 * "taskscope" in namespace "taskscope", which gives the bundle's names. Only TaskScope's own objects take part: the
 * bundle's Namespace and its Prometheus, Grafana, Loki, ... are not the chart's.
 */
final class ChartComparison {
  /** Labels Helm adds for its own bookkeeping; the bundle has none of them. */
  static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by",
      "app.kubernetes.io/instance", "app.kubernetes.io/version");
  /** Names (kustomize hash removed) of TaskScope's own objects in the bundle and its overlays. */
  static final Set<String> OWN = Set.of("taskscope", "taskscope-data", "taskscope-config", "taskscope-kg",
      "pushgateway");
  private static final Pattern HASHED = Pattern.compile("(.+)-[a-z0-9]{10}");

  private ChartComparison() {}

  /** TaskScope's own objects of a kustomize build, normalised, by "Kind/name". */
  static Map<String, JsonNode> ownOfBundle(Bundle kustomize) {
    Map<String, String> unhashed = new HashMap<>();
    for (Bundle.Item i : kustomize.items()) {
      String kind = i.tree().path("kind").asText();
      String name = i.tree().path("metadata").path("name").asText();
      var m = HASHED.matcher(name);
      if ((kind.equals("ConfigMap") || kind.equals("Secret")) && m.matches()) {
        unhashed.put(name, m.group(1));
      }
    }
    Map<String, JsonNode> out = new TreeMap<>();
    for (Bundle.Item i : kustomize.items()) {
      JsonNode t = rename(i.tree().deepCopy(), unhashed);
      String name = t.path("metadata").path("name").asText();
      if (!t.path("kind").asText().equals("Namespace") && OWN.contains(name)) {
        out.put(t.path("kind").asText() + "/" + name, normalise((ObjectNode) t));
      }
    }
    return out;
  }

  /** Every object of a chart rendering, normalised, by "Kind/name". */
  static Map<String, JsonNode> ofChart(Bundle chart) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Bundle.Item i : chart.items()) {
      out.put(i.id(), normalise(i.tree().deepCopy()));
    }
    return out;
  }

  /** Differences, one line each: objects only on one side, and objects whose normalised trees differ. */
  static List<String> differences(Map<String, JsonNode> chart, Map<String, JsonNode> bundle) {
    List<String> out = new ArrayList<>();
    for (String id : bundle.keySet()) {
      if (!chart.containsKey(id)) {
        out.add(id + ": in the kustomize build, not in the chart");
      } else if (!chart.get(id).equals(bundle.get(id))) {
        out.add(id + ": differs\n  chart:     " + chart.get(id) + "\n  kustomize: " + bundle.get(id));
      }
    }
    for (String id : chart.keySet()) {
      if (!bundle.containsKey(id)) {
        out.add(id + ": in the chart, not in the kustomize build");
      }
    }
    return out;
  }

  private static JsonNode rename(JsonNode n, Map<String, String> names) {
    if (n instanceof ObjectNode o) {
      o.properties().forEach(e -> e.setValue(rename(e.getValue(), names)));
    } else if (n instanceof ArrayNode a) {
      for (int k = 0; k < a.size(); k++) {
        a.set(k, rename(a.get(k), names));
      }
    } else if (n.isTextual() && names.containsKey(n.asText())) {
      return TextNode.valueOf(names.get(n.asText()));
    }
    return n;
  }

  static ObjectNode normalise(ObjectNode o) {
    stripLabels(o.path("metadata"), "labels");
    stripAnnotations(o.path("metadata"));
    JsonNode spec = o.path("spec");
    stripLabels(spec.path("selector"), "matchLabels");
    if (o.path("kind").asText().equals("Service")) {
      stripLabels(spec, "selector");
    }
    JsonNode template = spec.path("template").path("metadata");
    stripLabels(template, "labels");
    stripAnnotations(template);
    if (o.path("kind").asText().equals("ConfigMap") && o.path("data").has("taskscope.yaml")) {
      try {
        ((ObjectNode) o.path("data")).set("taskscope.yaml",
            Bundle.YAML.readTree(o.path("data").path("taskscope.yaml").asText()));
      } catch (Exception e) {
        throw new IllegalArgumentException("taskscope.yaml of " + o.path("metadata").path("name") + ": " + e, e);
      }
    }
    return o;
  }

  private static void stripLabels(JsonNode parent, String field) {
    if (parent instanceof ObjectNode p && p.get(field) instanceof ObjectNode labels) {
      HELM_LABELS.forEach(labels::remove);
      if (labels.isEmpty()) {
        p.remove(field);
      }
    }
  }

  private static void stripAnnotations(JsonNode metadata) {
    if (metadata instanceof ObjectNode m && m.get("annotations") instanceof ObjectNode a) {
      List<String> checksums = new ArrayList<>();
      a.fieldNames().forEachRemaining(k -> {
        if (k.startsWith("checksum/")) {
          checksums.add(k);
        }
      });
      checksums.forEach(a::remove);
      if (a.isEmpty()) {
        m.remove("annotations");
      }
    }
  }
}
