package io.taskscope.ui;

import java.util.Optional;
import org.apache.jena.graph.Graph;

/** The knowledge graph of a workload or node as the Metadata Service holds it (the server wires the cluster's ids). */
@FunctionalInterface
public interface GraphSource {
  GraphSource NONE = (kind, namespace, name) -> Optional.empty();

  /** The subgraph of {@code kind}/{@code name} ({@code namespace} empty for nodes), if one is stored. */
  Optional<Graph> subgraph(String kind, String namespace, String name);

  /** The forecast target id prefix of that resource ({@code cluster/ns/kind/name/}), or null when unknown. */
  default String targetPrefix(String kind, String namespace, String name) {
    return null;
  }
}
