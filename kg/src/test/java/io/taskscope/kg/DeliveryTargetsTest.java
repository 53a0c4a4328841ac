package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTargetsTest {
  @TempDir Path dir;
  final KgRenderer renderer = new KgRenderer(RenderOptions.defaults("test"));
  final SubgraphId id = new SubgraphId("test/ml/Deployment/trainer");

  Graph sample(int replicas) {
    return renderer.workload(RendererTest.deployment("ml", "trainer", replicas), List.of(), null);
  }

  @Test
  void graphStoreProtocolToARealFuseki() throws Exception {
    DatasetGraph dsg = DatasetGraphFactory.createTxnMem();
    FusekiServer fuseki = FusekiServer.create().loopback(true).port(0).add("/ds", dsg).build().start();
    try (DeliveryTarget t = DeliveryTargets.graphStore(URI.create("http://127.0.0.1:" + fuseki.getPort() + "/ds/data"),
        Duration.ofSeconds(5))) {
      t.put(id, sample(2));
      t.put(id, sample(4)); // PUT replaces the named graph
      Graph stored = Txn.calculateRead(dsg, () -> {
        Graph copy = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
        dsg.getGraph(NodeFactory.createURI(id.graphIri())).find().forEachRemaining(copy::add);
        return copy;
      });
      assertThat(RdfIo.sameFacts(stored, sample(4))).isTrue();
    } finally {
      fuseki.stop();
    }
  }

  @Test
  void remoteSubgraphServiceAndUpstreamGlaciationService() throws Exception {
    try (MetadataService ms = MetadataService.open(dir, MetadataServiceOptions.defaults());
        TestHttp http = new TestHttp(ms)) {
      try (DeliveryTarget t = DeliveryTargets.subgraphHttp(URI.create(http.base), Duration.ofSeconds(5))) {
        t.put(id, sample(2));
        assertThat(RdfIo.sameFacts(ms.get(id).orElseThrow(), sample(2))).isTrue();
      }
      try (DeliveryTarget t = DeliveryTargets.glaciation(URI.create(http.base), "https://kubernetes.local/",
          Duration.ofSeconds(5))) {
        t.put(id, sample(3));
      }
      // Upstream keeps a timestamp graph holding kg_exporter-style facts.
      String json = ms.selectJson("SELECT ?g WHERE { GRAPH ?g { ?s <glc:hasDescription> \"Deployment\" } }");
      assertThat(json).contains("timestamp:");
      String g = json.replaceAll("(?s).*\"(timestamp:\\d+)\".*", "$1");
      Graph stored = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
      String nt = ms.selectJson("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + g + "> { ?s ?p ?o } }");
      assertThat(nt).contains("\"" + GlaciationJsonLd.toUpstream(sample(3)).size() + "\"");
    }
  }

  @Test
  void anUnreachableTargetFailsWithAReason() {
    try (DeliveryTarget t = DeliveryTargets.subgraphHttp(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> t.put(id, sample(1))).isInstanceOf(DeliveryTarget.DeliveryException.class)
          .satisfies(e -> assertThat(((DeliveryTarget.DeliveryException) e).reason()).isIn("unreachable", "io"));
    }
  }
}
