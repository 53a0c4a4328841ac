package io.taskscope.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Grafana dashboard JSON file, read as Grafana reads it: panels (rows' nested panels included), targets, variables. */
record Dashboard(Path file, JsonNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}: Grafana's template variable syntaxes. */
  static final Pattern VARIABLE_REF = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");

  static Dashboard read(Path file) {
    try {
      return new Dashboard(file, JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + file, e);
    }
  }

  /** Every {@code *.json} directly in {@code dir}, sorted by name. */
  static List<Dashboard> readAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().map(Dashboard::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    String f = file.getFileName().toString();
    return f.substring(0, f.length() - ".json".length());
  }

  String uid() {
    return json.path("uid").asText("");
  }

  /** Top-level panels and the panels of collapsed rows, in order. */
  List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    collect(json.path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      out.add(p);
      collect(p.path("panels"), out);
    }
  }

  List<JsonNode> variables() {
    List<JsonNode> out = new ArrayList<>();
    json.path("templating").path("list").forEach(out::add);
    return out;
  }

  /** One query of a panel, with the datasource it runs on (the target's own, else the panel's). */
  record Target(Dashboard dashboard, JsonNode panel, JsonNode target) {
    JsonNode datasource() {
      return target.has("datasource") ? target.get("datasource") : panel.path("datasource");
    }

    String datasourceUid() {
      return datasource().path("uid").asText("");
    }

    String expr() {
      return target.path("expr").asText("");
    }

    boolean instant() {
      return target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false);
    }

    String where() {
      return dashboard.name() + " panel " + panel.path("id").asText("?") + " \"" + panel.path("title").asText("")
          + "\" target " + target.path("refId").asText("?");
    }
  }

  List<Target> targets() {
    List<Target> out = new ArrayList<>();
    for (JsonNode p : panels()) {
      for (JsonNode t : p.path("targets")) {
        out.add(new Target(this, p, t));
      }
    }
    return out;
  }

  /** Names of the variables a text refers to, in order of appearance. */
  static List<String> referencedVariables(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = VARIABLE_REF.matcher(text);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (!name.chars().allMatch(Character::isDigit)) { // $1 is a regex group (label_replace), not a variable
        out.add(name);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
