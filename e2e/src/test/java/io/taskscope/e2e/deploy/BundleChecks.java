package io.taskscope.e2e.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks on a rendered bundle. Each returns the problems it finds ("Kind/name: what"), empty when the bundle passes;
 * every check is proven to bite by a broken example in BrokenBundleTest.
 */
final class BundleChecks {
  private BundleChecks() {}

  /** Built-in kinds must come out as their typed class; a fallback to GenericKubernetesResource means a bad kind. */
  static List<String> typedKinds(Bundle b) {
    List<String> out = new ArrayList<>();
    for (Bundle.Item i : b.items()) {
      if (i.typed() instanceof GenericKubernetesResource) {
        out.add(i.id() + ": " + i.tree().path("apiVersion").asText() + " " + i.tree().path("kind").asText()
            + " is not a kind fabric8's typed model knows");
      }
    }
    return out;
  }

  /** Fields the typed model does not know (typos such as "contianers") end up in additionalProperties. */
  static List<String> unknownFields(Bundle b) {
    List<String> out = new ArrayList<>();
    for (Bundle.Item i : b.items()) {
      if (!(i.typed() instanceof GenericKubernetesResource)) {
        walk(i.typed(), i.id(), out);
      }
    }
    return out;
  }

  private static void walk(Object o, String path, List<String> out) {
    if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
        || o instanceof Quantity || o instanceof IntOrString) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int n = 0;
      for (Object e : c) {
        walk(e, path + "[" + n++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, out));
      return;
    }
    // the Kubernetes kinds, and prometheus-operator's (ServiceMonitor, PrometheusRule) of the chart
    String pkg = o.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model")
        && !pkg.startsWith("io.fabric8.openshift.api.model.monitoring")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object v;
      try {
        v = m.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": unknown field(s) " + extra.keySet());
        }
      } else {
        String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        walk(v, path + "." + field, out);
      }
    }
  }

  /** Every container states CPU and memory requests and a memory limit. */
  static List<String> resources(Bundle b) {
    List<String> out = new ArrayList<>();
    b.podTemplates().forEach((id, t) -> containers(t).forEach(c -> {
      var r = c.getResources();
      Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
      Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
      for (String need : List.of("cpu", "memory")) {
        if (!req.containsKey(need)) {
          out.add(id + " container " + c.getName() + ": no " + need + " request");
        }
      }
      if (!lim.containsKey("memory")) {
        out.add(id + " container " + c.getName() + ": no memory limit");
      }
    }));
    return out;
  }

  /**
   * A container that serves a port has a liveness or readiness probe (Deployments: readiness, so a Service only
   * sends traffic to ready pods), and every probe's port is one the container declares.
   */
  static List<String> probes(Bundle b) {
    List<String> out = new ArrayList<>();
    b.podTemplates().forEach((id, t) -> containers(t).forEach(c -> {
      List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
      if (!ports.isEmpty() && c.getLivenessProbe() == null && c.getReadinessProbe() == null) {
        out.add(id + " container " + c.getName() + ": serves a port but has no probe");
      }
      if (!ports.isEmpty() && id.startsWith("Deployment/") && c.getReadinessProbe() == null) {
        out.add(id + " container " + c.getName() + ": Deployment container serving a port has no readiness probe");
      }
      for (Probe p : Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())
          .filter(Objects::nonNull).toList()) {
        IntOrString port = p.getHttpGet() != null ? p.getHttpGet().getPort()
            : p.getTcpSocket() != null ? p.getTcpSocket().getPort() : null;
        if (port != null && !declares(ports, port)) {
          out.add(id + " container " + c.getName() + ": probe port " + text(port) + " is not a declared port");
        }
      }
    }));
    return out;
  }

  private static boolean declares(List<ContainerPort> ports, IntOrString port) {
    return ports.stream().anyMatch(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
        : port.getIntVal() != null && port.getIntVal().equals(p.getContainerPort()));
  }

  private static String text(IntOrString p) {
    return p.getStrVal() != null ? p.getStrVal() : String.valueOf(p.getIntVal());
  }

  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /** No wildcard in any rule, and the stack only reads. */
  static List<String> rbac(Bundle b) {
    List<String> out = new ArrayList<>();
    List<Map.Entry<String, List<PolicyRule>>> roles = new ArrayList<>();
    b.all(ClusterRole.class).forEach(r -> roles.add(Map.entry("ClusterRole/" + r.getMetadata().getName(),
        r.getRules() == null ? List.of() : r.getRules())));
    b.all(Role.class).forEach(r -> roles.add(Map.entry("Role/" + r.getMetadata().getName(),
        r.getRules() == null ? List.of() : r.getRules())));
    for (var role : roles) {
      for (PolicyRule rule : role.getValue()) {
        for (var field : Map.of("verbs", list(rule.getVerbs()), "resources", list(rule.getResources()),
            "apiGroups", list(rule.getApiGroups()), "resourceNames", list(rule.getResourceNames()),
            "nonResourceURLs", list(rule.getNonResourceURLs())).entrySet()) {
          if (field.getValue().stream().anyMatch(v -> v.contains("*"))) {
            out.add(role.getKey() + ": wildcard in " + field.getKey() + " " + field.getValue());
          }
        }
        for (String verb : list(rule.getVerbs())) {
          if (!verb.contains("*") && !READ_VERBS.contains(verb)) {
            out.add(role.getKey() + ": verb " + verb + " on " + list(rule.getResources()) + " (the stack only reads)");
          }
        }
        if (list(rule.getResources()).contains("secrets")) {
          out.add(role.getKey() + ": reads secrets");
        }
      }
    }
    return out;
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  /** Every volumeMount names a volume of its pod, and no two mounts of a container share a path. */
  static List<String> volumes(Bundle b) {
    List<String> out = new ArrayList<>();
    b.podTemplates().forEach((id, t) -> {
      Set<String> declared = new HashSet<>();
      for (Volume v : volumesOf(t)) {
        if (!declared.add(v.getName())) {
          out.add(id + ": volume " + v.getName() + " declared twice");
        }
      }
      // a StatefulSet's volumeClaimTemplates are volumes of each of its pods
      b.named(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, id.substring(id.indexOf('/') + 1))
          .filter(ss -> id.startsWith("StatefulSet/") && ss.getSpec().getVolumeClaimTemplates() != null)
          .ifPresent(ss -> ss.getSpec().getVolumeClaimTemplates().forEach(p -> declared.add(p.getMetadata().getName())));
      for (Container c : containers(t)) {
        Set<String> paths = new HashSet<>();
        for (VolumeMount m : mounts(c)) {
          if (!declared.contains(m.getName())) {
            out.add(id + " container " + c.getName() + ": mount " + m.getMountPath() + " uses undeclared volume "
                + m.getName());
          }
          if (!paths.add(m.getMountPath())) {
            out.add(id + " container " + c.getName() + ": two mounts at " + m.getMountPath());
          }
        }
      }
    });
    return out;
  }

  /**
   * Every ConfigMap or Secret a pod uses exists in the bundle with the keys it uses: volume items, subPath mounts,
   * env references, and file paths in the container's args that point into a ConfigMap or Secret mount.
   */
  static List<String> configKeys(Bundle b) {
    List<String> out = new ArrayList<>();
    b.podTemplates().forEach((id, t) -> {
      for (Container c : containers(t)) {
        for (VolumeMount m : mounts(c)) {
          Volume v = volumesOf(t).stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElse(null);
          Map<String, String> keys = v == null ? null : keysOf(b, v);
          if (keys == null) {
            continue;
          }
          String where = id + " container " + c.getName() + " mount " + m.getMountPath();
          if (keys.containsKey("\0missing")) {
            out.add(where + ": " + keys.get("\0missing") + " is not in the bundle");
            continue;
          }
          if (m.getSubPath() != null && !m.getSubPath().isEmpty() && !keys.containsKey(m.getSubPath())) {
            out.add(where + ": subPath " + m.getSubPath() + " is not a key of " + sourceName(v));
          }
          for (String path : argPaths(c)) {
            String mountDir = m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/";
            if (m.getSubPath() == null && path.startsWith(mountDir)) {
              String key = path.substring(mountDir.length());
              if (!keys.containsKey(key)) {
                out.add(id + " container " + c.getName() + ": argument path " + path + " is not a key of "
                    + sourceName(v) + " " + keys.keySet());
              }
            }
          }
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
          var from = e.getValueFrom();
          if (from == null) {
            continue;
          }
          if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            Map<String, String> keys = b.configMap(ref.getName()).map(BundleChecks::keys).orElse(null);
            if (keys == null || !keys.containsKey(ref.getKey())) {
              out.add(id + " container " + c.getName() + " env " + e.getName() + ": ConfigMap " + ref.getName()
                  + " key " + ref.getKey() + " not in the bundle");
            }
          }
          if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Map<String, String> keys = b.secret(ref.getName()).map(BundleChecks::keys).orElse(null);
            if (keys == null || !keys.containsKey(ref.getKey())) {
              out.add(id + " container " + c.getName() + " env " + e.getName() + ": Secret " + ref.getName()
                  + " key " + ref.getKey() + " not in the bundle");
            }
          }
        }
      }
    });
    return out;
  }

  /** Keys a ConfigMap or Secret volume presents as files; null for other volume types. */
  private static Map<String, String> keysOf(Bundle b, Volume v) {
    if (v.getConfigMap() != null) {
      var cm = b.configMap(v.getConfigMap().getName());
      if (cm.isEmpty()) {
        return Boolean.TRUE.equals(v.getConfigMap().getOptional()) ? null
            : Map.of("\0missing", "ConfigMap " + v.getConfigMap().getName());
      }
      return withItems(keys(cm.get()), v.getConfigMap().getItems());
    }
    if (v.getSecret() != null) {
      var s = b.secret(v.getSecret().getSecretName());
      if (s.isEmpty()) {
        return Boolean.TRUE.equals(v.getSecret().getOptional()) ? null
            : Map.of("\0missing", "Secret " + v.getSecret().getSecretName());
      }
      return withItems(keys(s.get()), v.getSecret().getItems());
    }
    return null;
  }

  private static Map<String, String> withItems(Map<String, String> keys,
      List<io.fabric8.kubernetes.api.model.KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      return keys;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (var i : items) {
      if (!keys.containsKey(i.getKey())) {
        return Map.of("\0missing", "key " + i.getKey());
      }
      out.put(i.getPath(), keys.get(i.getKey()));
    }
    return out;
  }

  static Map<String, String> keys(ConfigMap cm) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (cm.getData() != null) {
      out.putAll(cm.getData());
    }
    if (cm.getBinaryData() != null) {
      out.putAll(cm.getBinaryData());
    }
    return out;
  }

  static Map<String, String> keys(Secret s) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (s.getData() != null) {
      out.putAll(s.getData());
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  private static String sourceName(Volume v) {
    return v.getConfigMap() != null ? "ConfigMap " + v.getConfigMap().getName()
        : "Secret " + v.getSecret().getSecretName();
  }

  /** Absolute paths in a container's command and args, also as the value of --flag=/path. */
  static List<String> argPaths(Container c) {
    List<String> out = new ArrayList<>();
    for (String a : Stream.concat(list(c.getCommand()).stream(), list(c.getArgs()).stream()).toList()) {
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : a;
      if (v.startsWith("/") && !v.contains(" ") && !v.contains("\n")) {
        out.add(v);
      }
    }
    return out;
  }

  /** Each Service with a selector selects some pod template of the bundle and targets ports those pods declare. */
  static List<String> serviceSelectors(Bundle b) {
    List<String> out = new ArrayList<>();
    Map<String, PodTemplateSpec> templates = b.podTemplates();
    for (Service s : b.all(Service.class)) {
      Map<String, String> declared = s.getSpec().getSelector();
      if (declared == null || declared.isEmpty()) {
        continue;
      }
      // the StatefulSet controller labels each of its pods with its name (deploy/overlays/sharded selects shard 0)
      Map<String, String> sel = new java.util.HashMap<>(declared);
      sel.remove("statefulset.kubernetes.io/pod-name");
      List<PodTemplateSpec> matched = templates.values().stream().filter(t -> {
        Map<String, String> labels = t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of()
            : t.getMetadata().getLabels();
        return labels.entrySet().containsAll(sel.entrySet());
      }).toList();
      String id = "Service/" + s.getMetadata().getName();
      if (matched.isEmpty()) {
        out.add(id + ": selector " + sel + " matches no pod template");
        continue;
      }
      for (ServicePort p : s.getSpec().getPorts()) {
        IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
        boolean served = matched.stream().anyMatch(t -> containers(t).stream()
            .anyMatch(c -> declares(c.getPorts() == null ? List.of() : c.getPorts(), target)));
        if (!served) {
          out.add(id + ": port " + p.getPort() + " targets " + text(target) + ", which no selected pod declares");
        }
      }
    }
    return out;
  }

  /** The Kubernetes object size limit, with room: kubectl apply --server-side stores no copy in an annotation. */
  static List<String> sizes(Bundle b) throws Exception {
    List<String> out = new ArrayList<>();
    for (Bundle.Item i : b.items()) {
      int size = Bundle.JSON.writeValueAsBytes(i.tree()).length;
      if (size > 900 * 1024) {
        out.add(i.id() + ": " + size + " bytes, over the 900 KiB this bundle allows (etcd limit about 1.5 MB)");
      }
    }
    return out;
  }

  static List<String> all(Bundle b) throws Exception {
    List<String> out = new ArrayList<>();
    out.addAll(typedKinds(b));
    out.addAll(unknownFields(b));
    out.addAll(resources(b));
    out.addAll(probes(b));
    out.addAll(rbac(b));
    out.addAll(volumes(b));
    out.addAll(configKeys(b));
    out.addAll(serviceSelectors(b));
    out.addAll(sizes(b));
    return out;
  }

  static List<Container> containers(PodTemplateSpec t) {
    List<Container> out = new ArrayList<>();
    if (t.getSpec().getInitContainers() != null) {
      out.addAll(t.getSpec().getInitContainers());
    }
    out.addAll(t.getSpec().getContainers());
    return out;
  }

  static List<Volume> volumesOf(PodTemplateSpec t) {
    return t.getSpec().getVolumes() == null ? List.of() : t.getSpec().getVolumes();
  }

  static List<VolumeMount> mounts(Container c) {
    return c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
  }
}
