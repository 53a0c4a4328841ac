package io.taskscope.kg;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.testkit.MockApiServers;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's benchmark: 2,000 workloads and 200 nodes in the mock API server, exporter → embedded Metadata Service.
 * Off by default; run with
 * {@code mvn -Dts.target=target-kg -pl kg -am test -Dtest=KgBenchmark -Dkg.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class KgBenchmark {
  @Test
  void bench() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("kg.bench"), "set -Dkg.bench=true to run the benchmark");
    int workloads = Integer.getInteger("kg.bench.workloads", 2000);
    int nodeCount = Integer.getInteger("kg.bench.nodes", 200);
    Path dir = Files.createTempDirectory("kg-bench");
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    for (int i = 0; i < nodeCount; i++) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i)
          .withCreationTimestamp("2024-01-01T00:00:00Z").endMetadata().withNewStatus().addNewCondition()
          .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }
    for (int i = 0; i < workloads; i++) {
      String ns = "ns-" + (i % 20);
      client.apps().deployments().inNamespace(ns).resource(RendererTest.deployment(ns, "app-" + i, 2)).create();
    }
    try (MetadataService ms = MetadataService.open(dir.resolve("tdb"), MetadataServiceOptions.defaults())) {
      long t0 = System.nanoTime();
      java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
      DeliveryTarget embedded = DeliveryTargets.embedded(ms);
      DeliveryTarget counting = new DeliveryTarget() {
        @Override
        public String name() {
          return embedded.name();
        }

        @Override
        public void put(SubgraphId id, org.apache.jena.graph.Graph g) throws DeliveryException {
          embedded.put(id, g);
          writes.incrementAndGet();
        }

        @Override
        public void putAll(List<java.util.Map.Entry<SubgraphId, org.apache.jena.graph.Graph>> updates)
            throws DeliveryException {
          embedded.putAll(updates);
          writes.addAndGet(updates.size());
        }
      };
      KgExporter e = KgExporter.start(client, KgExporterOptions.defaults("bench", dir.resolve("kg")), counting,
          new PrometheusRegistry());
      e.awaitReconciled(600, java.util.concurrent.TimeUnit.SECONDS);
      long queued = (System.nanoTime() - t0) / 1_000_000;
      e.awaitIdle(600_000);
      long delivered = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("BENCH start-up: %d subgraphs; reconcile (render+queue) %d ms; all in TDB2 %d ms "
          + "(from start, incl. informer list %d ms)%n", ms.list().size(), e.reconcileMillis(), delivered, queued);

      e.clearLatencies();
      Random rnd = new Random(7);
      int events = 300;
      for (int k = 0; k < events; k++) {
        int i = rnd.nextInt(workloads);
        client.apps().deployments().inNamespace("ns-" + (i % 20)).withName("app-" + i).scale(3 + k);
        Thread.sleep(20);
      }
      e.awaitIdle(120_000);
      List<Long> lat = new ArrayList<>(e.latencies());
      lat.sort(null);
      System.out.printf("BENCH event→graph-updated: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", lat.size(),
          pct(lat, 0.50), pct(lat, 0.99), lat.get(lat.size() - 1) / 1e6);

      // Churn: a few workloads change in bursts faster than the store commits, so versions of one subgraph queue
      // up behind each other (the outbox sends only the newest of them).
      e.clearLatencies();
      long writesBefore = writes.get();
      long c0 = System.nanoTime();
      int churn = 0;
      for (int round = 0; round < 40; round++) {
        for (int w = 0; w < 20; w++) {
          client.apps().deployments().inNamespace("ns-" + (w % 20)).withName("app-" + w).scale(1000 + round);
          churn++;
        }
        Thread.sleep(2);
      }
      e.awaitIdle(120_000);
      long settled = (System.nanoTime() - c0) / 1_000_000;
      List<Long> cl = new ArrayList<>(e.latencies());
      cl.sort(null);
      System.out.printf("BENCH churn (20 workloads x 40 changes): %d events, %d subgraph writes, settled in %d ms; "
          + "event→graph-updated p50=%.1f ms p99=%.1f ms%n", churn, writes.get() - writesBefore, settled,
          pct(cl, 0.50), pct(cl, 0.99));

      List<Long> q = new ArrayList<>();
      for (int k = 0; k < 500; k++) {
        int i = rnd.nextInt(workloads);
        String sparql = """
            PREFIX k8s: <http://glaciation-project.eu/model/k8s/>
            PREFIX ts: <https://taskscope.io/ontology/kg#>
            SELECT ?url WHERE { GRAPH <urn:taskscope:subgraph:bench/ns-%d/Deployment/app-%d> {
              ?w ts:hasTelemetry/ts:hasData ?d . ?d a ts:MetricsData ; ts:hasDatasource/ts:url ?url } }"""
            .formatted(i % 20, i);
        long s = System.nanoTime();
        String r = ms.selectJson(sparql);
        q.add(System.nanoTime() - s);
        if (!r.contains("prometheus")) {
          throw new AssertionError(r);
        }
      }
      q.sort(null);
      System.out.printf("BENCH SPARQL datasource lookup of one workload: n=%d p50=%.2f ms p99=%.2f ms%n", q.size(),
          pct(q, 0.5), pct(q, 0.99));
      e.close();
    } finally {
      client.close();
      MockApiServers.stop(server::destroy);
    }
  }

  static double pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }
}
