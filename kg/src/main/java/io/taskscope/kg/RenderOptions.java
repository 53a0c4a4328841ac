package io.taskscope.kg;

import java.util.Objects;

/**
 * What the renderer needs besides the Kubernetes objects.
 *
 * @param cluster short cluster name, first segment of subgraph ids
 * @param clusterBase IRI base of resources (kg_exporter uses the API server address, e.g. {@code https://10.0.0.1:6443/})
 * @param gnodeId id of the GLACIATION node this cluster is
 * @param gnodeUrl public URL of the GLACIATION node
 * @param prometheusUrl datasource of metrics
 * @param lokiUrl datasource of logs
 * @param grafanaUrl base URL of dashboards
 * @param namespacedWorkloadIris true: workload IRIs are {@code base + ns/Kind/name} (unique); false: {@code base + name}
 *     as kg_exporter does (two workloads of one name in different namespaces collide)
 */
public record RenderOptions(String cluster, String clusterBase, String gnodeId, String gnodeUrl, String prometheusUrl,
    String lokiUrl, String grafanaUrl, boolean namespacedWorkloadIris) {

  public RenderOptions {
    Objects.requireNonNull(cluster, "cluster");
    if (SubgraphId.problem(cluster) != null || cluster.contains("/")) {
      throw new IllegalArgumentException("cluster name must be one id segment: " + cluster);
    }
    if (clusterBase == null || !(clusterBase.endsWith("/") || clusterBase.endsWith("#"))) {
      throw new IllegalArgumentException("clusterBase must end with '/' or '#': " + clusterBase);
    }
    Objects.requireNonNull(gnodeId, "gnodeId");
    Objects.requireNonNull(gnodeUrl, "gnodeUrl");
    Objects.requireNonNull(prometheusUrl, "prometheusUrl");
    Objects.requireNonNull(lokiUrl, "lokiUrl");
    Objects.requireNonNull(grafanaUrl, "grafanaUrl");
  }

  public static RenderOptions defaults(String cluster) {
    return new RenderOptions(cluster, "https://kubernetes.local/", cluster, "http://" + cluster + ".local/",
        "http://prometheus.monitoring:9090", "http://loki.monitoring:3100", "http://grafana.monitoring:3000", true);
  }

  public RenderOptions withClusterBase(String base) {
    return new RenderOptions(cluster, base, gnodeId, gnodeUrl, prometheusUrl, lokiUrl, grafanaUrl,
        namespacedWorkloadIris);
  }

  public RenderOptions withNamespacedWorkloadIris(boolean v) {
    return new RenderOptions(cluster, clusterBase, gnodeId, gnodeUrl, prometheusUrl, lokiUrl, grafanaUrl, v);
  }
}
