package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.Test;

class RendererTest {
  static final RenderOptions OPTS = RenderOptions.defaults("test");

  /**
   * Golden test against kg_exporter's pod transform. The fixture pod is rendered as kg_exporter's per-pod fragment
   * (with kg_exporter's cluster base and un-namespaced workload IRIs), written in the upstream JSON-LD dialect,
   * parsed back by Jena like any upstream client, and compared with the parsed fixture by graph isomorphism
   * (blank-node aware, so it is a comparison of facts, not of text). TaskScope's additions (ts: properties and nodes
   * typed in ts:) are set aside first and listed; everything else must be exactly the fixture's triples.
   */
  @Test
  void podTransformCarriesTheFactsOfKgExporter() throws Exception {
    Pod pod = Serialization.unmarshal(new String(Fixtures.glaciation("kg_exporter.transform.pod1.k8s.json")), Pod.class);
    KgRenderer r = new KgRenderer(OPTS.withClusterBase("https://127.0.0.1:6443/").withNamespacedWorkloadIris(false));
    Graph ours = r.podFragment(pod);
    String jsonld = GlaciationJsonLd.write(ours, "https://127.0.0.1:6443/");
    Graph wire = RdfIo.parse(jsonld.getBytes(), Lang.JSONLD);
    Graph expected = RdfIo.parse(Fixtures.glaciation("kg_exporter.transform.pod1.jsonld"), Lang.JSONLD);

    Graph extensions = GraphFactory.createDefaultGraph();
    Graph core = withoutExtensions(wire, extensions);
    assertThat(core.size()).isEqualTo(expected.size());
    assertThat(core.isIsomorphicWith(expected))
        .as("differs:\nmissing=%s\nextra=%s", minus(expected, core), minus(core, expected)).isTrue();
    // What TaskScope adds to kg_exporter's pod facts: only the namespace-free pod name is already there; nothing else.
    assertThat(extensions.size()).isZero();
    // The wire form is exactly the dialect of the native graph.
    assertThat(wire.isIsomorphicWith(GlaciationJsonLd.toUpstream(ours))).isTrue();
  }

  static Graph withoutExtensions(Graph g, Graph removed) {
    Set<Node> tsTyped = new java.util.HashSet<>();
    g.find(Node.ANY, Vocab.TYPE, Node.ANY).forEachRemaining(t -> {
      if (t.getObject().isURI() && t.getObject().getURI().startsWith(Vocab.TS)) {
        tsTyped.add(t.getSubject());
      }
    });
    Graph out = GraphFactory.createDefaultGraph();
    g.find().forEachRemaining(t -> {
      if (t.getPredicate().getURI().startsWith(Vocab.TS) || tsTyped.contains(t.getSubject())) {
        removed.add(t);
      } else {
        out.add(t);
      }
    });
    return out;
  }

  static List<Triple> minus(Graph a, Graph b) {
    List<Triple> l = new ArrayList<>();
    a.find().forEachRemaining(t -> {
      if (!b.contains(t)) {
        l.add(t);
      }
    });
    return l;
  }

  static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String ns, String name, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewTemplate().withNewSpec().addNewContainer().withName("app")
        .withImage("app:1").withNewResources().addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("64Mi")).addToLimits("memory", new Quantity("128Mi"))
        .addToLimits("nvidia.com/gpu", new Quantity("1")).endResources().endContainer().endSpec().endTemplate()
        .endSpec().withNewStatus().withReadyReplicas(replicas).endStatus().build();
  }

  static Pod pod(String ns, String name, String node, String ownerKind, String ownerName, String hash) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .addToLabels("pod-template-hash", hash == null ? "x" : hash)
        .addNewOwnerReference().withKind(ownerKind).withName(ownerName).withController(true)
        .withApiVersion("apps/v1").withUid("u").endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("app").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withStartTime("2024-05-01T10:00:05Z")
        .addNewContainerStatus().withName("app").withContainerID("containerd://abc").withNewState().withNewRunning()
        .withStartedAt("2024-05-01T10:00:06Z").endRunning().endState().endContainerStatus().endStatus();
    return b.build();
  }

  @Test
  void everyGraphKindConformsToTheShapes() {
    KgRenderer r = new KgRenderer(OPTS);
    var dep = deployment("ml", "trainer", 2);
    Pod p = pod("ml", "trainer-5d9c7-abcde", "n1", "ReplicaSet", "trainer-5d9c7", "5d9c7");
    assertThat(KgRenderer.ownerOf(p)).containsExactly("Deployment", "trainer");
    List<Graph> graphs = List.of(
        r.workload(dep, List.of(p), null),
        r.workload(dep, List.of(), Instant.parse("2024-05-02T00:00:00Z")),
        r.workload(new StatefulSetBuilder().withNewMetadata().withNamespace("db").withName("pg")
            .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata().withNewSpec().withReplicas(1)
            .withNewTemplate().withNewSpec().addNewContainer().withName("pg").endContainer().endSpec().endTemplate()
            .endSpec().build(), List.of(), null),
        r.workload(new JobBuilder().withNewMetadata().withNamespace("ml").withName("train-1")
            .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata().withNewSpec().withNewTemplate()
            .withNewSpec().addNewContainer().withName("t").endContainer().endSpec().endTemplate().endSpec()
            .withNewStatus().withStartTime("2024-05-01T10:00:01Z").withCompletionTime("2024-05-01T11:00:00Z")
            .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build(),
            List.of(), null),
        r.node(new NodeBuilder().withNewMetadata().withName("n1").withCreationTimestamp("2024-01-01T00:00:00Z")
            .endMetadata().withNewStatus().addToCapacity("cpu", new Quantity("8"))
            .addToCapacity("memory", new Quantity("16Gi")).addNewCondition().withType("Ready").withStatus("True")
            .endCondition().endStatus().build(), null),
        r.gnode(List.of("n1", "n2")));
    for (Graph g : graphs) {
      var report = Ontology.validate(g);
      assertThat(report.conforms()).as(Ontology.describe(report) + "\n" + RdfIo.canonical(g)).isTrue();
    }
    String wl = RdfIo.canonical(graphs.get(0));
    assertThat(wl).contains("\"cpu_usage\"", "\"mem_usage\"", "\"disk_usage\"", "\"network_usage\"",
        "\"energy_joules\"", "\"gpu_usage\"", "\"http://prometheus.monitoring:9090\"",
        "\"http://loki.monitoring:3100\"", "<https://kubernetes.local/ml.trainer-5d9c7-abcde>");
    assertThat(RdfIo.canonical(graphs.get(1))).contains("\"terminated\"", "endTime");
    assertThat(RdfIo.canonical(graphs.get(3))).contains("\"Succeeded\"", "2024-05-01T11:00:00Z");
  }

  @Test
  void shapesRejectABrokenGraph() {
    KgRenderer r = new KgRenderer(OPTS);
    Graph g = r.workload(deployment("ml", "a", 1), List.of(), null);
    // Remove the Prometheus URL: the datasource no longer conforms.
    List<Triple> urls = g.find(Node.ANY, Vocab.url, Node.ANY).toList();
    urls.forEach(g::delete);
    assertThat(Ontology.validate(g).conforms()).isFalse();
  }

  @Test
  void renderingIsDeterministicAndIgnoresHeartbeatFields() {
    KgRenderer r = new KgRenderer(OPTS);
    var d1 = deployment("ml", "a", 2);
    var d2 = deployment("ml", "a", 2);
    d2.getMetadata().setResourceVersion("999");
    d2.getStatus().setObservedGeneration(7L);
    assertThat(RdfIo.canonical(r.workload(d1, List.of(), null)))
        .isEqualTo(RdfIo.canonical(r.workload(d2, List.of(), null)));
    var d3 = deployment("ml", "a", 3);
    assertThat(RdfIo.canonical(r.workload(d1, List.of(), null)))
        .isNotEqualTo(RdfIo.canonical(r.workload(d3, List.of(), null)));
  }

  @Test
  void ontologyParsesAndDeclaresTheAdditions() {
    Graph o = Ontology.ontology();
    for (Node n : List.of(Vocab.Telemetry, Vocab.MetricsData, Vocab.LogsData, Vocab.Datasource, Vocab.Metric,
        Vocab.Dashboard, Vocab.GNode, Vocab.hasTelemetry, Vocab.promQuery, Vocab.url)) {
      assertThat(o.contains(n, Vocab.TYPE, Node.ANY)).as(n.getURI()).isTrue();
    }
  }
}
