package io.taskscope.prediction;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.taskscope.kg.KgRenderer;
import io.taskscope.kg.MetadataService;
import io.taskscope.kg.RenderOptions;
import io.taskscope.kg.SubgraphId;
import io.taskscope.kg.Vocab;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.graph.GraphFactory;

/** Graphs for the prediction tests: rendered by the real KgRenderer, or written by hand as a graph writer could. */
final class Graphs {
  static final RenderOptions OPTS = RenderOptions.defaults("edge-dc-1");
  static final KgRenderer RENDERER = new KgRenderer(OPTS);

  private Graphs() {}

  static Deployment deployment(String ns, String name) {
    return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
        .withCreationTimestamp("2026-11-01T00:00:00Z").endMetadata().withNewSpec().withReplicas(1).endSpec().build();
  }

  /** Puts a rendered workload subgraph; its six metrics are six targets. */
  static SubgraphId putWorkload(MetadataService ms, String ns, String name) {
    SubgraphId id = RENDERER.workloadId("Deployment", ns, name);
    ms.put(id, RENDERER.workload(deployment(ns, name), List.of(), null));
    return id;
  }

  /** A hand-written telemetry subgraph with one metric whose query and datasource URL are as given. */
  static void putMetric(MetadataService ms, String subgraph, String metric, String query, String url) {
    Graph g = GraphFactory.createDefaultGraph();
    String base = "https://example.org/" + subgraph;
    Node res = iri(base);
    Node t = iri(base + ".Telemetry");
    Node md = iri(base + ".Telemetry.Metrics");
    Node ds = iri(base + ".prom");
    Node m = iri(base + ".Telemetry.Metrics." + metric);
    g.add(res, Vocab.hasTelemetry, t);
    g.add(t, Vocab.hasData, md);
    g.add(md, Vocab.TYPE, Vocab.MetricsData);
    g.add(md, Vocab.hasDatasource, ds);
    g.add(ds, Vocab.datasourceType, NodeFactory.createLiteralString("prometheus"));
    g.add(ds, Vocab.url, NodeFactory.createLiteralString(url));
    g.add(md, Vocab.hasMetric, m);
    g.add(m, Vocab.metricName, NodeFactory.createLiteralString(metric));
    g.add(m, Vocab.promQuery, NodeFactory.createLiteralString(query));
    ms.put(new SubgraphId(subgraph), g);
  }

  private static Node iri(String s) {
    return NodeFactory.createURI(s);
  }
}
