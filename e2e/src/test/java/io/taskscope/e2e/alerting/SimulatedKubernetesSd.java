package io.taskscope.e2e.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for Prometheus' Kubernetes service discovery, which Debian builds its prometheus and promtool without.
 * Checks a {@code kubernetes_sd_configs} entry against the upstream schema and turns fixture objects into the target
 * groups that discovery would hand to relabeling: the same {@code __meta_kubernetes_*} labels and addresses
 * (upstream discovery/kubernetes/{pod,node,endpoints}.go), written to a file_sd file in their place.
 */
final class SimulatedKubernetesSd {
  private static final Set<String> ROLES = Set.of("pod", "node", "endpoints", "endpointslice", "service", "ingress");
  private static final Set<String> KEYS = Set.of("role", "api_server", "kubeconfig_file", "namespaces", "selectors",
      "attach_metadata", "basic_auth", "authorization", "oauth2", "tls_config", "proxy_url", "no_proxy",
      "proxy_from_environment", "proxy_connect_header", "follow_redirects", "enable_http2");
  private static final int KUBELET_PORT = 10250;

  record Port(String name, int number) {}

  record Container(String name, boolean init, List<Port> ports) {}

  record Pod(String namespace, String name, String node, String ip, String phase, Map<String, String> labels,
      Map<String, String> annotations, List<Container> containers) {}

  record Node(String name, String ip, Map<String, String> labels) {}

  /** Endpoints of a Service: every address serves every port. */
  record Endpoints(String namespace, String service, List<String> ips, List<Port> ports) {}

  private final List<Pod> pods;
  private final List<Node> nodes;
  private final List<Endpoints> endpoints;

  SimulatedKubernetesSd(List<Pod> pods, List<Node> nodes, List<Endpoints> endpoints) {
    this.pods = List.copyOf(pods);
    this.nodes = List.copyOf(nodes);
    this.endpoints = List.copyOf(endpoints);
  }

  static SimulatedKubernetesSd empty() {
    return new SimulatedKubernetesSd(List.of(), List.of(), List.of());
  }

  /** Target groups ({@code targets}, {@code labels}) for one {@code kubernetes_sd_configs} entry. */
  List<Map<String, Object>> groups(String job, Map<?, ?> sd) {
    for (Object key : sd.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException("job " + job + ": kubernetes_sd_configs: field " + key + " not found");
      }
    }
    Object role = sd.get("role");
    if (role == null || !ROLES.contains(role.toString())) {
      throw new IllegalArgumentException("job " + job + ": kubernetes_sd_configs: unknown or missing role " + role);
    }
    List<String> namespaces = namespaces(job, sd.get("namespaces"));
    List<Map<String, Object>> out = new ArrayList<>();
    switch (role.toString()) {
      case "pod" -> pods.stream().filter(p -> namespaces.isEmpty() || namespaces.contains(p.namespace()))
          .forEach(p -> podTargets(p, out));
      case "node" -> nodes.forEach(n -> out.add(group(n.ip() + ":" + KUBELET_PORT, nodeLabels(n))));
      case "endpoints" -> endpoints.stream()
          .filter(e -> namespaces.isEmpty() || namespaces.contains(e.namespace()))
          .forEach(e -> endpointTargets(e, out));
      default -> { } // roles no fixture exists for discover nothing
    }
    return out;
  }

  private static List<String> namespaces(String job, Object spec) {
    if (spec == null) {
      return List.of();
    }
    if (!(spec instanceof Map<?, ?> m) || !Set.of("names", "own_namespace").containsAll(
        m.keySet().stream().map(String::valueOf).toList())) {
      throw new IllegalArgumentException("job " + job + ": kubernetes_sd_configs: namespaces takes names and "
          + "own_namespace: " + spec);
    }
    Object names = m.get("names");
    if (names != null && !(names instanceof List<?>)) {
      throw new IllegalArgumentException("job " + job + ": kubernetes_sd_configs: namespaces.names is not a list");
    }
    return names == null ? List.of() : ((List<?>) names).stream().map(String::valueOf).toList();
  }

  private static void podTargets(Pod p, List<Map<String, Object>> out) {
    Map<String, String> common = new LinkedHashMap<>();
    common.put("__meta_kubernetes_namespace", p.namespace());
    common.put("__meta_kubernetes_pod_name", p.name());
    common.put("__meta_kubernetes_pod_ip", p.ip());
    common.put("__meta_kubernetes_pod_node_name", p.node());
    common.put("__meta_kubernetes_pod_host_ip", p.ip());
    common.put("__meta_kubernetes_pod_phase", p.phase());
    common.put("__meta_kubernetes_pod_ready", "Running".equals(p.phase()) ? "true" : "false");
    objectLabels("pod", p.labels(), p.annotations(), common);
    for (Container c : p.containers()) {
      Map<String, String> labels = new LinkedHashMap<>(common);
      labels.put("__meta_kubernetes_pod_container_name", c.name());
      labels.put("__meta_kubernetes_pod_container_init", Boolean.toString(c.init()));
      if (c.ports().isEmpty()) {
        out.add(group(p.ip(), labels));
      }
      for (Port port : c.ports()) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("__meta_kubernetes_pod_container_port_name", port.name());
        l.put("__meta_kubernetes_pod_container_port_number", Integer.toString(port.number()));
        l.put("__meta_kubernetes_pod_container_port_protocol", "TCP");
        out.add(group(p.ip() + ":" + port.number(), l));
      }
    }
  }

  private static Map<String, String> nodeLabels(Node n) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("instance", n.name());
    l.put("__meta_kubernetes_node_name", n.name());
    l.put("__meta_kubernetes_node_address_InternalIP", n.ip());
    objectLabels("node", n.labels(), Map.of(), l);
    return l;
  }

  private static void endpointTargets(Endpoints e, List<Map<String, Object>> out) {
    for (String ip : e.ips()) {
      for (Port port : e.ports()) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("__meta_kubernetes_namespace", e.namespace());
        l.put("__meta_kubernetes_endpoints_name", e.service());
        l.put("__meta_kubernetes_service_name", e.service());
        l.put("__meta_kubernetes_endpoint_port_name", port.name());
        l.put("__meta_kubernetes_endpoint_port_protocol", "TCP");
        l.put("__meta_kubernetes_endpoint_ready", "true");
        out.add(group(ip + ":" + port.number(), l));
      }
    }
  }

  private static void objectLabels(String kind, Map<String, String> labels, Map<String, String> annotations,
      Map<String, String> into) {
    labels.forEach((k, v) -> {
      into.put("__meta_kubernetes_" + kind + "_label_" + sanitize(k), v);
      into.put("__meta_kubernetes_" + kind + "_labelpresent_" + sanitize(k), "true");
    });
    annotations.forEach((k, v) -> {
      into.put("__meta_kubernetes_" + kind + "_annotation_" + sanitize(k), v);
      into.put("__meta_kubernetes_" + kind + "_annotationpresent_" + sanitize(k), "true");
    });
  }

  /** Kubernetes label and annotation names become label-name suffixes with every invalid character as '_'. */
  static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static Map<String, Object> group(String address, Map<String, String> labels) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("targets", List.of(address));
    g.put("labels", labels);
    return g;
  }
}
