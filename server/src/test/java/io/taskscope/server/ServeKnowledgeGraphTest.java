package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.demo.DemoCluster;
import io.taskscope.demo.DemoOptions;
import io.taskscope.kg.MetadataService;
import io.taskscope.kube.sedna.SednaDefaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kg:} block of {@code taskscope serve}: exporter and Metadata Service against a (mock) cluster. */
class ServeKnowledgeGraphTest {
  @TempDir
  Path dir;

  private static ServeConfig.Kg kg(String cluster, Boolean metadataService, String deliverTo) {
    return new ServeConfig.Kg(cluster, metadataService, deliverTo, null, "http://prometheus.taskscope:9090", null,
        null);
  }

  @Test
  void exportsTheClustersWorkloadsIntoTheEmbeddedMetadataService() throws Exception {
    try (DemoCluster cluster = DemoCluster.start(new DemoOptions(DemoOptions.DEFAULT_SEED, Duration.ofSeconds(1),
        false));
        TaskScopeServer server = TaskScopeServer.start(cluster.client(), SednaDefaults.config(), "127.0.0.1", 0, 0)) {
      MetadataService ms = KnowledgeGraph.start(kg("edge-dc-1", null, null), cluster.client(), server, dir);
      assertThat(ms).isNotNull();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ms.list().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(ms.list()).isNotEmpty().allMatch(id -> id.startsWith("edge-dc-1"));
      // served on TaskScope's own port, with the configured Prometheus as the workloads' metrics datasource
      String q = "SELECT ?s WHERE { GRAPH ?g { ?s ?p \"http://prometheus.taskscope:9090\" } } LIMIT 1";
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + server.port() + "/sparql?query=" + java.net.URLEncoder.encode(q,
                  java.nio.charset.StandardCharsets.UTF_8)))
          .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"s\"");
    }
  }

  @Test
  void rejectsDeliveryTargetsItCannotUse() {
    assertThat(kg("c", null, null).target()).isEqualTo("embedded");
    assertThat(kg("c", false, "subgraph:http://ms:9470").target()).isEqualTo("subgraph:http://ms:9470");
    assertThatThrownBy(() -> kg("c", false, null).target())
        .hasMessageContaining("embedded needs kg.metadataService: true");
    assertThatThrownBy(() -> kg("c", true, "ftp:x").target())
        .hasMessageContaining("expected embedded, subgraph:URL, glaciation:URL or graphstore:URL");
    assertThatThrownBy(() -> kg("c", true, "glaciation:file:///etc/passwd").target())
        .hasMessageContaining("needs an http(s) URL");
  }

  @Test
  void readsTheBlockFromTheServeConfigAndRefusesUnknownKeys() throws Exception {
    Path ok = dir.resolve("ok.yaml");
    java.nio.file.Files.writeString(ok, "kg: {cluster: edge-dc-1, deliverTo: 'graphstore:http://fuseki:3030/ds/data'}\n");
    ServeConfig c = ServeConfig.load(ok);
    assertThat(c.kg().clusterName()).isEqualTo("edge-dc-1");
    assertThat(c.kg().target()).startsWith("graphstore:");
    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "kg: {clustr: edge-dc-1}\n");
    assertThatThrownBy(() -> ServeConfig.load(bad)).hasMessageContaining("clustr");
  }

  @Test
  void theMetadataServicesQueryBoundsComeFromTheBlock() throws Exception {
    Path f = dir.resolve("bounds.yaml");
    java.nio.file.Files.writeString(f, "kg: {queryTimeout: 3s, maxResultRows: 500, maxResultBytes: 1048576}\n");
    var o = ServeConfig.load(f).kg().metadataServiceOptions();
    assertThat(o.queryTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(o.maxResultRows()).isEqualTo(500);
    assertThat(o.maxResultBytes()).isEqualTo(1 << 20);
    Path none = dir.resolve("none.yaml");
    java.nio.file.Files.writeString(none, "kg: {cluster: c}\n");
    assertThat(ServeConfig.load(none).kg().metadataServiceOptions())
        .isEqualTo(io.taskscope.kg.MetadataServiceOptions.defaults());
    Path bad = dir.resolve("bad-bounds.yaml");
    java.nio.file.Files.writeString(bad, "kg: {maxResultRows: 0}\n");
    assertThatThrownBy(() -> ServeConfig.load(bad).kg().metadataServiceOptions())
        .hasMessageContaining("maxResultRows");
  }
}
