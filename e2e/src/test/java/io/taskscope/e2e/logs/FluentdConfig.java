package io.taskscope.e2e.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Fluentd config read the way Fluentd nests it ({@code <directive arg> key value ... </directive>}), enough to say
 * which Loki labels its Loki outputs (fluent-plugin-grafana-loki) produce and whether each label's field is ever set.
 */
final class FluentdConfig {
  /** One {@code <name arg>} section with its parameters (in order) and subsections. */
  record Section(String name, String arg, Map<String, String> params, List<Section> children, int line) {
    List<Section> all(String sectionName) {
      List<Section> out = new ArrayList<>();
      for (Section c : children) {
        if (c.name.equals(sectionName)) {
          out.add(c);
        }
        out.addAll(c.all(sectionName));
      }
      return out;
    }

    String type() {
      return params.getOrDefault("@type", "");
    }
  }

  /** A Loki label: its name as the plugin sends it and the record field it comes from. */
  record LokiLabel(String name, String accessor, int line) {}

  private static final Pattern JSON_KEY = Pattern.compile("\"([^\"]+)\"\\s*:");

  private final Path file;
  private final Section root;

  private FluentdConfig(Path file, Section root) {
    this.file = file;
    this.root = root;
  }

  static FluentdConfig load(Path file) throws IOException {
    Section root = new Section("ROOT", "", new LinkedHashMap<>(), new ArrayList<>(), 0);
    Deque<Section> open = new ArrayDeque<>();
    open.push(root);
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("</")) {
        String name = line.substring(2, line.length() - 1).strip();
        if (open.size() == 1 || !open.peek().name.equals(name)) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": unexpected " + line);
        }
        open.pop();
      } else if (line.startsWith("<") && line.endsWith(">")) {
        String inner = line.substring(1, line.length() - 1).strip();
        int sp = inner.indexOf(' ');
        Section s = new Section(sp < 0 ? inner : inner.substring(0, sp), sp < 0 ? "" : inner.substring(sp + 1).strip(),
            new LinkedHashMap<>(), new ArrayList<>(), i + 1);
        open.peek().children.add(s);
        open.push(s);
      } else {
        int sp = line.indexOf(' ');
        open.peek().params.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1).strip());
      }
    }
    if (open.size() != 1) {
      throw new IllegalArgumentException(file + ": <" + open.peek().name + "> is never closed");
    }
    return new FluentdConfig(file, root);
  }

  Path file() {
    return file;
  }

  Section root() {
    return root;
  }

  /** The {@code <match>} sections with {@code @type loki}. */
  List<Section> lokiOutputs() {
    return root.all("match").stream().filter(m -> m.type().equals("loki")).toList();
  }

  /** The labels of every Loki output's {@code <label>} section, named as the plugin names them. */
  List<LokiLabel> lokiLabels() {
    List<LokiLabel> out = new ArrayList<>();
    for (Section match : lokiOutputs()) {
      if ("true".equals(match.params.get("extract_kubernetes_labels"))) {
        throw new IllegalArgumentException(file + ":" + match.line
            + ": extract_kubernetes_labels makes every pod label a Loki label; list the labels in <label>");
      }
      for (Section label : match.all("label")) {
        label.params.forEach((name, accessor) -> out.add(
            new LokiLabel(name.replaceAll("[.\\-/]", "_"), accessor.isEmpty() ? name : accessor, label.line)));
      }
    }
    return out;
  }

  /** Every label name a stream shipped by this config can carry. */
  Set<String> producedLabels() {
    Set<String> labels = new TreeSet<>();
    lokiLabels().forEach(l -> labels.add(l.name()));
    for (Section match : lokiOutputs()) {
      String extra = match.params.getOrDefault("extra_labels", "").strip();
      // extra_labels is a JSON object: take its keys
      Matcher keys = JSON_KEY.matcher(extra);
      while (keys.find()) {
        labels.add(keys.group(1));
      }
      int threads = match.all("buffer").stream()
          .map(b -> Integer.parseInt(b.params.getOrDefault("flush_thread_count", "1")))
          .findFirst().orElse(1);
      if (!"false".equals(match.params.get("include_thread_label")) && threads > 1) {
        labels.add("fluentd_thread");
      }
    }
    return labels;
  }

  /**
   * Labels whose record field nothing sets: a {@code $.kubernetes.*} field needs the kubernetes_metadata filter, any
   * other top-level field a record_transformer {@code <record>} entry.
   */
  List<String> unsetLabelFields() {
    Set<String> set = new TreeSet<>();
    boolean metadata = false;
    for (Section filter : root.all("filter")) {
      if (filter.type().equals("kubernetes_metadata")) {
        metadata = true;
      }
      if (filter.type().equals("record_transformer")) {
        for (Section record : filter.all("record")) {
          set.addAll(record.params.keySet());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (LokiLabel l : lokiLabels()) {
      String field = topLevelField(l.accessor());
      boolean known = field.equals("kubernetes") ? metadata : set.contains(field);
      if (!known) {
        problems.add(file.getFileName() + ":" + l.line() + ": label " + l.name() + " reads field '" + field
            + "' that no filter sets");
      }
    }
    return problems;
  }

  private static String topLevelField(String accessor) {
    if (accessor.startsWith("$.")) {
      String rest = accessor.substring(2);
      int dot = rest.indexOf('.');
      int bracket = rest.indexOf('[');
      int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
      return end < 0 ? rest : rest.substring(0, end);
    }
    if (accessor.startsWith("$['")) {
      return accessor.substring(3, accessor.indexOf("']"));
    }
    return accessor;
  }
}
