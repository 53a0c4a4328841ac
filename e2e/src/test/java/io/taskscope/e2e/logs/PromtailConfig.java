package io.taskscope.e2e.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A promtail config as promtail reads it: its scrape configs, their relabel rules, and the Loki labels its streams
 * end up with. Those labels are read off the config, not listed anywhere: relabel target labels and static labels
 * (minus "__" ones), labels set by pipeline stages (labels, static_labels, cri/docker add "stream"), the "filename"
 * label promtail adds to every file target, minus what labeldrop / labelallow stages remove.
 */
final class PromtailConfig {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Path file;
  private final List<Map<?, ?>> scrapeConfigs = new ArrayList<>();

  private PromtailConfig(Path file, Map<?, ?> doc) {
    this.file = file;
    Object scs = doc == null ? null : doc.get("scrape_configs");
    if (!(scs instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": no scrape_configs");
    }
    list.forEach(o -> scrapeConfigs.add((Map<?, ?>) o));
  }

  static PromtailConfig load(Path file) throws IOException {
    return new PromtailConfig(file, new Yaml().load(Files.readString(file)));
  }

  Path file() {
    return file;
  }

  List<Map<?, ?>> scrapeConfigs() {
    return scrapeConfigs;
  }

  /** The relabel rules of the scrape config with this job_name. */
  List<Relabeling.Rule> relabelRules(String jobName) {
    for (Map<?, ?> sc : scrapeConfigs) {
      if (jobName.equals(sc.get("job_name"))) {
        return Relabeling.rules((List<?>) sc.get("relabel_configs"));
      }
    }
    throw new IllegalArgumentException(file + ": no scrape config " + jobName);
  }

  /** Every label name a stream shipped by this config can carry. */
  Set<String> producedLabels() {
    Set<String> all = new TreeSet<>();
    for (Map<?, ?> sc : scrapeConfigs) {
      Set<String> labels = new TreeSet<>();
      labels.add("filename");
      for (Relabeling.Rule r : Relabeling.rules((List<?>) sc.get("relabel_configs"))) {
        switch (r.action()) {
          case "replace" -> {
            if (!LABEL_NAME.matcher(r.targetLabel()).matches()) {
              throw new IllegalArgumentException(file + ": target label computed at run time: " + r.targetLabel());
            }
            labels.add(r.targetLabel());
          }
          case "labelmap" -> throw new IllegalArgumentException(
              file + ": labelmap creates label names only known at run time; list them as replace rules");
          case "labeldrop" -> labels.removeIf(l -> r.regex().matcher(l).matches());
          case "labelkeep" -> labels.removeIf(l -> !r.regex().matcher(l).matches());
          default -> { }
        }
      }
      for (Object o : list(sc.get("static_configs"))) {
        Object staticLabels = ((Map<?, ?>) o).get("labels");
        if (staticLabels instanceof Map<?, ?> m) {
          m.keySet().forEach(k -> labels.add(String.valueOf(k)));
        }
      }
      for (Object o : list(sc.get("pipeline_stages"))) {
        applyStage((Map<?, ?>) o, labels);
      }
      labels.removeIf(l -> l.startsWith("__"));
      all.addAll(labels);
    }
    return all;
  }

  private void applyStage(Map<?, ?> stage, Set<String> labels) {
    for (Map.Entry<?, ?> e : stage.entrySet()) {
      String kind = String.valueOf(e.getKey());
      Object body = e.getValue();
      switch (kind) {
        case "cri", "docker" -> labels.add("stream");
        case "labels", "static_labels" -> {
          if (body instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> labels.add(String.valueOf(k)));
          }
        }
        case "labeldrop" -> list(body).forEach(l -> labels.remove(String.valueOf(l)));
        case "labelallow" -> {
          Set<String> keep = new TreeSet<>();
          list(body).forEach(l -> keep.add(String.valueOf(l)));
          labels.retainAll(keep);
        }
        case "match" -> throw new IllegalArgumentException(file + ": nested match stages are not read here");
        default -> { }
      }
    }
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}
