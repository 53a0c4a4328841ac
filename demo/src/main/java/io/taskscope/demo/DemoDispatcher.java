package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Front of fabric8's {@link KubernetesCrudDispatcher} that fills the gaps of its CRUD mode for a long-running demo.
 *
 * <ul>
 *   <li>API discovery: in CRUD mode {@code GET /api}, {@code GET /apis} and {@code GET /apis/<group>} fall through to
 *       the object store and answer a {@code List} of every stored object (all CRDs, ~11 MB) instead of
 *       {@code APIVersions} / {@code APIGroupList} / {@code APIGroup}; {@code /api/v1} and built-in groups answer an
 *       empty list. They are answered here: built-in resources from a static table, CRD groups from the CRDs in the
 *       store (so a CRD created after start-up shows up). {@code /apis/<crd-group>/<version>} is left to fabric8,
 *       which answers it from the CRDs created through the API.</li>
 *   <li>{@code /version} and {@code /}: answered here (the expectations {@code KubernetesMockServer.onStart} records
 *       are only served by its mock dispatcher, not a CRUD one).</li>
 *   <li>Seeding: {@link #seed(String, String)} stores an object as it is (uid, creationTimestamp, status kept), which
 *       a POST does not allow (the mock assigns a new uid and drops {@code status} of CRs with a status
 *       subresource).</li>
 *   <li>Pod logs: {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log} is answered by {@link PodLogs} from the stored
 *       pod (the CRUD mode has no logs).</li>
 *   <li>Locking: the store is a plain {@code LinkedHashMap} behind a lock we cannot reach; seeding and the discovery
 *       scan go through this dispatcher's own lock, which every write request also takes.</li>
 * </ul>
 */
final class DemoDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DemoDispatcher.class);
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  /** Built-in group/version → resources served by the demo. */
  private static final Map<String, List<APIResource>> BUILTIN = new LinkedHashMap<>();

  static {
    BUILTIN.put("v1", List.of(res("pods", "Pod", true), res("pods/status", "Pod", true), res("nodes", "Node", false),
        res("nodes/status", "Node", false), res("namespaces", "Namespace", false), res("services", "Service", true),
        res("endpoints", "Endpoints", true), res("configmaps", "ConfigMap", true), res("secrets", "Secret", true),
        res("serviceaccounts", "ServiceAccount", true), res("events", "Event", true),
        res("persistentvolumeclaims", "PersistentVolumeClaim", true)));
    BUILTIN.put("apps/v1", List.of(res("deployments", "Deployment", true), res("deployments/status", "Deployment", true),
        res("replicasets", "ReplicaSet", true), res("daemonsets", "DaemonSet", true),
        res("statefulsets", "StatefulSet", true)));
    BUILTIN.put("batch/v1", List.of(res("jobs", "Job", true), res("jobs/status", "Job", true),
        res("cronjobs", "CronJob", true)));
    BUILTIN.put("autoscaling/v2", List.of(res("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)));
    BUILTIN.put("coordination.k8s.io/v1", List.of(res("leases", "Lease", true)));
    BUILTIN.put("apiextensions.k8s.io/v1", List.of(res("customresourcedefinitions", "CustomResourceDefinition", false),
        res("customresourcedefinitions/status", "CustomResourceDefinition", false)));
  }

  private final KubernetesCrudDispatcher crud;
  private final KubernetesSerialization serialization;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final AttributeSet crdQuery;
  /** CRD JSON (by identity) → its group and served versions; CRDs are parsed once. */
  private final Map<String, CrdGroup> crdGroups = new IdentityHashMap<>();
  private final VersionInfo versionInfo;
  private volatile PodLogs podLogs;

  DemoDispatcher(KubernetesCrudDispatcher crud, KubernetesSerialization serialization) {
    this.crud = crud;
    this.serialization = serialization;
    this.crdQuery = crud.getKey(CRD_PATH);
    this.versionInfo = new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.0-taskscope-demo")
        .withPlatform("linux/amd64").build();
  }

  private static APIResource res(String name, String kind, boolean namespaced) {
    return new APIResourceBuilder().withName(name).withKind(kind).withNamespaced(namespaced)
        .withSingularName(name.contains("/") ? "" : kind.toLowerCase())
        .withVerbs(name.contains("/") ? List.of("get", "patch", "update") : VERBS).build();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return route(request);
    } catch (RuntimeException e) {
      // an exception escaping the dispatcher leaves the request unanswered (the client waits for its timeout)
      LOG.warn("api {} {} failed: {}", request.getMethod(), request.getPath(), e.toString());
      return new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json").setBody(
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"InternalError\","
              + "\"code\":500,\"message\":" + serialization.asJson(String.valueOf(e)) + "}");
    }
  }

  private MockResponse route(RecordedRequest request) {
    String method = request.getMethod();
    String fullPath = request.getPath();
    if ("GET".equals(method)) {
      String path = stripQuery(fullPath);
      java.util.regex.Matcher log = LOG_PATH.matcher(path);
      if (log.matches() && podLogs != null) {
        return podLog(log.group(1), log.group(2), fullPath);
      }
      MockResponse discovery = discovery(path);
      if (discovery != null) {
        return discovery;
      }
      if (fullPath.contains("watch=true")) {
        // a watch only registers a listener; fabric8 sends the initial events under its own lock
        return crud.dispatch(request);
      }
      return locked(lock.readLock(), () -> crud.dispatch(request));
    }
    MockResponse response = locked(lock.writeLock(), () -> crud.dispatch(request));
    if (fullPath.startsWith(CRD_PATH) && LOG.isInfoEnabled()) {
      LOG.info("api {} {} -> {}", method, stripQuery(fullPath), response.code());
    }
    return response;
  }

  private static final java.util.regex.Pattern LOG_PATH =
      java.util.regex.Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");

  /** Serves pod logs from now on. */
  void podLogs(PodLogs logs) {
    this.podLogs = logs;
  }

  private MockResponse podLog(String ns, String name, String fullPath) {
    Map<String, String> q = queryParams(fullPath);
    PodLogs.Request req;
    try {
      req = new PodLogs.Request(q.get("container"), q.containsKey("tailLines") ? Integer.valueOf(q.get("tailLines"))
          : null, "true".equals(q.get("timestamps")), q.containsKey("limitBytes") ? Long.valueOf(q.get("limitBytes"))
          : null, q.containsKey("sinceTime") ? java.time.Instant.parse(q.get("sinceTime")) : null);
    } catch (RuntimeException e) {
      return status(400, "BadRequest", "invalid log options: " + e.getMessage());
    }
    AttributeSet key = crud.getKey("/api/v1/namespaces/" + ns + "/pods/" + name);
    String json = locked(lock.readLock(), () -> crud.getMap().entrySet().stream()
        .filter(e -> e.getKey().matches(key)).map(Map.Entry::getValue).findFirst().orElse(null));
    if (json == null) {
      return status(404, "NotFound", "pods \"" + name + "\" not found");
    }
    PodLogs.Answer a = podLogs.log(serialization.unmarshal(json, io.fabric8.kubernetes.api.model.Pod.class), req);
    if (a.code() != 200) {
      return status(a.code(), "BadRequest", a.body());
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(a.body());
  }

  private static Map<String, String> queryParams(String fullPath) {
    Map<String, String> m = new LinkedHashMap<>();
    int i = fullPath.indexOf('?');
    if (i < 0) {
      return m;
    }
    for (String pair : fullPath.substring(i + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.putIfAbsent(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  private MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
            + "\",\"code\":" + code + ",\"message\":" + serialization.asJson(message) + "}");
  }

  /** Stores {@code json} at collection {@code path} as it is (no uid/creationTimestamp/status rewriting). */
  void seed(String path, String json) {
    locked(lock.writeLock(), () -> {
      crud.processEvent(path, crud.getKey(path), null, null, json);
      return null;
    });
  }

  long nextResourceVersion() {
    return crud.requestResourceVersion();
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  private static <T> T locked(java.util.concurrent.locks.Lock l, Supplier<T> body) {
    l.lock();
    try {
      return body.get();
    } finally {
      l.unlock();
    }
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    String p = q >= 0 ? path.substring(0, q) : path;
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private MockResponse discovery(String path) {
    if (path.equals("/") || path.isEmpty()) {
      List<String> paths = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/version"));
      groups().forEach(g -> {
        paths.add("/apis/" + g.getName());
        g.getVersions().forEach(v -> paths.add("/apis/" + v.getGroupVersion()));
      });
      return json(200, new RootPathsBuilder().withPaths(paths).build());
    }
    if (path.equals("/version")) {
      return json(200, versionInfo);
    }
    if (path.equals("/api")) {
      return json(200, new APIVersionsBuilder().withVersions("v1").withServerAddressByClientCIDRs(
          new ServerAddressByClientCIDRBuilder().withClientCIDR("0.0.0.0/0").withServerAddress("127.0.0.1").build())
          .build());
    }
    if (path.equals("/apis")) {
      return json(200, new APIGroupListBuilder().withGroups(groups()).build());
    }
    if (path.equals("/api/v1")) {
      return resourceList("v1");
    }
    if (path.startsWith("/apis/")) {
      String[] seg = path.substring("/apis/".length()).split("/");
      if (seg.length == 1) {
        return groups().stream().filter(g -> g.getName().equals(seg[0])).findFirst()
            .map(g -> json(200, g)).orElseGet(() -> notFound(path));
      }
      if (seg.length == 2 && BUILTIN.containsKey(seg[0] + "/" + seg[1])) {
        return resourceList(seg[0] + "/" + seg[1]);
      }
    }
    return null;
  }

  private MockResponse resourceList(String groupVersion) {
    return json(200, new APIResourceListBuilder().withGroupVersion(groupVersion)
        .withResources(BUILTIN.get(groupVersion)).build());
  }

  private List<APIGroup> groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    BUILTIN.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> versions
        .computeIfAbsent(gv.substring(0, gv.indexOf('/')), k -> new ArrayList<>()).add(gv.substring(gv.indexOf('/') + 1)));
    for (CrdGroup g : crdGroups()) {
      List<String> vs = versions.computeIfAbsent(g.group(), k -> new ArrayList<>());
      g.versions().stream().filter(v -> !vs.contains(v)).forEach(vs::add);
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach((group, vs) -> {
      List<GroupVersionForDiscovery> gvs = vs.stream()
          .map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
      groups.add(new APIGroupBuilder().withName(group).withVersions(gvs).withPreferredVersion(gvs.get(0)).build());
    });
    return groups;
  }

  private List<CrdGroup> crdGroups() {
    return locked(lock.readLock(), () -> {
      List<String> crdJson = new ArrayList<>();
      for (Map.Entry<AttributeSet, String> e : crud.getMap().entrySet()) {
        if (e.getKey().matches(crdQuery)) {
          crdJson.add(e.getValue());
        }
      }
      synchronized (crdGroups) {
        Map<String, CrdGroup> fresh = new IdentityHashMap<>();
        for (String json : crdJson) {
          CrdGroup known = crdGroups.get(json);
          fresh.put(json, known != null ? known : parseCrdGroup(json));
        }
        crdGroups.clear();
        crdGroups.putAll(fresh);
        return new ArrayList<>(fresh.values());
      }
    });
  }

  /** Reads spec.group and the served spec.versions[].name of a CRD without building its (large) tree. */
  static CrdGroup parseCrdGroup(String json) {
    String group = null;
    List<String> versions = new ArrayList<>();
    try (JsonParser p = Serialization.jsonMapper().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new CrdGroup("", versions);
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("spec".equals(field) && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String specField = p.currentName();
            JsonToken st = p.nextToken();
            if ("group".equals(specField)) {
              group = p.getString();
            } else if ("versions".equals(specField) && st == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                String name = null;
                boolean served = true;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                  String vf = p.currentName();
                  JsonToken vt = p.nextToken();
                  if ("name".equals(vf)) {
                    name = p.getString();
                  } else if ("served".equals(vf)) {
                    served = vt == JsonToken.VALUE_TRUE;
                  } else {
                    p.skipChildren();
                  }
                }
                if (name != null && served) {
                  versions.add(name);
                }
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new CrdGroup(group == null ? "" : group, versions);
  }

  private MockResponse json(int code, Object body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(serialization.asJson(body));
  }

  private MockResponse notFound(String path) {
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server could not find the "
            + "requested resource\",\"reason\":\"NotFound\",\"details\":{},\"code\":404}");
  }

  record CrdGroup(String group, List<String> versions) {
  }
}
