package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.testkit.MockApiServers;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KgExporterTest {
  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  MetadataService ms;
  final List<KgExporter> exporters = new ArrayList<>();

  /** Delivers to the embedded store, records every delivery, and fails while {@code down}. */
  static final class RecordingTarget implements DeliveryTarget {
    final DeliveryTarget inner;
    final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;

    RecordingTarget(DeliveryTarget inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public void put(SubgraphId id, Graph graph) throws DeliveryException {
      if (down) {
        throw new DeliveryException("unreachable", "target down", null);
      }
      inner.put(id, graph);
      delivered.add(id.value());
    }
  }

  @BeforeEach
  void setUp() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    ms = MetadataService.open(dir.resolve("tdb"), MetadataServiceOptions.defaults());
  }

  @AfterEach
  void tearDown() {
    exporters.forEach(KgExporter::close);
    client.close();
    MockApiServers.stop(server::destroy);
    ms.close();
  }

  KgExporter start(DeliveryTarget target, PrometheusRegistry registry) {
    KgExporterOptions o = KgExporterOptions.defaults("test", dir.resolve("kg")).withValidate(true)
        .withMaxRetryDelay(Duration.ofMillis(200));
    KgExporter e = KgExporter.start(client, o, target, registry);
    exporters.add(e);
    return e;
  }

  void createNode(String name) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .withCreationTimestamp("2024-01-01T00:00:00Z").endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
  }

  void createDeployment(String ns, String name, int replicas) {
    client.apps().deployments().inNamespace(ns).resource(RendererTest.deployment(ns, name, replicas)).create();
  }

  void createPod(String ns, String name, String rs, String hash) {
    Pod p = RendererTest.pod(ns, name, "n1", "ReplicaSet", rs, hash);
    client.pods().inNamespace(ns).resource(p).create();
  }

  Graph graph(String id) {
    return ms.get(new SubgraphId(id)).orElseThrow(() -> new AssertionError("no subgraph " + id + " in " + ms.list()));
  }

  static long count(Graph g, Node p) {
    return g.find(Node.ANY, p, Node.ANY).toList().size();
  }

  static String literal(Graph g, Node p) {
    return g.find(Node.ANY, p, Node.ANY).toList().get(0).getObject().getLiteralLexicalForm();
  }

  static Node statusOf(Graph g, String resourceIri) {
    return g.find(NodeFactory.createURI(resourceIri + ".Status"), Vocab.hasDescription, Node.ANY).next().getObject();
  }

  void assertAllConform() {
    for (String id : ms.list()) {
      var report = Ontology.validate(graph(id));
      assertThat(report.conforms()).as(id + "\n" + Ontology.describe(report)).isTrue();
    }
  }

  @Test
  void workloadsAppearChangeAndEnd() throws Exception {
    createNode("n1");
    createDeployment("ml", "web", 2);
    createPod("ml", "web-7f9c4-aaaaa", "web-7f9c4", "7f9c4");
    createPod("ml", "web-7f9c4-bbbbb", "web-7f9c4", "7f9c4");
    RecordingTarget target = new RecordingTarget(DeliveryTargets.embedded(ms));
    PrometheusRegistry registry = new PrometheusRegistry();
    KgExporter e = start(target, registry);
    assertThat(e.awaitIdle(20_000)).isTrue();
    assertThat(e.reconcileMillis()).isGreaterThanOrEqualTo(0);
    assertThat(ms.list()).containsExactlyInAnyOrder("test/ml/Deployment/web", "test/Node/n1", "test/GNode/test");
    Graph web = graph("test/ml/Deployment/web");
    assertThat(count(web, Vocab.makes)).isEqualTo(2);
    assertThat(literal(web, Vocab.replicas)).isEqualTo("2");
    assertThat(statusOf(web, "https://kubernetes.local/ml/Deployment/web").getLiteralLexicalForm())
        .isEqualTo("Running");
    assertAllConform();
    int afterStart = target.delivered.size();

    // A change that is neither a start nor a stop: no update.
    client.apps().deployments().inNamespace("ml").withName("web")
        .edit(d -> { d.getMetadata().getAnnotations().put("touched", "1"); return d; });
    client.nodes().withName("n1").edit(n -> { n.getMetadata().getLabels().put("heartbeat", "x"); return n; });
    Thread.sleep(300);
    assertThat(e.awaitIdle(10_000)).isTrue();
    assertThat(target.delivered).hasSize(afterStart);

    // Scale up: replicas and a new pod.
    client.apps().deployments().inNamespace("ml").withName("web").scale(3);
    createPod("ml", "web-7f9c4-ccccc", "web-7f9c4", "7f9c4");
    Thread.sleep(200);
    assertThat(e.awaitIdle(10_000)).isTrue();
    web = graph("test/ml/Deployment/web");
    assertThat(literal(web, Vocab.replicas)).isEqualTo("3");
    assertThat(count(web, Vocab.makes)).isEqualTo(3);

    // Other kinds.
    client.apps().statefulSets().inNamespace("db").resource(new StatefulSetBuilder().withNewMetadata()
        .withNamespace("db").withName("pg").withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata()
        .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("pg")
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.batch().v1().jobs().inNamespace("ml").resource(new JobBuilder().withNewMetadata().withNamespace("ml")
        .withName("train").withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata().withNewSpec()
        .withNewTemplate().withNewSpec().addNewContainer().withName("t").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    createNode("n2");
    Thread.sleep(200);
    assertThat(e.awaitIdle(10_000)).isTrue();
    assertThat(ms.list()).contains("test/db/StatefulSet/pg", "test/ml/Job/train", "test/Node/n2");
    assertThat(count(graph("test/GNode/test"), Vocab.hasSubResource)).isEqualTo(2);

    // Delete: the workload's graph stays, with an end time and status terminated.
    client.apps().deployments().inNamespace("ml").withName("web").delete();
    Thread.sleep(200);
    assertThat(e.awaitIdle(10_000)).isTrue();
    web = graph("test/ml/Deployment/web");
    assertThat(statusOf(web, "https://kubernetes.local/ml/Deployment/web").getLiteralLexicalForm())
        .isEqualTo("terminated");
    assertThat(count(web, Vocab.endTime)).isEqualTo(1);
    assertAllConform();
    // Exactly one update per start/stop: web started, scaled, ended; the GNode gained n2; the rest started once.
    var perId = new java.util.TreeMap<String, Integer>();
    target.delivered.forEach(id -> perId.merge(id, 1, Integer::sum));
    assertThat(perId).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("test/ml/Deployment/web", 3,
        "test/GNode/test", 2, "test/Node/n1", 1, "test/Node/n2", 1, "test/db/StatefulSet/pg", 1,
        "test/ml/Job/train", 1));
    String metrics = scrape(registry);
    assertThat(metrics).contains("taskscope_kg_outbox_pending 0", "taskscope_kg_deliveries_total");
  }

  @Test
  void aGonePodStaysInItsWorkloadsGraphAsTerminated() throws Exception {
    createNode("n1");
    createDeployment("ml", "web", 2);
    createPod("ml", "web-7f9c4-aaaaa", "web-7f9c4", "7f9c4");
    createPod("ml", "web-7f9c4-bbbbb", "web-7f9c4", "7f9c4");
    client.pods().inNamespace("ml").resource(new io.fabric8.kubernetes.api.model.PodBuilder(
        RendererTest.pod("ml", "solo", "n1", "ReplicaSet", "x", null)).editMetadata().withOwnerReferences()
        .endMetadata().build()).create();
    KgExporter e = start(DeliveryTargets.embedded(ms), new PrometheusRegistry());
    assertThat(e.awaitIdle(20_000)).isTrue();
    String podIri = "https://kubernetes.local/ml.web-7f9c4-aaaaa";
    assertThat(statusOf(graph("test/ml/Deployment/web"), podIri).getLiteralLexicalForm()).isEqualTo("Running");

    client.pods().inNamespace("ml").withName("web-7f9c4-aaaaa").delete();
    client.pods().inNamespace("ml").withName("solo").delete();
    Thread.sleep(200);
    assertThat(e.awaitIdle(10_000)).isTrue();
    Graph web = graph("test/ml/Deployment/web");
    // Still made by the workload, as upstream's termination transform records it: pod Unknown, containers
    // terminated, each with an end time; the live pod is unchanged.
    assertThat(count(web, Vocab.makes)).isEqualTo(2);
    assertThat(statusOf(web, podIri).getLiteralLexicalForm()).isEqualTo("Unknown");
    assertThat(web.find(NodeFactory.createURI(podIri + ".Status"), Vocab.endTime, Node.ANY).toList()).hasSize(1);
    web.find(Node.ANY, Vocab.hasContainerName, Node.ANY).toList().stream()
        .filter(t -> t.getSubject().getURI().startsWith(podIri + "."))
        .forEach(t -> assertThat(statusOf(web, t.getSubject().getURI()).getLiteralLexicalForm())
            .isEqualTo("terminated"));
    assertThat(statusOf(web, "https://kubernetes.local/ml.web-7f9c4-bbbbb").getLiteralLexicalForm())
        .isEqualTo("Running");
    // A bare pod's own subgraph ends the same way.
    Graph solo = graph("test/ml/Pod/solo");
    assertThat(statusOf(solo, "https://kubernetes.local/ml.solo").getLiteralLexicalForm()).isEqualTo("Unknown");
    assertAllConform();

    // A pod of the same name coming back is live again, not also ended.
    createPod("ml", "web-7f9c4-aaaaa", "web-7f9c4", "7f9c4");
    Thread.sleep(200);
    assertThat(e.awaitIdle(10_000)).isTrue();
    assertThat(statusOf(graph("test/ml/Deployment/web"), podIri).getLiteralLexicalForm()).isEqualTo("Running");
    assertThat(graph("test/ml/Deployment/web").find(NodeFactory.createURI(podIri + ".Status"), Vocab.endTime,
        Node.ANY).toList()).isEmpty();
  }

  static String scrape(PrometheusRegistry registry) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return out.toString();
  }

  @Test
  void outageQueuesDurablyAndDeliversInOrderOnceAfterRestart() throws Exception {
    createNode("n1");
    createDeployment("ml", "a", 1);
    RecordingTarget target = new RecordingTarget(DeliveryTargets.embedded(ms));
    target.down = true;
    PrometheusRegistry registry = new PrometheusRegistry();
    KgExporter e = start(target, registry);
    assertThat(e.awaitReconciled(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    createDeployment("ml", "b", 1);
    createDeployment("ml", "c", 1);
    long deadline = System.currentTimeMillis() + 10_000;
    while (e.pending() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(e.pending()).isEqualTo(5);
    assertThat(scrape(registry)).contains("taskscope_kg_outbox_pending 5")
        .containsPattern("taskscope_kg_delivery_errors_total\\{reason=\"unreachable\",target=\"recording\"} [1-9]");
    assertThat(ms.list()).isEmpty();

    List<String> queued = e.pendingIds();
    // Restart while the target is still down: the queue is on disk.
    e.close();
    exporters.remove(e);
    RecordingTarget target2 = new RecordingTarget(DeliveryTargets.embedded(ms));
    target2.down = true;
    KgExporter e2 = start(target2, new PrometheusRegistry());
    assertThat(e2.awaitReconciled(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300);
    assertThat(e2.pending()).isEqualTo(5);
    target2.down = false;
    assertThat(e2.awaitIdle(20_000)).isTrue();
    assertThat(queued).containsExactlyInAnyOrder("test/GNode/test", "test/Node/n1", "test/ml/Deployment/a",
        "test/ml/Deployment/b", "test/ml/Deployment/c");
    // In queue order, each once: nothing lost, nothing duplicated, nothing re-queued by the restart.
    assertThat(target2.delivered).containsExactlyElementsOf(queued);
    assertThat(target.delivered).isEmpty();
    assertThat(new HashSet<>(ms.list())).hasSize(5);
    assertAllConform();
  }
}
