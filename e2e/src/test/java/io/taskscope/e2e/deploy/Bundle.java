package io.taskscope.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of a rendered bundle (kubectl kustomize output or a manifest file), each parsed twice: as a JSON tree
 * and through fabric8's typed model, which rejects a field of the wrong type. Parsing fails on the first object the
 * typed model cannot read, naming it.
 */
final class Bundle {
  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  /** One object: its source tree and the typed fabric8 object. */
  record Item(JsonNode tree, HasMetadata typed) {
    String id() {
      return tree.path("kind").asText() + "/" + tree.path("metadata").path("name").asText();
    }
  }

  private final List<Item> items;

  private Bundle(List<Item> items) {
    this.items = List.copyOf(items);
  }

  static Bundle parse(String yaml) throws IOException {
    List<Item> items = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var docs = YAML.readValues(parser, JsonNode.class);
      int index = 0;
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        index++;
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (!doc.isObject()) {
          throw new IllegalArgumentException("document " + index + " is not a Kubernetes object: " + doc);
        }
        HasMetadata typed;
        try {
          Object o = K8S.unmarshal(JSON.writeValueAsString(doc));
          if (!(o instanceof HasMetadata h)) {
            throw new IllegalArgumentException("not an object with metadata: " + o.getClass().getSimpleName());
          }
          typed = h;
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText()
              + " (document " + index + "): " + firstLine(rootCause(e).getMessage()), e);
        }
        items.add(new Item(doc, typed));
      }
    }
    return new Bundle(items);
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  List<Item> items() {
    return items;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return items.stream().map(Item::typed).filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  <T extends HasMetadata> T require(Class<T> type, String name) {
    return named(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** A ConfigMap by the name it has before kustomize appends the content hash. */
  Optional<ConfigMap> configMap(String baseName) {
    return all(ConfigMap.class).stream().filter(c -> hashedName(c.getMetadata().getName(), baseName)).findFirst();
  }

  Optional<Secret> secret(String baseName) {
    return all(Secret.class).stream().filter(c -> hashedName(c.getMetadata().getName(), baseName)).findFirst();
  }

  private static boolean hashedName(String actual, String base) {
    return actual.equals(base) || actual.matches(java.util.regex.Pattern.quote(base) + "-[a-z0-9]{10}");
  }

  /** Pod templates of the workloads, by "Kind/name". */
  Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
    for (Item i : items) {
      PodTemplateSpec t = switch (i.typed()) {
        case Deployment d -> d.getSpec().getTemplate();
        case DaemonSet d -> d.getSpec().getTemplate();
        case StatefulSet s -> s.getSpec().getTemplate();
        case Job j -> j.getSpec().getTemplate();
        default -> null;
      };
      if (t != null) {
        out.put(i.id(), t);
      }
    }
    return out;
  }

  /** A copy of the source trees, for tests that break one field on purpose. */
  List<ObjectNode> trees() {
    return items.stream().map(i -> (ObjectNode) i.tree().deepCopy()).toList();
  }
}
