package io.taskscope.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskscope.core.config.ConfigDuration;
import io.taskscope.kg.MetadataServiceOptions;
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
 * access:                        # bearer tokens of the port besides push.tenancy's (docs/security.md)
 *   anonymousMetrics: true       # GET /metrics without a token (default true)
 *   tokens: [{name: ops, tokenSha256: 5e88..., roles: [admin]}, {name: grafana, tokenSha256: ..., roles: [graph-reader]}]
 * limits: {requestTimeout: 30s, maxConnections: 1024, maxHeaderBytes: 65536, idleTimeout: 30s}
 * forecast: {schedule: "20 10 * * *", timeZone: Europe/Berlin, lookback: 14d, step: 5m}   # see ForecastSettings
 * ui: {prometheus: http://prometheus:9090, grafana: https://grafana.example, loki: http://loki:3100}
 * </pre>
 * Durations are {@link ConfigDuration}s ({@code 500ms}, {@code 30s}, {@code 1h30m}); their errors name the key.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServeConfig(Listen listen, Kubernetes kubernetes, CrState crstate,
    io.taskscope.push.PushConfig push, Kb kb, Kg kg, Access access, Limits limits, ForecastSettings forecast, Ui ui) {
  /**
   * The ops UI's telemetry sources, all optional: {@code prometheus} (task pages chart from its query_range instead of
   * TaskScope's memory, and show resource usage), {@code grafana} (links to the shipped dashboards), {@code loki}.
   */
  public record Ui(String prometheus, String grafana, String loki) {
    public Ui {
      new io.taskscope.ui.UiSettings(prometheus, grafana, loki); // a URL that is not http(s) fails the load
    }

    public io.taskscope.ui.UiSettings toSettings() {
      return new io.taskscope.ui.UiSettings(prometheus, grafana, loki);
    }
  }

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
          pollInterval == null ? null : ConfigDuration.parse(pollInterval, "kb.pollInterval").toDuration(), null, baseDir);
    }
  }

  /**
   * The knowledge-graph exporter and the embedded Metadata Service (docs/kg.md); absent = neither runs.
   * {@code cluster} names the cluster in subgraph ids; {@code metadataService} serves /subgraph, /sparql and
   * /api/v0/graph on TaskScope's port (TDB2 under the data directory); {@code deliverTo} is where the exporter writes:
   * {@code embedded} (default when the Metadata Service runs), {@code subgraph:URL} (another TaskScope),
   * {@code glaciation:URL} (upstream GLACIATION metadata service) or {@code graphstore:URL} (SPARQL Graph Store).
   * The graphs say where telemetry lives: {@code prometheusUrl}, {@code lokiUrl}, {@code grafanaUrl}. The Metadata
   * Service's query bounds: {@code queryTimeout} (execution and answer, default 10s), {@code maxResultRows} (100000),
   * {@code maxResultBytes} (64 MiB).
   */
  public record Kg(String cluster, Boolean metadataService, String deliverTo, String timeout, String prometheusUrl,
      String lokiUrl, String grafanaUrl, Boolean allowGetUpdate, String queryTimeout, Long maxResultRows,
      Long maxResultBytes) {
    public Kg(String cluster, Boolean metadataService, String deliverTo, String timeout, String prometheusUrl,
        String lokiUrl, String grafanaUrl) {
      this(cluster, metadataService, deliverTo, timeout, prometheusUrl, lokiUrl, grafanaUrl, null, null, null, null);
    }

    /** The Metadata Service's limits as configured (defaults where absent); config errors name the key. */
    MetadataServiceOptions metadataServiceOptions() {
      var d = MetadataServiceOptions.defaults();
      var timeout = queryTimeout == null ? d.queryTimeout()
          : ConfigDuration.parse(queryTimeout, "kg.queryTimeout").toDuration();
      try {
        return new MetadataServiceOptions(d.maxBodyBytes(), timeout,
            maxResultRows == null ? d.maxResultRows() : maxResultRows,
            maxResultBytes == null ? d.maxResultBytes() : maxResultBytes);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kg: " + e.getMessage() + " (queryTimeout, maxResultRows, maxResultBytes)",
            e);
      }
    }

    /** GLACIATION's GET form of /api/v0/graph/update (an upstream compatibility switch; off: 405). */
    public boolean getUpdateAllowed() {
      return Boolean.TRUE.equals(allowGetUpdate);
    }

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
      return timeout == null ? java.time.Duration.ofSeconds(10) : ConfigDuration.parse(timeout, "kg.timeout").toDuration();
    }
  }

  /**
   * Tokens of the port besides push.tenancy's, each a name, the hex SHA-256 of the token and its roles (admin,
   * graph-writer, graph-reader; tenants with namespaces stay in push.tenancy).
   */
  public record Access(Boolean anonymousMetrics, List<Token> tokens) {
    public record Token(String name, String tokenSha256, List<String> roles) {}

    /** Adds the tokens to {@code policy}; checks names, hashes and roles. */
    public void addTo(io.taskscope.core.http.AccessPolicy.Builder policy) {
      policy.anonymousMetrics(anonymousMetrics == null || anonymousMetrics);
      List<Token> ts = tokens == null ? List.of() : tokens;
      for (int i = 0; i < ts.size(); i++) {
        Token t = ts.get(i);
        String at = "access.tokens[" + i + "]";
        java.util.Set<io.taskscope.core.http.Role> roles = java.util.EnumSet.noneOf(io.taskscope.core.http.Role.class);
        for (String r : t.roles() == null ? List.<String>of() : t.roles()) {
          io.taskscope.core.http.Role role = io.taskscope.core.http.Role.parse(r, at + ".roles");
          if (role == io.taskscope.core.http.Role.TENANT) {
            throw new IllegalArgumentException(at + ".roles: tenants are configured in push.tenancy.tenants "
                + "(with their namespaces)");
          }
          roles.add(role);
        }
        policy.add(t.name(), t.tokenSha256(), roles, at);
      }
    }
  }

  /** The HTTP server's connection limits (docs/security.md); every key optional. */
  public record Limits(String requestTimeout, Integer maxConnections, Integer maxHeaderBytes, String idleTimeout) {
    public io.taskscope.core.http.ServerLimits toServerLimits() {
      try {
        return io.taskscope.core.http.ServerLimits.of(duration(requestTimeout, "limits.requestTimeout"),
            maxConnections, maxHeaderBytes, duration(idleTimeout, "limits.idleTimeout"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage().startsWith("limits.") ? e.getMessage()
            : "limits: " + e.getMessage(), e);
      }
    }

    private static java.time.Duration duration(String text, String key) {
      return text == null ? null : ConfigDuration.parse(text, key).toDuration();
    }
  }

  public ServeConfig {
    listen = listen == null ? new Listen(null, null) : listen;
    kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
    crstate = crstate == null ? new CrState(null, null) : crstate;
    push = push == null ? io.taskscope.push.PushConfig.defaults() : push;
    access = access == null ? new Access(null, null) : access;
    limits = limits == null ? new Limits(null, null, null, null) : limits;
    ui = ui == null ? new Ui(null, null, null) : ui;
  }

  public static ServeConfig empty() {
    return new ServeConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The port's access policy: the {@code access} tokens and push.tenancy's admin and tenants together (a token hash
   * or a name used twice across both is an error).
   */
  public io.taskscope.core.http.AccessPolicy accessPolicy() {
    io.taskscope.core.http.AccessPolicy.Builder b = io.taskscope.core.http.AccessPolicy.builder();
    access.addTo(b);
    io.taskscope.push.Tenancy.of(push.tenancy()).addTo(b);
    return b.build();
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
