package io.taskscope.e2e.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static checks of a set of dashboards against the provisioned datasources: what Grafana does not check when it loads
 * a dashboard but a user notices at once (a panel that never loads, two panels fighting over one id, a dashboard
 * shadowing another, a query with an undefined variable).
 */
final class DashboardLint {
  /** Variables Grafana defines itself. */
  static final Set<String> BUILT_IN = Set.of("__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms",
      "__range", "__range_s", "__range_ms", "__auto", "__from", "__to", "__timeFilter", "__dashboard", "__user",
      "__org", "__name", "__all", "timeFilter");

  private final Map<String, Provisioning.Datasource> datasources;

  DashboardLint(Map<String, Provisioning.Datasource> datasources) {
    this.datasources = datasources;
  }

  /** Every problem of the set, each naming its file; empty when the set is fine. */
  List<String> check(List<Dashboard> dashboards) {
    List<String> problems = new ArrayList<>();
    Map<String, String> uids = new HashMap<>();
    for (Dashboard d : dashboards) {
      String uid = d.uid();
      if (!uid.equals("taskscope-" + d.name())) {
        problems.add(d + ": uid \"" + uid + "\" should be \"taskscope-" + d.name() + "\"");
      }
      String other = uids.putIfAbsent(uid, d.toString());
      if (other != null) {
        problems.add(d + ": duplicate dashboard uid \"" + uid + "\" (also in " + other + ")");
      }
      checkPanelIds(d, problems);
      checkDatasources(d, problems);
      checkVariables(d, problems);
    }
    return problems;
  }

  private static void checkPanelIds(Dashboard d, List<String> problems) {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : d.panels()) {
      if (!p.path("id").isInt()) {
        problems.add(d + ": panel \"" + p.path("title").asText() + "\" has no numeric id");
      } else if (!ids.add(p.get("id").asInt())) {
        problems.add(d + ": duplicate panel id " + p.get("id").asInt() + " (\"" + p.path("title").asText() + "\")");
      }
    }
  }

  /** Every {@code datasource} object anywhere in the dashboard must name a provisioned uid of the right type. */
  private void checkDatasources(Dashboard d, List<String> problems) {
    Map<String, String> datasourceVariables = new HashMap<>();
    for (JsonNode v : d.variables()) {
      if ("datasource".equals(v.path("type").asText())) {
        datasourceVariables.put(v.path("name").asText(), v.path("query").asText());
      }
    }
    List<JsonNode> refs = new ArrayList<>();
    findDatasourceRefs(d.json(), refs);
    for (JsonNode ref : refs) {
      if (ref.isTextual()) {
        problems.add(d + ": datasource referenced by name \"" + ref.asText() + "\", not by uid");
        continue;
      }
      String uid = ref.path("uid").asText("");
      String type = ref.path("type").asText("");
      List<String> var = Dashboard.referencedVariables(uid);
      if (!var.isEmpty()) {
        if (!datasourceVariables.containsKey(var.getFirst())) {
          problems.add(d + ": datasource uid \"" + uid + "\" names no datasource variable");
        } else if (!datasources.values().stream().anyMatch(
            ds -> ds.type().equals(datasourceVariables.get(var.getFirst())))) {
          problems.add(d + ": datasource variable " + var.getFirst() + " has a type no provisioned datasource has");
        }
        continue;
      }
      Provisioning.Datasource ds = datasources.get(uid);
      if (ds == null) {
        problems.add(d + ": unknown datasource uid \"" + uid + "\" (provisioned: " + datasources.keySet() + ")");
      } else if (!type.isEmpty() && !type.equals(ds.type())) {
        problems.add(d + ": datasource uid \"" + uid + "\" has type " + ds.type() + ", referenced as " + type);
      }
    }
  }

  private static void findDatasourceRefs(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("datasource") && !e.getValue().isNull()) {
          out.add(e.getValue());
        } else {
          findDatasourceRefs(e.getValue(), out);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> findDatasourceRefs(n, out));
    }
  }

  /** Variables used in targets and in variable queries must be defined (built-ins aside). */
  private static void checkVariables(Dashboard d, List<String> problems) {
    Set<String> defined = new HashSet<>(BUILT_IN);
    for (JsonNode v : d.variables()) {
      if (!defined.add(v.path("name").asText())) {
        problems.add(d + ": variable " + v.path("name").asText() + " defined twice");
      }
    }
    for (Dashboard.Target t : d.targets()) {
      for (String name : Dashboard.referencedVariables(t.expr())) {
        if (!defined.contains(name)) {
          problems.add(d + ": " + t.where() + " uses undefined variable $" + name);
        }
      }
    }
    for (JsonNode v : d.variables()) {
      for (String name : Dashboard.referencedVariables(v.path("query").toString())) {
        if (!defined.contains(name)) {
          problems.add(d + ": variable " + v.path("name").asText() + " uses undefined variable $" + name);
        }
      }
    }
  }
}
