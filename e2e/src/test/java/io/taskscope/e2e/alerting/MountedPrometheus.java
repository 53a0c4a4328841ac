package io.taskscope.e2e.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.e2e.DemoStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The in-cluster Prometheus files laid out under a temporary root exactly as the kustomize bundle mounts them
 * (config, rules, service account), so the absolute paths in deploy/prometheus/prometheus.yml resolve. Kubernetes
 * discovery is replaced by file_sd files from {@link SimulatedKubernetesSd} (Debian's Prometheus has no Kubernetes
 * discovery); everything else of the config is kept as shipped.
 */
final class MountedPrometheus {
  static final String CONFIG = "/etc/prometheus/prometheus.yml";
  static final String RULES = "/etc/prometheus/rules";
  static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MountedPrometheus() {}

  static Path shippedConfig() {
    return DemoStack.repoRoot().resolve("deploy/prometheus/prometheus.yml");
  }

  /**
   * Lays out {@code config} and {@code ruleFiles} under {@code root}; returns the config to run or check.
   *
   * @throws IllegalArgumentException when a kubernetes_sd_configs entry breaks the upstream schema
   */
  static Path lay(Path root, Path config, List<Path> ruleFiles, SimulatedKubernetesSd sd) throws IOException {
    Path rules = Files.createDirectories(under(root, RULES));
    for (Path r : ruleFiles) {
      Files.copy(r, rules.resolve(r.getFileName()));
    }
    Path sa = Files.createDirectories(under(root, SERVICE_ACCOUNT));
    Files.writeString(sa.resolve("token"), "service-account-token-of-the-test");
    Files.copy(Path.of("/etc/ssl/certs/ca-certificates.crt"), sa.resolve("ca.crt"));

    String text = Files.readString(config)
        .replace("/etc/prometheus/", under(root, "/etc/prometheus/") + "/")
        .replace(SERVICE_ACCOUNT + "/", under(root, SERVICE_ACCOUNT) + "/");
    Path out = under(root, CONFIG);
    Object parsed;
    try {
      parsed = new Yaml().load(text);
    } catch (YAMLException notYaml) {
      Files.writeString(out, text); // promtool says what is wrong with it
      return out;
    }
    if (!(parsed instanceof Map<?, ?> top)) {
      Files.writeString(out, text);
      return out;
    }
    Map<String, Object> doc = cast(top);
    Path sdDir = Files.createDirectories(root.resolve("file-sd"));
    Object jobs = doc.get("scrape_configs");
    if (jobs instanceof List<?> list) {
      for (Object job : list) {
        if (job instanceof Map<?, ?> m && m.containsKey("kubernetes_sd_configs")) {
          replaceDiscovery(cast(m), sd, sdDir);
        }
      }
    }
    DumperOptions style = new DumperOptions();
    style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(out, new Yaml(style).dump(doc));
    return out;
  }

  private static void replaceDiscovery(Map<String, Object> job, SimulatedKubernetesSd sd, Path sdDir)
      throws IOException {
    String name = String.valueOf(job.get("job_name"));
    Object configs = job.get("kubernetes_sd_configs");
    if (!(configs instanceof List<?> entries)) {
      throw new IllegalArgumentException("job " + name + ": kubernetes_sd_configs is not a list");
    }
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Object e : entries) {
      if (!(e instanceof Map<?, ?> entry)) {
        throw new IllegalArgumentException("job " + name + ": kubernetes_sd_configs entry is not a mapping");
      }
      groups.addAll(sd.groups(name, entry));
    }
    Path file = sdDir.resolve(name + ".json");
    JSON.writeValue(file.toFile(), groups);
    // keep the key order of the job: the discovery block is swapped in place
    Map<String, Object> copy = new LinkedHashMap<>(job);
    job.clear();
    copy.forEach((k, v) -> job.put(k.equals("kubernetes_sd_configs") ? "file_sd_configs" : k,
        k.equals("kubernetes_sd_configs") ? List.of(Map.of("files", List.of(file.toString()))) : v));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  static Path under(Path root, String absolute) {
    return root.resolve(absolute.substring(1));
  }

  /**
   * The check CI runs on a Prometheus config: the discovery schema, then Debian's {@code promtool check config} on
   * the laid-out files (config, relabelings, rule files, credentials files).
   */
  static Tool check(Path root, Path config, List<Path> ruleFiles) throws Exception {
    Path laid;
    try {
      laid = lay(root, config, ruleFiles, SimulatedKubernetesSd.empty());
    } catch (IllegalArgumentException e) {
      return new Tool(1, e.getMessage());
    }
    return Tool.run("/usr/bin/promtool", "check", "config", laid.toString());
  }
}
