package io.taskscope.crstate;

import io.taskscope.core.FamilyHeader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Reads CustomResourceStateMetrics YAML into compiled {@link ResourceGenerator}s, keeping the line of every node so
 * that each problem is reported as {@code source:line: field: message}. Collects all problems of a source.
 */
final class ConfigParser extends YamlFields {
  static final String KIND = "CustomResourceStateMetrics";
  static final String DEFAULT_PREFIX = "kube_customresource";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  final List<ResourceGenerator> resources = new ArrayList<>();

  private ConfigParser(String source, int lineOffset, List<ConfigError> errors) {
    super(source, lineOffset, errors);
  }

  /** Parses every document of {@code yaml}; problems go to {@code errors}. */
  static List<ResourceGenerator> parse(String source, String yaml, List<ConfigError> errors) {
    ConfigParser p = new ConfigParser(source, 0, errors);
    p.parseStream(yaml, true);
    return p.resources;
  }

  private static Yaml yaml() {
    LoaderOptions lo = new LoaderOptions();
    lo.setAllowDuplicateKeys(true); // reported by us, with a line
    lo.setMaxAliasesForCollections(100);
    lo.setCodePointLimit(16 * 1024 * 1024);
    return new Yaml(new SafeConstructor(lo), new org.yaml.snakeyaml.representer.Representer(new DumperOptions()),
        new DumperOptions(), lo);
  }

  private void parseStream(String yaml, boolean top) {
    int before = resources.size();
    boolean found = false;
    try {
      for (Node doc : yaml().composeAll(new StringReader(yaml))) {
        if (doc == null) {
          continue;
        }
        found |= document(doc, top);
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      error(m == null ? 0 : m.getLine() + 1, "", "invalid YAML: " + oneLine(e.getProblem() != null ? e.getProblem()
          : e.getMessage()));
      return;
    } catch (YAMLException e) {
      error(0, "", "invalid YAML: " + oneLine(e.getMessage()));
      return;
    }
    if (top && !found && resources.size() == before) {
      error(1, "", "no " + KIND + " found (expected kind: " + KIND + " with spec.resources)");
    }
  }

  /** Returns true when the document held a CustomResourceStateMetrics (possibly wrapped). */
  private boolean document(Node doc, boolean top) {
    if (!(doc instanceof MappingNode m)) {
      if (doc instanceof ScalarNode s && s.getTag() == Tag.NULL) {
        return false;
      }
      if (top) {
        error(line(doc), "", "expected a mapping at the top of the document");
      }
      return false;
    }
    Map<String, NodeTuple> keys = keys(m, "", false);
    String kind = keys.containsKey("kind") ? text(keys.get("kind").getValueNode()) : null;
    if (KIND.equals(kind) || (kind == null && keys.containsKey("spec"))) {
      crsm(m, "");
      return true;
    }
    if ("ConfigMap".equals(kind)) {
      return configMap(keys);
    }
    // A TaskScope file holding the config under some key, as an object or as a YAML string.
    boolean found = false;
    for (NodeTuple t : m.getValue()) {
      found |= wrapped(t.getValueNode(), text(t.getKeyNode()));
    }
    return found;
  }

  private boolean wrapped(Node n, String field) {
    if (n instanceof MappingNode mm) {
      Map<String, NodeTuple> k = keys(mm, field, false);
      if (k.containsKey("kind") && KIND.equals(text(k.get("kind").getValueNode()))) {
        crsm(mm, field + ".");
        return true;
      }
      boolean found = false;
      for (NodeTuple t : mm.getValue()) {
        Node v = t.getValueNode();
        if (v instanceof MappingNode || v instanceof SequenceNode) {
          found |= wrapped(v, field + "." + text(t.getKeyNode()));
        }
      }
      return found;
    }
    if (n instanceof SequenceNode seq) {
      boolean found = false;
      for (int i = 0; i < seq.getValue().size(); i++) {
        found |= wrapped(seq.getValue().get(i), field + "[" + i + "]");
      }
      return found;
    }
    if (n instanceof ScalarNode s && s.getValue().contains(KIND) && s.getValue().contains("resources")) {
      return embedded(s);
    }
    return false;
  }

  private boolean configMap(Map<String, NodeTuple> keys) {
    NodeTuple data = keys.get("data");
    if (data == null || !(data.getValueNode() instanceof MappingNode dm)) {
      return false;
    }
    boolean found = false;
    for (NodeTuple t : dm.getValue()) {
      if (t.getValueNode() instanceof ScalarNode s && s.getValue().contains("resources")) {
        found |= embedded(s);
      }
    }
    return found;
  }

  /** A config held as a YAML string (ConfigMap data, a flag value): lines count from the string's first line. */
  private boolean embedded(ScalarNode s) {
    boolean block = s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
        || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
    int offset = lineOffset + s.getStartMark().getLine() + (block ? 1 : 0);
    ConfigParser inner = new ConfigParser(source, offset, errors);
    int before = errors.size();
    inner.parseStream(s.getValue(), false);
    resources.addAll(inner.resources);
    return !inner.resources.isEmpty() || errors.size() > before;
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void crsm(MappingNode m, String prefix) {
    Map<String, NodeTuple> top = keys(m, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), true);
    for (String k : top.keySet()) {
      if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(k)) {
        unknown(top.get(k), prefix + k);
      }
    }
    NodeTuple spec = top.get("spec");
    if (spec == null) {
      error(line(m), prefix + "spec", "missing");
      return;
    }
    MappingNode sm = mapping(spec.getValueNode(), prefix + "spec");
    if (sm == null) {
      return;
    }
    Map<String, NodeTuple> sk = keys(sm, prefix + "spec", true);
    for (String k : sk.keySet()) {
      if (!k.equals("resources")) {
        unknown(sk.get(k), prefix + "spec." + k);
      }
    }
    NodeTuple res = sk.get("resources");
    if (res == null) {
      error(line(sm), prefix + "spec.resources", "missing");
      return;
    }
    SequenceNode rs = sequence(res.getValueNode(), prefix + "spec.resources");
    if (rs == null) {
      return;
    }
    for (int i = 0; i < rs.getValue().size(); i++) {
      resource(rs.getValue().get(i), prefix + "spec.resources[" + i + "]");
    }
  }

  private static final Set<String> RESOURCE_KEYS = Set.of(
      "groupVersionKind", "metricNamePrefix", "commonLabels", "labelsFromPath", "metrics", "errorLogV",
      "resourcePlural");

  private void resource(Node n, String field) {
    MappingNode m = mapping(n, field);
    if (m == null) {
      return;
    }
    int errorsBefore = errors.size();
    Map<String, NodeTuple> k = keys(m, field, true);
    checkKeys(k, RESOURCE_KEYS, field);
    String group = null;
    String version = "*";
    String kind = "*";
    NodeTuple gvkT = k.get("groupVersionKind");
    if (gvkT == null) {
      error(line(m), field + ".groupVersionKind", "missing");
    } else {
      MappingNode gm = mapping(gvkT.getValueNode(), field + ".groupVersionKind");
      if (gm != null) {
        Map<String, NodeTuple> gk = keys(gm, field + ".groupVersionKind", true);
        checkKeys(gk, Set.of("group", "version", "kind"), field + ".groupVersionKind");
        group = scalar(gk.get("group"), field + ".groupVersionKind.group", "");
        version = scalar(gk.get("version"), field + ".groupVersionKind.version", "");
        kind = scalar(gk.get("kind"), field + ".groupVersionKind.kind", "");
        if (group == null || group.isEmpty() || group.equals("*")) {
          error(gk.containsKey("group") ? line(gk.get("group").getValueNode()) : line(gm),
              field + ".groupVersionKind.group", "a group is required (kube-state-metrics does not resolve a"
                  + " wildcard group)");
        }
        version = version == null || version.isEmpty() ? "*" : version;
        kind = kind == null || kind.isEmpty() ? "*" : kind;
      }
    }
    String prefix = DEFAULT_PREFIX;
    NodeTuple pt = k.get("metricNamePrefix");
    if (pt != null && !isNull(pt.getValueNode())) {
      prefix = scalar(pt, field + ".metricNamePrefix", DEFAULT_PREFIX);
    }
    Map<String, String> common = commonLabels(k.get("commonLabels"), field + ".commonLabels");
    Map<String, RawPath> lfp = labelsFromPath(k.get("labelsFromPath"), field + ".labelsFromPath");
    integer(k.get("errorLogV"), field + ".errorLogV");
    scalar(k.get("resourcePlural"), field + ".resourcePlural", "");

    List<CompiledFamily> families = new ArrayList<>();
    NodeTuple mt = k.get("metrics");
    if (mt == null) {
      error(line(m), field + ".metrics", "missing");
    } else {
      SequenceNode ms = sequence(mt.getValueNode(), field + ".metrics");
      if (ms != null) {
        for (int i = 0; i < ms.getValue().size(); i++) {
          CompiledFamily f = metric(ms.getValue().get(i), field + ".metrics[" + i + "]", prefix, common, lfp);
          if (f != null) {
            families.add(f);
          }
        }
      }
    }
    if (errors.size() == errorsBefore && group != null) {
      resources.add(new ResourceGenerator(group, version, kind, families, source, line(m), field));
    }
  }

  private static final Set<String> METRIC_KEYS =
      Set.of("name", "help", "commonLabels", "labelsFromPath", "errorLogV", "each");

  private CompiledFamily metric(
      Node n, String field, String prefix, Map<String, String> resCommon, Map<String, RawPath> resPaths) {
    MappingNode m = mapping(n, field);
    if (m == null) {
      return null;
    }
    int errorsBefore = errors.size();
    Map<String, NodeTuple> k = keys(m, field, true);
    checkKeys(k, METRIC_KEYS, field);
    String name = scalar(k.get("name"), field + ".name", "");
    String fullName = null;
    if (name == null || name.isEmpty()) {
      error(k.containsKey("name") ? line(k.get("name").getValueNode()) : line(m), field + ".name",
          "a metric name is required");
    } else {
      fullName = prefix.isEmpty() ? name : prefix + "_" + name;
      if (!METRIC_NAME.matcher(fullName).matches()) {
        error(line(k.get("name").getValueNode()), field + ".name",
            "\"" + fullName + "\" is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
      }
    }
    String help = scalar(k.get("help"), field + ".help", "");
    integer(k.get("errorLogV"), field + ".errorLogV");
    Map<String, String> common = new LinkedHashMap<>(resCommon);
    Map<String, String> own = commonLabels(k.get("commonLabels"), field + ".commonLabels");
    common.putAll(own);
    boolean[] fixed = {
      own.containsKey(CompiledFamily.GROUP_LABEL),
      own.containsKey(CompiledFamily.VERSION_LABEL),
      own.containsKey(CompiledFamily.KIND_LABEL)
    };
    Map<String, RawPath> paths = new LinkedHashMap<>(resPaths);
    paths.putAll(labelsFromPath(k.get("labelsFromPath"), field + ".labelsFromPath"));
    LabelPaths labelPaths = compileLabels(paths, field + ".labelsFromPath");

    CompiledFamily.Each each = null;
    NodeTuple et = k.get("each");
    if (et == null) {
      error(line(m), field + ".each", "missing");
    } else {
      each = each(et.getValueNode(), field + ".each");
    }
    if (errors.size() > errorsBefore || each == null || fullName == null) {
      return null;
    }
    return new CompiledFamily(new FamilyHeader(fullName, help == null ? "" : help, each.type()), common, fixed,
        labelPaths, each);
  }

  private CompiledFamily.Each each(Node n, String field) {
    MappingNode m = mapping(n, field);
    if (m == null) {
      return null;
    }
    Map<String, NodeTuple> k = keys(m, field, true);
    checkKeys(k, Set.of("type", "gauge", "stateSet", "info"), field);
    String type = scalar(k.get("type"), field + ".type", "");
    if (type == null) {
      return null;
    }
    String t = type.toLowerCase(Locale.ROOT);
    String block = switch (t) {
      case "gauge" -> "gauge";
      case "stateset" -> "stateSet";
      case "info" -> "info";
      default -> null;
    };
    if (block == null) {
      error(k.containsKey("type") ? line(k.get("type").getValueNode()) : line(m), field + ".type",
          type.isEmpty() ? "missing (one of Gauge, StateSet, Info)"
              : "unknown metric type \"" + type + "\" (one of Gauge, StateSet, Info)");
      return null;
    }
    for (String other : List.of("gauge", "stateSet", "info")) {
      if (!other.equals(block) && k.containsKey(other)) {
        error(line(k.get(other).getKeyNode()), field + "." + other,
            "set, but each.type is " + type + " (only each." + block + " is used)");
      }
    }
    NodeTuple bt = k.get(block);
    if (bt == null || isNull(bt.getValueNode())) {
      error(line(m), field + "." + block, "each.type is " + type + " but each." + block + " is missing");
      return null;
    }
    String bf = field + "." + block;
    MappingNode bm = mapping(bt.getValueNode(), bf);
    if (bm == null) {
      return null;
    }
    Map<String, NodeTuple> b = keys(bm, bf, true);
    ValuePath path = path(b.get("path"), bf + ".path");
    Map<String, RawPath> lfp = labelsFromPath(b.get("labelsFromPath"), bf + ".labelsFromPath");
    LabelPaths labels = compileLabels(lfp, bf + ".labelsFromPath");
    switch (block) {
      case "gauge" -> {
        checkKeys(b, Set.of("path", "valueFrom", "labelFromKey", "labelsFromPath", "nilIsZero"), bf);
        ValuePath valueFrom = path(b.get("valueFrom"), bf + ".valueFrom");
        String lfk = labelName(b.get("labelFromKey"), bf + ".labelFromKey");
        Boolean nilIsZero = bool(b.get("nilIsZero"), bf + ".nilIsZero");
        if (path == null || valueFrom == null || labels == null || lfk == null || nilIsZero == null) {
          return null;
        }
        return new CompiledFamily.Gauge(path, labels, lfk, valueFrom, nilIsZero);
      }
      case "info" -> {
        checkKeys(b, Set.of("path", "labelFromKey", "labelsFromPath"), bf);
        String lfk = labelName(b.get("labelFromKey"), bf + ".labelFromKey");
        if (lfk != null && !lfk.isEmpty() && lfp.containsKey(lfk)) {
          error(line(b.get("labelFromKey").getValueNode()), bf + ".labelFromKey",
              "\"" + lfk + "\" is also a labelsFromPath key; the two labels would conflict");
          return null;
        }
        if (path == null || labels == null || lfk == null) {
          return null;
        }
        return new CompiledFamily.Info(path, labels, lfk);
      }
      default -> {
        if (b.containsKey("labelFromKey")) {
          error(line(b.get("labelFromKey").getKeyNode()), bf + ".labelFromKey",
              "not supported for StateSet (kube-state-metrics has no labelFromKey for StateSet)");
        }
        checkKeys(b, Set.of("path", "valueFrom", "labelsFromPath", "list", "labelName", "labelFromKey"), bf);
        ValuePath valueFrom = path(b.get("valueFrom"), bf + ".valueFrom");
        String labelName = labelName(b.get("labelName"), bf + ".labelName");
        if (labelName != null && labelName.isEmpty()) {
          error(b.containsKey("labelName") ? line(b.get("labelName").getValueNode()) : line(bm), bf + ".labelName",
              "a StateSet needs labelName");
          labelName = null;
        }
        List<String> list = strings(b.get("list"), bf + ".list");
        if (list != null && list.isEmpty()) {
          error(b.containsKey("list") ? line(b.get("list").getValueNode()) : line(bm), bf + ".list",
              "a StateSet needs a non-empty list of states");
          list = null;
        }
        if (path == null || valueFrom == null || labels == null || labelName == null || list == null
            || b.containsKey("labelFromKey")) {
          return null;
        }
        return new CompiledFamily.StateSet(path, labels, labelName, valueFrom, list);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // labels and paths

  private record RawPath(String key, List<String> parts, Node node, String field) {}

  /** Entries of an optional mapping (absent or null → none; not a mapping → error, none). */
  private Map<String, NodeTuple> optionalMapping(NodeTuple t, String field) {
    if (t == null || isNull(t.getValueNode())) {
      return Map.of();
    }
    MappingNode m = mapping(t.getValueNode(), field);
    return m == null ? Map.of() : keys(m, field, true);
  }

  private Map<String, String> commonLabels(NodeTuple t, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> e : optionalMapping(t, field).entrySet()) {
      String name = e.getKey();
      if (!LABEL_NAME.matcher(name).matches()) {
        error(line(e.getValue().getKeyNode()), field + "." + name, "invalid label name (use [a-zA-Z_][a-zA-Z0-9_]*)");
        continue;
      }
      String v = scalar(e.getValue(), field + "." + name, "");
      if (v != null) {
        out.put(name, v);
      }
    }
    return out;
  }

  private Map<String, RawPath> labelsFromPath(NodeTuple t, String field) {
    Map<String, RawPath> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> e : optionalMapping(t, field).entrySet()) {
      String key = e.getKey();
      String f = field + "." + key;
      if (key.isEmpty()) {
        error(line(e.getValue().getKeyNode()), f, "empty label name");
        continue;
      }
      if (!LabelPaths.isStar(key)) {
        String s = LabelPaths.sanitize(key);
        if (Character.isDigit(s.charAt(0))) {
          error(line(e.getValue().getKeyNode()), f, "label name \"" + s + "\" starts with a digit");
          continue;
        }
      } else if (key.endsWith("*") && key.length() > 1 && Character.isDigit(key.charAt(0))) {
        error(line(e.getValue().getKeyNode()), f, "label prefix \"" + key + "\" starts with a digit");
        continue;
      }
      List<String> parts = strings(e.getValue(), f);
      if (parts != null) {
        out.put(key, new RawPath(key, parts, e.getValue().getValueNode(), f));
      }
    }
    return out;
  }

  private LabelPaths compileLabels(Map<String, RawPath> paths, String field) {
    if (paths.isEmpty()) {
      return LabelPaths.NONE;
    }
    boolean ok = true;
    TreeMap<String, LabelPaths.Star> stars = new TreeMap<>(GoValues::compareStrings);
    Map<String, LabelPaths.Plain> plain = new LinkedHashMap<>();
    Map<String, String> rawBySanitized = new HashMap<>();
    for (RawPath r : paths.values()) {
      ValuePath vp = compilePath(r.parts, r.node, r.field);
      if (vp == null) {
        ok = false;
        continue;
      }
      if (LabelPaths.isStar(r.key)) {
        String prefix = r.key.endsWith("*") ? r.key.substring(0, r.key.length() - 1) : "";
        stars.put(r.key, new LabelPaths.Star(r.key, prefix, vp));
      } else {
        String name = LabelPaths.sanitize(r.key);
        String other = rawBySanitized.put(name, r.key);
        if (other != null) {
          error(line(r.node), r.field, "label \"" + r.key + "\" and label \"" + other + "\" both become \"" + name
              + "\"");
          ok = false;
          continue;
        }
        plain.put(name, new LabelPaths.Plain(name, vp));
      }
    }
    return ok ? new LabelPaths(new ArrayList<>(stars.values()), new ArrayList<>(plain.values())) : null;
  }

  private ValuePath path(NodeTuple t, String field) {
    if (t == null || isNull(t.getValueNode())) {
      return ValuePath.EMPTY;
    }
    List<String> parts = strings(t, field);
    if (parts == null) {
      return null;
    }
    return compilePath(parts, t.getValueNode(), field);
  }

  private ValuePath compilePath(List<String> parts, Node node, String field) {
    boolean ok = true;
    for (int i = 0; i < parts.size(); i++) {
      String p = parts.get(i);
      boolean open = p.startsWith("[");
      boolean close = p.endsWith("]");
      if (open != close || (open && p.length() < 2)) {
        error(elementLine(node, i), field, "step " + i + " \"" + p + "\": malformed list lookup (expected [key=value])");
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    try {
      return ValuePath.compile(parts);
    } catch (ValuePath.PathException e) {
      error(elementLine(node, e.index), field, "step " + e.index + ": " + e.getMessage());
      return null;
    }
  }

  private String labelName(NodeTuple t, String field) {
    String v = scalar(t, field, "");
    if (v == null) {
      return null;
    }
    if (!v.isEmpty() && !LABEL_NAME.matcher(v).matches()) {
      error(line(t.getValueNode()), field, "\"" + v + "\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      return null;
    }
    return v;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').trim();
  }
}
