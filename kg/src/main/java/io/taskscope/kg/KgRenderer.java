package io.taskscope.kg;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.graph.GraphFactory;

import static io.taskscope.kg.Vocab.*;

/**
 * Renders Kubernetes objects into subgraphs. The output holds only facts that change when something starts or stops
 * (phases, ready state, replicas, container ids), never heartbeat-like fields, so re-rendering an unchanged object
 * gives the same graph and the exporter can skip it.
 *
 * <p>Shape: kg_exporter's (rdf:type glc:WorkProducingResource / glc:AssignedTask, kind in glc:hasDescription,
 * glc:hasStatus, glc:makes, glc:consumes, glc:hasID on every glc node, scheduler that assigns and manages), plus
 * ts:hasTelemetry → ts:Telemetry → metrics data (Prometheus, metric list with units and PromQL), logs data (Loki) and
 * Grafana dashboards.
 */
public final class KgRenderer {
  public static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job");

  private final RenderOptions opts;

  public KgRenderer(RenderOptions opts) {
    this.opts = opts;
  }

  public RenderOptions options() {
    return opts;
  }

  // ---------------------------------------------------------------- ids and IRIs

  public SubgraphId workloadId(String kind, String namespace, String name) {
    return SubgraphId.of(opts.cluster(), namespace, kind, name);
  }

  public SubgraphId nodeId(String name) {
    return SubgraphId.of(opts.cluster(), null, "Node", name);
  }

  public SubgraphId gnodeId() {
    return SubgraphId.of(opts.cluster(), null, "GNode", opts.gnodeId());
  }

  public SubgraphId podId(String namespace, String name) {
    return SubgraphId.of(opts.cluster(), namespace, "Pod", name);
  }

  Node workloadIri(String kind, String ns, String name) {
    return iri(opts.namespacedWorkloadIris() ? opts.clusterBase() + ns + "/" + kind + "/" + name
        : opts.clusterBase() + name);
  }

  Node nodeIri(String name) {
    return iri(opts.clusterBase() + name);
  }

  Node podIri(String ns, String name) {
    return iri(opts.clusterBase() + ns + "." + name);
  }

  Node gnodeIri() {
    return iri(opts.clusterBase() + "gnode/" + opts.gnodeId());
  }

  // ---------------------------------------------------------------- workloads

  /** A workload's subgraph. {@code endedAt} non-null: the workload was deleted then (status terminated). */
  public Graph workload(HasMetadata w, Collection<Pod> pods, Instant endedAt) {
    return workload(w, pods, Map.of(), endedAt);
  }

  /**
   * A workload's subgraph with the pods it had that are gone ({@code gone}: pod → when it went), recorded as
   * kg_exporter's termination transform records them: pod status {@code Unknown} and container status
   * {@code terminated}, both with an end time.
   */
  public Graph workload(HasMetadata w, Collection<Pod> pods, Map<Pod, Instant> gone, Instant endedAt) {
    String kind = w.getKind();
    String ns = w.getMetadata().getNamespace();
    String name = w.getMetadata().getName();
    Graph g = GraphFactory.createDefaultGraph();
    Node wi = workloadIri(kind, ns, name);
    glcNode(g, wi, AssignedTask, kind);
    g.add(wi, hasName, str(name));
    g.add(wi, namespace, str(ns));
    PodTemplateSpec template = null;
    Integer replicas = null;
    String phase;
    String start = w.getMetadata().getCreationTimestamp();
    String end = null;
    switch (w) {
      case Deployment d -> {
        template = d.getSpec() == null ? null : d.getSpec().getTemplate();
        replicas = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
            : d.getStatus().getReadyReplicas();
        phase = replicas == 0 ? "Stopped" : ready > 0 ? "Running" : "Pending";
      }
      case StatefulSet s -> {
        template = s.getSpec() == null ? null : s.getSpec().getTemplate();
        replicas = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        int ready = s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0
            : s.getStatus().getReadyReplicas();
        phase = replicas == 0 ? "Stopped" : ready > 0 ? "Running" : "Pending";
      }
      case DaemonSet ds -> {
        template = ds.getSpec() == null ? null : ds.getSpec().getTemplate();
        int ready = ds.getStatus() == null || ds.getStatus().getNumberReady() == null ? 0
            : ds.getStatus().getNumberReady();
        phase = ready > 0 ? "Running" : "Pending";
      }
      case Job j -> {
        template = j.getSpec() == null ? null : j.getSpec().getTemplate();
        replicas = j.getSpec() == null || j.getSpec().getParallelism() == null ? 1 : j.getSpec().getParallelism();
        phase = jobPhase(j);
        if (j.getStatus() != null && j.getStatus().getStartTime() != null) {
          start = j.getStatus().getStartTime();
        }
        if ("Succeeded".equals(phase) && j.getStatus().getCompletionTime() != null) {
          end = j.getStatus().getCompletionTime();
        } else if ("Failed".equals(phase)) {
          end = j.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType()))
              .map(JobCondition::getLastTransitionTime).findFirst().orElse(null);
        }
      }
      default -> throw new IllegalArgumentException("not a workload kind: " + kind);
    }
    if (endedAt != null) {
      phase = "terminated";
      end = endedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    if (replicas != null) {
      g.add(wi, Vocab.replicas, NodeFactory.createLiteralDT(Integer.toString(replicas), XSDDatatype.XSDinteger));
    }
    status(g, wi, phase, start, end);
    if (template != null && template.getSpec() != null) {
      constraints(g, wi, template.getSpec().getContainers());
    }
    Node scheduler = glc(template != null && template.getSpec() != null
        && template.getSpec().getSchedulerName() != null ? template.getSpec().getSchedulerName()
        : "default-scheduler");
    glcNode(g, scheduler, Scheduler, null);
    g.add(scheduler, assigns, wi);
    if (endedAt == null) {
      pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(p -> {
        Node pi = pod(g, p, null);
        g.add(wi, makes, pi);
      });
      gone.forEach((p, at) -> g.add(wi, makes, pod(g, p, at)));
    }
    telemetry(g, wi, Scope.WORKLOAD, ns, kind, name);
    return g;
  }

  static String jobPhase(Job j) {
    if (j.getStatus() == null) {
      return "Pending";
    }
    if (j.getStatus().getConditions() != null) {
      for (JobCondition c : j.getStatus().getConditions()) {
        if ("True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType()))) {
          return "Succeeded";
        }
        if ("True".equals(c.getStatus()) && ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType()))) {
          return "Failed";
        }
      }
    }
    Integer active = j.getStatus().getActive();
    return active != null && active > 0 ? "Running" : "Pending";
  }

  /** The name of the workload (kind, name) that owns a pod, or null for a pod with no workload owner. */
  public static String[] ownerOf(Pod p) {
    List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
    if (refs == null) {
      return null;
    }
    for (OwnerReference r : refs) {
      if (r.getController() != null && !r.getController()) {
        continue;
      }
      switch (r.getKind()) {
        case "StatefulSet", "DaemonSet", "Job" -> {
          return new String[] {r.getKind(), r.getName()};
        }
        case "ReplicaSet" -> {
          // A Deployment's ReplicaSet is named {deployment}-{pod-template-hash}.
          Map<String, String> labels = p.getMetadata().getLabels();
          String hash = labels == null ? null : labels.get("pod-template-hash");
          if (hash != null && r.getName().endsWith("-" + hash)) {
            return new String[] {"Deployment", r.getName().substring(0, r.getName().length() - hash.length() - 1)};
          }
          return new String[] {"ReplicaSet", r.getName()};
        }
        default -> {
          return new String[] {r.getKind(), r.getName()};
        }
      }
    }
    return null;
  }

  /** The names a controller gives its pods, as a regex (logs of a workload are selected by pod name). */
  private static String podRegex(String kind, String name) {
    String n = name.replace(".", "\\.");
    return switch (kind) {
      case "Deployment" -> n + "-[a-z0-9]+-[a-z0-9]+";
      case "StatefulSet" -> n + "-[0-9]+";
      default -> n + "-[a-z0-9]+";
    };
  }

  // ---------------------------------------------------------------- pods

  /**
   * kg_exporter's per-pod fragment: the pod, its containers, its node, the controller that owns it (an AssignedTask
   * that glc:makes it, named by the owner reference as kg_exporter does) and the scheduler.
   */
  public Graph podFragment(Pod p) {
    return podFragment(p, null);
  }

  /** {@link #podFragment(Pod)} of a pod that is gone since {@code endedAt} (null: it is not). */
  public Graph podFragment(Pod p, Instant endedAt) {
    Graph g = GraphFactory.createDefaultGraph();
    Node pi = pod(g, p, endedAt);
    List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
    if (refs != null) {
      for (OwnerReference r : refs) {
        Node oi = workloadIri(r.getKind(), p.getMetadata().getNamespace(), r.getName());
        glcNode(g, oi, AssignedTask, r.getKind());
        g.add(oi, makes, pi);
      }
    }
    return g;
  }

  /** A pod and its containers; {@code endedAt} non-null: the pod is gone since then (upstream's termination form). */
  Node pod(Graph g, Pod p, Instant endedAt) {
    String end = endedAt == null ? null : endedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    Node pi = podIri(ns, name);
    glcNode(g, pi, WorkProducingResource, "Pod");
    g.add(pi, hasName, str(name));
    var spec = p.getSpec();
    var st = p.getStatus();
    if (spec != null && spec.getNodeName() != null) {
      Node ni = nodeIri(spec.getNodeName());
      glcNode(g, ni, WorkProducingResource, "KubernetesWorkerNode");
      g.add(pi, consumes, ni);
    }
    status(g, pi, end != null ? "Unknown" : st == null || st.getPhase() == null ? "Pending" : st.getPhase(),
        st == null ? null : st.getStartTime(), end);
    Node scheduler = glc(spec != null && spec.getSchedulerName() != null ? spec.getSchedulerName()
        : "default-scheduler");
    glcNode(g, scheduler, Scheduler, null);
    g.add(scheduler, manages, pi);
    if (st != null && st.getContainerStatuses() != null) {
      for (ContainerStatus cs : st.getContainerStatuses()) {
        Node ci = iri(pi.getURI() + "." + cs.getName());
        glcNode(g, ci, WorkProducingResource, "Container");
        if (cs.getContainerID() != null) {
          g.add(ci, hasContainerID, str(cs.getContainerID()));
        }
        g.add(ci, hasContainerName, str(cs.getName()));
        ContainerState s = cs.getState();
        if (end != null) {
          String started = s == null ? null : s.getRunning() != null ? s.getRunning().getStartedAt()
              : s.getTerminated() != null ? s.getTerminated().getStartedAt() : null;
          String finished = s != null && s.getTerminated() != null && s.getTerminated().getFinishedAt() != null
              ? s.getTerminated().getFinishedAt() : end;
          status(g, ci, "terminated", started, finished);
        } else if (s != null && s.getRunning() != null) {
          status(g, ci, "running", s.getRunning().getStartedAt(), null);
        } else if (s != null && s.getTerminated() != null) {
          status(g, ci, "terminated", s.getTerminated().getStartedAt(), s.getTerminated().getFinishedAt());
        } else if (s != null && s.getWaiting() != null) {
          status(g, ci, "waiting", null, null);
        }
        g.add(pi, hasSubResource, ci);
        g.add(scheduler, manages, ci);
      }
    }
    return pi;
  }

  // ---------------------------------------------------------------- nodes and the GLACIATION node

  public Graph node(io.fabric8.kubernetes.api.model.Node n, Instant endedAt) {
    Graph g = GraphFactory.createDefaultGraph();
    String name = n.getMetadata().getName();
    Node ni = nodeIri(name);
    glcNode(g, ni, WorkProducingResource, "KubernetesWorkerNode");
    g.add(ni, hasName, str(name));
    String phase = "NotReady";
    if (n.getStatus() != null && n.getStatus().getConditions() != null) {
      for (NodeCondition c : n.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
          phase = "Ready";
        }
      }
    }
    String end = null;
    if (endedAt != null) {
      phase = "Unknown";
      end = endedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    status(g, ni, phase, n.getMetadata().getCreationTimestamp(), end);
    if (n.getStatus() != null && n.getStatus().getCapacity() != null) {
      Map<String, Quantity> cap = n.getStatus().getCapacity();
      capacity(g, ni, "CPU", cap.get("cpu"), Core, HardConstraint, "Capacity");
      capacity(g, ni, "RAM", cap.get("memory"), Bytes, HardConstraint, "Capacity");
      capacity(g, ni, "GPU", cap.get("nvidia.com/gpu"), Core, HardConstraint, "Capacity");
      capacity(g, ni, "Storage", cap.get("ephemeral-storage"), Bytes, HardConstraint, "Capacity");
    }
    telemetry(g, ni, Scope.NODE, null, "Node", name);
    return g;
  }

  /** The GLACIATION node: id, URL, its Kubernetes nodes, its telemetry (aggregated over the cluster). */
  public Graph gnode(Collection<String> nodeNames) {
    Graph g = GraphFactory.createDefaultGraph();
    Node gi = gnodeIri();
    glcNode(g, gi, WorkProducingResource, "GlaciationNode");
    g.add(gi, TYPE, GNode);
    g.add(gi, gnodeId, str(opts.gnodeId()));
    g.add(gi, url, uri(opts.gnodeUrl()));
    nodeNames.stream().sorted().forEach(n -> {
      Node ni = nodeIri(n);
      glcNode(g, ni, WorkProducingResource, "KubernetesWorkerNode");
      g.add(gi, hasSubResource, ni);
    });
    telemetry(g, gi, Scope.CLUSTER, null, "GNode", opts.gnodeId());
    return g;
  }

  // ---------------------------------------------------------------- telemetry

  enum Scope { WORKLOAD, NODE, CLUSTER }

  /**
   * One metric of seed 003 with its unit, measured property and exporter. Its PromQL selects the series the shipped
   * recording rules give each scope (deploy/prometheus/rules/taskscope-resources.yml: {@code workload:}, {@code node:}
   * and {@code glaciation_node:} + {@code rule}), so graph readers (dashboards, the forecast job) find one series
   * per resource whatever exporter measured it. The rules' {@code cluster} label must be this graph's cluster name.
   */
  record MetricDef(String name, Node unit, String property, String source, String rule) {}

  static final List<MetricDef> METRICS = List.of(
      new MetricDef("cpu_usage", Percent, "CPU.Usage", "cAdvisor", "cpu_usage:percent"),
      new MetricDef("mem_usage", MB, "RAM.Usage", "cAdvisor", "mem_usage:megabytes"),
      new MetricDef("disk_usage", Bytes, "Storage.Usage", "cAdvisor", "disk_usage:bytes"),
      new MetricDef("network_usage", BytesPerSecond, "Network.Usage", "cAdvisor", "network_usage:bytes_per_second"),
      new MetricDef("energy_joules", Joule, "Energy.Usage", "Kepler", "energy_joules:sum"),
      new MetricDef("gpu_usage", Percent, "GPU.Usage", "NVidiaPlugin", "gpu_usage:percent"));

  /** The recording-rule series of {@code m} for one resource of {@code scope}. */
  private String promQuery(MetricDef m, Scope scope, String ns, String kind, String name) {
    return switch (scope) {
      case WORKLOAD -> "workload:" + m.rule() + "{cluster=" + quote(opts.cluster()) + ",namespace=" + quote(ns)
          + ",workload_type=" + quote(kind) + ",workload=" + quote(name) + "}";
      case NODE -> "node:" + m.rule() + "{cluster=" + quote(opts.cluster()) + ",node=" + quote(name) + "}";
      case CLUSTER -> "glaciation_node:" + m.rule() + "{glaciation_node=" + quote(opts.cluster()) + "}";
    };
  }

  /** A PromQL string literal. */
  private static String enc(String v) {
    return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String quote(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void telemetry(Graph g, Node resource, Scope scope, String ns, String kind,
      String name) {
    String base = resource.getURI() + ".Telemetry";
    Node t = iri(base);
    g.add(resource, hasTelemetry, t);
    g.add(t, TYPE, Telemetry);
    Node prom = iri(opts.clusterBase() + "datasource/prometheus");
    g.add(prom, TYPE, Datasource);
    g.add(prom, datasourceType, str("prometheus"));
    g.add(prom, url, uri(opts.prometheusUrl()));
    Node md = iri(base + ".Metrics");
    g.add(t, hasData, md);
    g.add(md, TYPE, MetricsData);
    g.add(md, dataType, str("timeseries"));
    g.add(md, hasDatasource, prom);
    for (MetricDef m : METRICS) {
      Node mi = iri(base + ".Metrics." + m.name());
      g.add(md, hasMetric, mi);
      g.add(mi, TYPE, Metric);
      g.add(mi, metricName, str(m.name()));
      g.add(mi, measuredIn, m.unit());
      g.add(m.unit(), TYPE, MeasurementUnit);
      g.add(mi, relatesToMeasurementProperty, glc(m.property()));
      g.add(mi, promQuery, str(promQuery(m, scope, ns, kind, name)));
    }
    // the shipped resource dashboards (deploy/grafana/dashboards/resources-*.json) and their variables
    String c = enc(opts.cluster());
    String dashVars = switch (scope) {
      case WORKLOAD -> "var-cluster=" + c + "&var-namespace=" + enc(ns) + "&var-workload_type=" + enc(kind)
          + "&var-workload=" + enc(name);
      case NODE -> "var-cluster=" + c + "&var-node=" + enc(name);
      case CLUSTER -> "var-glaciation_node=" + c;
    };
    Node mdash = iri(base + ".Dashboard.metrics");
    g.add(md, hasDashboard, mdash);
    g.add(mdash, TYPE, Dashboard);
    g.add(mdash, dashboardType, str("grafana"));
    String dashboard = switch (scope) {
      case WORKLOAD -> "taskscope-resources-workload";
      case NODE -> "taskscope-resources-node";
      case CLUSTER -> "taskscope-resources-glaciation-node";
    };
    g.add(mdash, url, uri(trimSlash(opts.grafanaUrl()) + "/d/" + dashboard + "?" + dashVars));
    if (scope == Scope.WORKLOAD) {
      Node loki = iri(opts.clusterBase() + "datasource/loki");
      g.add(loki, TYPE, Datasource);
      g.add(loki, datasourceType, str("loki"));
      g.add(loki, url, uri(opts.lokiUrl()));
      Node ld = iri(base + ".Logs");
      g.add(t, hasData, ld);
      g.add(ld, TYPE, LogsData);
      g.add(ld, dataType, str("logs"));
      g.add(ld, hasDatasource, loki);
      String podRe = podRegex(kind, name);
      g.add(ld, logQuery, str("{namespace=" + quote(ns) + ", pod=~" + quote(podRe) + "}"));
      Node ldash = iri(base + ".Dashboard.logs");
      g.add(ld, hasDashboard, ldash);
      g.add(ldash, TYPE, Dashboard);
      g.add(ldash, dashboardType, str("grafana"));
      g.add(ldash, url, uri(trimSlash(opts.grafanaUrl()) + "/d/taskscope-logs?var-namespace=" + enc(ns)
          + "&var-pod=" + enc(podRe)));
    }
  }

  // ---------------------------------------------------------------- constraints

  private void constraints(Graph g, Node wi, List<Container> containers) {
    Map<String, BigDecimal> req = new TreeMap<>();
    Map<String, BigDecimal> lim = new TreeMap<>();
    for (Container c : containers) {
      if (c.getResources() == null) {
        continue;
      }
      sum(req, c.getResources().getRequests());
      sum(lim, c.getResources().getLimits());
    }
    for (var kindMap : List.of(Map.entry("Allocated", req), Map.entry("Capacity", lim))) {
      Node cls = kindMap.getKey().equals("Allocated") ? SoftConstraint : HardConstraint;
      Map<String, BigDecimal> m = kindMap.getValue();
      constraint(g, wi, "CPU", m.get("cpu"), Core, cls, kindMap.getKey());
      constraint(g, wi, "RAM", m.get("memory"), Bytes, cls, kindMap.getKey());
      constraint(g, wi, "GPU", m.get("nvidia.com/gpu"), Core, cls, kindMap.getKey());
      constraint(g, wi, "Storage", m.get("ephemeral-storage"), Bytes, cls, kindMap.getKey());
    }
  }

  private static void sum(Map<String, BigDecimal> into, Map<String, Quantity> q) {
    if (q == null) {
      return;
    }
    q.forEach((k, v) -> into.merge(k, Quantity.getAmountInBytes(v), BigDecimal::add));
  }

  private void capacity(Graph g, Node ri, String res, Quantity q, Node unit, Node cls, String suffix) {
    if (q != null) {
      constraint(g, ri, res, Quantity.getAmountInBytes(q), unit, cls, suffix);
    }
  }

  private void constraint(Graph g, Node ri, String res, BigDecimal value, Node unit, Node cls, String suffix) {
    if (value == null) {
      return;
    }
    Node ci = iri(ri.getURI() + "." + res + "." + suffix);
    glcNode(g, ci, cls, res + "." + suffix);
    g.add(ri, hasConstraint, ci);
    g.add(ci, maxValue, NodeFactory.createLiteralDT(canonicalDouble(value.doubleValue()), XSDDatatype.XSDdouble));
    g.add(ci, measuredIn, unit);
    glcNode(g, unit, MeasurementUnit, null);
    Node aspect = Performance;
    g.add(ci, hasAspect, aspect);
    glcNode(g, aspect, Aspect, null);
  }

  // ---------------------------------------------------------------- helpers

  private static void status(Graph g, Node ri, String phase, String start, String end) {
    Node si = iri(ri.getURI() + ".Status");
    g.add(ri, hasStatus, si);
    glcNode(g, si, Status, phase);
    if (start != null) {
      g.add(si, startTime, dateTime(start));
    }
    if (end != null) {
      g.add(si, endTime, dateTime(end));
    }
  }

  private static void glcNode(Graph g, Node n, Node type, String description) {
    g.add(n, TYPE, type);
    g.add(n, hasID, n);
    if (description != null) {
      g.add(n, hasDescription, str(description));
    }
  }

  /**
   * The canonical lexical form of an xsd:double ({@code 2.5E-1}, {@code 1.0E2}), the one JSON-LD and TDB2 give back,
   * so that a graph read back from either is the same graph, term for term.
   */
  static String canonicalDouble(double d) {
    if (d == 0) {
      return "0.0E0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = bd.precision() - bd.scale() - 1;
    String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
    return (d < 0 ? "-" : "") + mantissa + "E" + exp;
  }

  static Node dateTime(String rfc3339) {
    return NodeFactory.createLiteralDT(Instant.parse(rfc3339).toString(), XSDDatatype.XSDdateTime);
  }

  private static Node str(String s) {
    return NodeFactory.createLiteralString(s);
  }

  private static Node uri(String s) {
    return NodeFactory.createLiteralDT(s, XSDDatatype.XSDanyURI);
  }

  private static Node iri(String s) {
    return NodeFactory.createURI(s);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
