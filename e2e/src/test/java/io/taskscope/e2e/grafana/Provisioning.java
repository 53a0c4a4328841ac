package io.taskscope.e2e.grafana;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Grafana's provisioning files as Grafana reads them: datasources by uid, file providers by path. */
final class Provisioning {
  /** A provisioned datasource. */
  record Datasource(String uid, String type, String url) {}

  /** A dashboard provider of type {@code file}. */
  record Provider(String name, String type, String path) {}

  private Provisioning() {}

  /** The datasources of a provisioning file, by uid. */
  static Map<String, Datasource> datasources(Path file) throws IOException {
    Map<String, Datasource> out = new LinkedHashMap<>();
    for (Map<String, Object> ds : list(load(file), "datasources")) {
      String uid = String.valueOf(ds.getOrDefault("uid", ""));
      out.put(uid, new Datasource(uid, String.valueOf(ds.get("type")), String.valueOf(ds.get("url"))));
    }
    return out;
  }

  static List<Provider> providers(Path file) throws IOException {
    return list(load(file), "providers").stream().map(p -> {
      Object options = p.get("options");
      Object path = options instanceof Map<?, ?> m ? m.get("path") : null;
      return new Provider(String.valueOf(p.get("name")), String.valueOf(p.getOrDefault("type", "file")),
          String.valueOf(path));
    }).toList();
  }

  private static Map<String, Object> load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      Map<String, Object> doc = new Yaml().load(r);
      if (doc == null || !Integer.valueOf(1).equals(doc.get("apiVersion"))) {
        throw new IllegalArgumentException(file + ": not a Grafana provisioning file (apiVersion: 1)");
      }
      return doc;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v == null ? List.of() : (List<Map<String, Object>>) v;
  }
}
