package io.taskscope.e2e.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * What our Loki deployment needs from loki.yaml (Loki itself cannot run here): single tenant on port 3100, all state
 * under the PVC mount /data/loki, TSDB on the filesystem, retention that the compactor really applies (Loki 3 refuses
 * retention without a delete-request store), and streams that keep exactly the collectors' labels.
 */
final class LokiConfigCheck {
  static final String DATA = "/data/loki";

  private LokiConfigCheck() {}

  static List<String> violations(Path file) throws IOException {
    Map<?, ?> doc = new Yaml().load(Files.readString(file));
    List<String> out = new ArrayList<>();
    if (!Boolean.FALSE.equals(get(doc, "auth_enabled"))) {
      out.add("auth_enabled must be false: promtail and fluentd send no tenant");
    }
    if (!Integer.valueOf(3100).equals(get(doc, "server", "http_listen_port"))) {
      out.add("server.http_listen_port must be 3100 (Service loki:3100)");
    }
    paths(doc, "", out);
    Object configs = get(doc, "schema_config", "configs");
    if (!(configs instanceof List<?> list) || list.isEmpty()) {
      out.add("schema_config.configs is empty");
    } else {
      for (Object o : list) {
        Map<?, ?> c = (Map<?, ?>) o;
        if (!"tsdb".equals(c.get("store")) || !"filesystem".equals(c.get("object_store"))) {
          out.add("schema " + c.get("from") + ": store tsdb on object_store filesystem expected");
        }
      }
    }
    if (!Boolean.TRUE.equals(get(doc, "compactor", "retention_enabled"))) {
      out.add("compactor.retention_enabled must be true, or nothing is ever deleted from the 10Gi volume");
    } else if (get(doc, "compactor", "delete_request_store") == null) {
      out.add("compactor.delete_request_store is required when retention is enabled (Loki 3 refuses to start)");
    }
    Object retention = get(doc, "limits_config", "retention_period");
    Duration period = retention == null ? Duration.ZERO : duration(String.valueOf(retention));
    if (period.compareTo(Duration.ofHours(24)) < 0) {
      out.add("limits_config.retention_period must be at least 24h (one index period), is " + retention);
    }
    if (!(get(doc, "limits_config", "discover_service_name") instanceof List<?> l) || !l.isEmpty()) {
      out.add("limits_config.discover_service_name must be [] or Loki adds a service_name label to every stream");
    }
    return out;
  }

  /** Every string value that is an absolute path (or a key ending in _directory / dir / path) lies under /data/loki. */
  private static void paths(Object node, String where, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> paths(v, where.isEmpty() ? String.valueOf(k) : where + "." + k, out));
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        paths(l.get(i), where + "[" + i + "]", out);
      }
    } else if (node instanceof String s && s.startsWith("/") && !s.equals(DATA) && !s.startsWith(DATA + "/")) {
      out.add(where + " = " + s + " is outside " + DATA + " (the PersistentVolumeClaim)");
    }
  }

  static Duration duration(String text) {
    Duration total = Duration.ZERO;
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)").matcher(text);
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(365 * n);
      });
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }

  private static Object get(Object node, String... keys) {
    for (String k : keys) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(k);
    }
    return node;
  }
}
