package io.taskscope.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskscope.kg.SubgraphId;
import io.taskscope.kg.Vocab;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds what to forecast by following the graphs, as seed 003 describes: every resource's telemetry, its metrics data,
 * the Prometheus datasource that holds it and each metric's query. No metric list is built in: a graph that adds a
 * metric adds a target. Rows that cannot become a target (an invalid query, a datasource not allowed) are reported.
 */
public final class TargetDiscovery {
  /** Rows per SPARQL page: well under the Metadata Service's answer limits. */
  static final int PAGE = 2000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final String QUERY = """
      PREFIX ts: <%s>
      SELECT ?g ?resource ?metric ?name ?query ?url WHERE {
        GRAPH ?g {
          ?resource ts:hasTelemetry ?t .
          ?t ts:hasData ?md .
          ?md a ts:MetricsData ; ts:hasDatasource ?ds ; ts:hasMetric ?metric .
          ?metric ts:metricName ?name ; ts:promQuery ?query .
          ?ds ts:datasourceType "prometheus" ; ts:url ?url .
        }
      } ORDER BY ?g ?resource ?name ?metric ?query ?url LIMIT %d OFFSET %d""";

  /** Targets found and rows refused, each refusal with its reason. */
  public record Found(List<Target> targets, List<Skipped> skipped) {}

  public record Skipped(String targetId, String metric, String reason) {}

  private final GraphQuery graphs;
  private final Predicate<String> datasourceAllowed;

  /** {@code datasourceAllowed} decides which Prometheus URLs the job may call (the graphs are written by others). */
  public TargetDiscovery(GraphQuery graphs, Predicate<String> datasourceAllowed) {
    this.graphs = graphs;
    this.datasourceAllowed = datasourceAllowed;
  }

  public Found discover() throws IOException {
    Map<String, Target> targets = new LinkedHashMap<>();
    List<Skipped> skipped = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonNode bindings = MAPPER.readTree(graphs.selectJson(QUERY.formatted(Vocab.TS, PAGE, offset)))
          .path("results").path("bindings");
      if (!bindings.isArray()) {
        throw new IOException("Metadata Service answer has no results.bindings");
      }
      for (JsonNode row : bindings) {
        row(row, targets, skipped);
      }
      if (bindings.size() < PAGE) {
        break;
      }
    }
    return new Found(List.copyOf(targets.values()), List.copyOf(skipped));
  }

  private void row(JsonNode row, Map<String, Target> targets, List<Skipped> skipped) {
    String graph = value(row, "g");
    String resource = value(row, "resource");
    String metricIri = value(row, "metric");
    String name = value(row, "name");
    String query = value(row, "query");
    String url = value(row, "url");
    String id = targetId(graph, resource, name);
    if (id == null) {
      skipped.add(new Skipped(safe(graph + " " + name), name, "metric name must be letters, digits, '.', '-', '_'"));
      return;
    }
    if (targets.containsKey(id)) {
      return; // the same metric reached twice (several datasources or queries): the first, in a stable order, wins
    }
    String problem = urlProblem(url);
    if (problem != null) {
      skipped.add(new Skipped(id, name, problem));
      return;
    }
    String canonical;
    try {
      canonical = Selector.canonical(query);
    } catch (IllegalArgumentException e) {
      skipped.add(new Skipped(id, name, "invalid PromQL: " + e.getMessage()));
      return;
    }
    targets.put(id, new Target(id, name, resource, metricIri, url, canonical));
  }

  private String urlProblem(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "datasource URL does not parse: " + safe(url);
    }
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      return "datasource URL must be http(s): " + safe(url);
    }
    if (!datasourceAllowed.test(url)) {
      return "datasource " + safe(url) + " is not in forecast.datasources";
    }
    return null;
  }

  /**
   * {@code {subgraph id}/{metric}} when the telemetry sits in one of TaskScope's subgraphs (of up to 6 segments, so
   * that {@code forecasts/{id}} is one too), else {@code x/{hash of the
   * resource IRI}/{metric}} (graphs delivered by others); null when the metric name cannot be part of an id.
   */
  static String targetId(String graph, String resource, String metric) {
    if (metric.isEmpty() || metric.length() > 253 || SubgraphId.problem(metric) != null) {
      return null;
    }
    SubgraphId sg = SubgraphId.fromGraphIri(graph);
    if (sg != null && sg.value().split("/").length <= 6) {
      return sg.value() + "/" + metric;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(resource.getBytes(StandardCharsets.UTF_8));
      return "x/" + HexFormat.of().formatHex(h, 0, 8) + "/" + metric;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(JsonNode row, String var) {
    return row.path(var).path("value").asText("");
  }

  /** For messages: graph text shortened and without control characters. */
  static String safe(String s) {
    String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
