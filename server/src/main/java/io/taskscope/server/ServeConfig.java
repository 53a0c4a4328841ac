package io.taskscope.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code taskscope serve --config FILE} file. Unknown keys are errors, so a typo does not silently fall back to
 * a default.
 *
 * <pre>
 * listen: {host: 0.0.0.0, port: 9470}
 * kubernetes: {kubeconfig: ~/.kube/config, context: prod, resyncSeconds: 300}
 * crstate: {sednaDefaults: true, files: [extra-crs.yaml]}
 * push: {store: postgresql://..., tenancy: {...}}   # see io.taskscope.push.PushConfig and docs/push.md
 * kb: {url: sqlite:////opt/kb-data/kb.sqlite3, server: kb.sedna:9020, node: cloud-node, nodeType: cloud}
 * kg: {cluster: edge-dc-1, metadataService: true, deliverTo: embedded, prometheusUrl: http://prometheus:9090}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServeConfig(Listen listen, Kubernetes kubernetes, CrState crstate,
    io.taskscope.push.PushConfig push, Kb kb, Kg kg) {
  public record Listen(String host, Integer port) {}

  public record Kubernetes(String kubeconfig, String context, Integer resyncSeconds) {}

  public record CrState(@JsonProperty("sednaDefaults") Boolean sednaDefaults, List<String> files) {}

  /**
   * Sedna's lifelong-learning knowledge base, read through JDBC ({@code url} as Sedna's KB_URL, e.g.
   * {@code sqlite:////opt/kb-data/kb.sqlite3}, or {@code postgresql://...}); absent = not read.
   */
  public record Kb(String url, String server, String node, String nodeType, String pollInterval) {
    io.taskscope.kb.KbConfig toConfig(Path baseDir) {
      return new io.taskscope.kb.KbConfig(url, server, node, nodeType,
          pollInterval == null ? null : Durations.parse(pollInterval), null, baseDir);
    }
  }

  /**
   * The knowledge-graph exporter and the embedded Metadata Service (docs/kg.md); absent = neither runs.
   * {@code cluster} names the cluster in subgraph ids; {@code metadataService} serves /subgraph, /sparql and
   * /api/v0/graph on TaskScope's port (TDB2 under the data directory); {@code deliverTo} is where the exporter writes:
   * {@code embedded} (default when the Metadata Service runs), {@code subgraph:URL} (another TaskScope),
   * {@code glaciation:URL} (upstream GLACIATION metadata service) or {@code graphstore:URL} (SPARQL Graph Store).
   * The graphs say where telemetry lives: {@code prometheusUrl}, {@code lokiUrl}, {@code grafanaUrl}.
   */
  public record Kg(String cluster, Boolean metadataService, String deliverTo, String timeout, String prometheusUrl,
      String lokiUrl, String grafanaUrl) {
    public String clusterName() {
      return cluster == null || cluster.isBlank() ? "default" : cluster;
    }

    public boolean runsMetadataService() {
      return metadataService == null || metadataService;
    }

    /** The delivery target as configured, checked before anything starts. */
    public String target() {
      String t = deliverTo == null || deliverTo.isBlank() ? "embedded" : deliverTo.trim();
      if (t.equals("embedded")) {
        if (!runsMetadataService()) {
          throw new IllegalArgumentException("kg.deliverTo: embedded needs kg.metadataService: true");
        }
        return t;
      }
      int colon = t.indexOf(':');
      String scheme = colon < 0 ? t : t.substring(0, colon);
      if (colon < 0 || !java.util.Set.of("subgraph", "glaciation", "graphstore").contains(scheme)) {
        throw new IllegalArgumentException("kg.deliverTo: expected embedded, subgraph:URL, glaciation:URL or "
            + "graphstore:URL, got \"" + t + "\"");
      }
      String url = t.substring(colon + 1);
      try {
        java.net.URI u = new java.net.URI(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          throw new IllegalArgumentException("kg.deliverTo: " + scheme + " needs an http(s) URL, got \"" + url + "\"");
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("kg.deliverTo: bad URL \"" + url + "\": " + e.getMessage());
      }
      return t;
    }

    java.time.Duration timeoutDuration() {
      return timeout == null ? java.time.Duration.ofSeconds(10) : Durations.parse(timeout);
    }
  }

  public ServeConfig {
    listen = listen == null ? new Listen(null, null) : listen;
    kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
    crstate = crstate == null ? new CrState(null, null) : crstate;
    push = push == null ? io.taskscope.push.PushConfig.defaults() : push;
  }

  public static ServeConfig empty() {
    return new ServeConfig(null, null, null, null, null, null);
  }

  public String host() {
    return listen.host() == null ? "0.0.0.0" : listen.host();
  }

  public int port() {
    return listen.port() == null ? 9470 : listen.port();
  }

  public boolean sednaDefaults() {
    return crstate.sednaDefaults() == null || crstate.sednaDefaults();
  }

  public List<String> crstateFiles() {
    return crstate.files() == null ? List.of() : crstate.files();
  }

  public long resyncMillis() {
    return kubernetes.resyncSeconds() == null ? 0 : kubernetes.resyncSeconds() * 1000L;
  }

  public static ServeConfig load(Path file) throws IOException {
    ObjectMapper m = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    ServeConfig c = m.readValue(file.toFile(), ServeConfig.class);
    return c == null ? empty() : c;
  }
}
