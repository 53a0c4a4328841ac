package io.taskscope.kg;

import java.util.regex.Pattern;

/**
 * Stable id of one subgraph: {@code {cluster}/{namespace}/{kind}/{name}} for namespaced objects,
 * {@code {cluster}/{kind}/{name}} for cluster-scoped ones (Node, GNode). Each segment is a Kubernetes-style name
 * (letters, digits, '.', '-', '_'), so ids are safe in URL paths and IRIs without escaping.
 */
public record SubgraphId(String value) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  /** Named-graph IRI prefix under which the Metadata Service keeps subgraphs. */
  public static final String GRAPH_PREFIX = "urn:taskscope:subgraph:";

  public SubgraphId {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  public static SubgraphId of(String cluster, String namespace, String kind, String name) {
    return new SubgraphId(namespace == null || namespace.isEmpty()
        ? cluster + "/" + kind + "/" + name : cluster + "/" + namespace + "/" + kind + "/" + name);
  }

  /** Why {@code value} is not a valid id, or null when it is. */
  public static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "empty subgraph id";
    }
    if (value.length() > 1024) {
      return "subgraph id longer than 1024 characters";
    }
    String[] parts = value.split("/", -1);
    if (parts.length < 1 || parts.length > 8) {
      return "subgraph id must have 1 to 8 '/'-separated segments: " + value;
    }
    for (String p : parts) {
      if (!SEGMENT.matcher(p).matches()) {
        return "invalid segment '" + p + "' in subgraph id '" + value
            + "' (segments are letters, digits, '.', '-', '_', starting with a letter or digit)";
      }
    }
    return null;
  }

  public String graphIri() {
    return GRAPH_PREFIX + value;
  }

  /** The id of a named-graph IRI, or null when the graph is not a subgraph (e.g. an upstream timestamp graph). */
  public static SubgraphId fromGraphIri(String iri) {
    if (iri == null || !iri.startsWith(GRAPH_PREFIX)) {
      return null;
    }
    String v = iri.substring(GRAPH_PREFIX.length());
    return problem(v) == null ? new SubgraphId(v) : null;
  }

  @Override
  public String toString() {
    return value;
  }
}
