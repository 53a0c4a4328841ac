package io.taskscope.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** An object as YAML, the way {@code kubectl get -o yaml} shows it but without {@code managedFields} (noise). */
final class CrYaml {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private CrYaml() {}

  /** The object as a plain map (apiVersion, kind, metadata, spec, status, ...), managedFields dropped. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> tree(GenericKubernetesResource o) {
    try {
      Map<String, Object> m = JSON.readValue(Serialization.asJson(o), LinkedHashMap.class);
      if (m.get("metadata") instanceof Map<?, ?> meta) {
        ((Map<String, Object>) meta).remove("managedFields");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("object not serializable: " + e.getOriginalMessage(), e);
    }
  }

  static String yaml(GenericKubernetesResource o) {
    try {
      return YAML.writeValueAsString(tree(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("object not serializable as YAML: " + e.getOriginalMessage(), e);
    }
  }
}
