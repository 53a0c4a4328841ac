package io.taskscope.crstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading typed fields from YAML nodes as Go's YAML decoder fills a struct, every problem recorded with its line as
 * {@code source:line: field: message} and the reading going on, so that one pass reports all problems of a source.
 * The {@link ConfigParser} builds on it; the node walking is kept apart from what the config means.
 */
abstract class YamlFields {
  final String source;
  final int lineOffset;
  final List<ConfigError> errors;

  YamlFields(String source, int lineOffset, List<ConfigError> errors) {
    this.source = source;
    this.lineOffset = lineOffset;
    this.errors = errors;
  }

  int elementLine(Node n, int i) {
    if (n instanceof SequenceNode s && i < s.getValue().size()) {
      return line(s.getValue().get(i));
    }
    return line(n);
  }

  Map<String, NodeTuple> keys(MappingNode m, String field, boolean report) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node kn = t.getKeyNode();
      if (!(kn instanceof ScalarNode ks)) {
        if (report) {
          error(line(kn), field, "keys must be plain strings");
        }
        continue;
      }
      String k = ks.getValue();
      if (out.containsKey(k)) {
        if (report) {
          error(line(kn), join(field, k), "duplicate key (first at line " + line(out.get(k).getKeyNode()) + ")");
        }
        continue;
      }
      out.put(k, t);
    }
    return out;
  }

  void checkKeys(Map<String, NodeTuple> keys, Set<String> allowed, String field) {
    for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        unknown(e.getValue(), join(field, e.getKey()));
      }
    }
  }

  void unknown(NodeTuple t, String field) {
    error(line(t.getKeyNode()), field, "unknown key");
  }

  static String join(String field, String key) {
    return field.isEmpty() ? key : field + "." + key;
  }

  MappingNode mapping(Node n, String field) {
    if (n instanceof MappingNode m) {
      return m;
    }
    error(line(n), field, "expected a mapping, got " + describe(n));
    return null;
  }

  SequenceNode sequence(Node n, String field) {
    if (n instanceof SequenceNode s) {
      return s;
    }
    error(line(n), field, "expected a list, got " + describe(n));
    return null;
  }

  /** A scalar as Go's YAML decoder puts it into a string field: its text, null scalars as "". */
  String scalar(NodeTuple t, String field, String dflt) {
    if (t == null) {
      return dflt;
    }
    Node n = t.getValueNode();
    if (n instanceof ScalarNode s) {
      return s.getTag() == Tag.NULL ? "" : s.getValue();
    }
    error(line(n), field, "expected a string, got " + describe(n));
    return null;
  }

  List<String> strings(NodeTuple t, String field) {
    if (t == null || isNull(t.getValueNode())) {
      return List.of();
    }
    Node n = t.getValueNode();
    if (!(n instanceof SequenceNode s)) {
      error(line(n), field, "expected a list of strings, got " + describe(n));
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < s.getValue().size(); i++) {
      Node e = s.getValue().get(i);
      if (e instanceof ScalarNode es) {
        out.add(es.getTag() == Tag.NULL ? "" : es.getValue());
      } else {
        error(line(e), field + "[" + i + "]", "expected a string, got " + describe(e));
        ok = false;
      }
    }
    return ok ? out : null;
  }

  Boolean bool(NodeTuple t, String field) {
    if (t == null || isNull(t.getValueNode())) {
      return Boolean.FALSE;
    }
    if (t.getValueNode() instanceof ScalarNode s) {
      switch (s.getValue()) {
        case "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON" -> {
          return Boolean.TRUE;
        }
        case "false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF" -> {
          return Boolean.FALSE;
        }
        default -> { }
      }
    }
    error(line(t.getValueNode()), field, "expected true or false, got " + describe(t.getValueNode()));
    return null;
  }

  void integer(NodeTuple t, String field) {
    if (t == null || isNull(t.getValueNode())) {
      return;
    }
    if (t.getValueNode() instanceof ScalarNode s && s.getValue().matches("[+-]?[0-9]+")) {
      try {
        Integer.parseInt(s.getValue().replace("+", ""));
        return;
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    error(line(t.getValueNode()), field, "expected an integer, got " + describe(t.getValueNode()));
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag() == Tag.NULL;
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    String v = ((ScalarNode) n).getValue();
    return "\"" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "\"";
  }

  static String text(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  int line(Node n) {
    return n == null ? 0 : lineOffset + n.getStartMark().getLine() + 1;
  }

  void error(int line, String field, String message) {
    errors.add(new ConfigError(source, line, field, message));
  }
}
