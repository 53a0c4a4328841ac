package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.ResourceGenerator;
import io.taskscope.kube.sedna.SednaDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kustomize bundle as users build it ({@code kubectl kustomize}): the base and every overlay render, every object
 * reads in fabric8's typed model and passes {@link BundleChecks}, and the manifests agree with the configuration files
 * they mount (paths, keys, ports, the contract's Service names).
 */
class KustomizeBundleTest {
  private static final Map<String, Bundle> BUILDS = new LinkedHashMap<>();

  /** Component -> Service port of the contract (docs/deploy.md lists the same). */
  private static final Map<String, Integer> BASE_SERVICES = Map.of("taskscope", 9470, "prometheus", 9090,
      "alertmanager", 9093, "grafana", 3000, "loki", 3100, "kube-state-metrics", 8080, "node-exporter", 9100,
      "promtail", 3101);

  @BeforeAll
  static void render() throws Exception {
    BUILDS.put("base", DeployTree.render(DeployTree.DEPLOY));
    for (String o : DeployTree.OVERLAYS) {
      BUILDS.put(o, DeployTree.render(DeployTree.overlay(o)));
    }
  }

  static Stream<String> builds() {
    return Stream.concat(Stream.of("base"), DeployTree.OVERLAYS.stream());
  }

  @ParameterizedTest
  @MethodSource("builds")
  void everyBuildPassesEveryCheck(String build) throws Exception {
    Bundle b = BUILDS.get(build);
    assertThat(b.items()).hasSizeGreaterThan(30);
    assertThat(BundleChecks.all(b)).as(build).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("builds")
  void everythingLivesInTheTaskscopeNamespace(String build) {
    Bundle b = BUILDS.get(build);
    assertThat(b.all(Namespace.class)).extracting(n -> n.getMetadata().getName()).containsExactly("taskscope");
    for (Bundle.Item i : b.items()) {
      HasMetadata o = i.typed();
      boolean clusterScoped = o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
      assertThat(o.getMetadata().getNamespace()).as(i.id()).isEqualTo(clusterScoped ? null : "taskscope");
    }
    for (ClusterRoleBinding crb : b.all(ClusterRoleBinding.class)) {
      crb.getSubjects().forEach(s -> {
        assertThat(s.getNamespace()).isEqualTo("taskscope");
        assertThat(b.named(io.fabric8.kubernetes.api.model.ServiceAccount.class, s.getName())).as(s.getName())
            .isPresent();
      });
      assertThat(b.named(ClusterRole.class, crb.getRoleRef().getName())).as(crb.getRoleRef().getName()).isPresent();
    }
  }

  @ParameterizedTest
  @MethodSource("builds")
  void contractServicesAndPodLabels(String build) {
    Bundle b = BUILDS.get(build);
    Map<String, Integer> expected = new LinkedHashMap<>(BASE_SERVICES);
    if (build.equals("workloads")) {
      expected.put("kepler", 9102);
      expected.put("dcgm-exporter", 9400);
    }
    if (build.equals("sedna")) {
      expected.put("node-exporter", 9110); // Sedna's LocalController holds 9100 on every node
    }
    expected.forEach((name, port) -> {
      Service s = b.require(Service.class, name);
      assertThat(s.getSpec().getPorts()).extracting(ServicePort::getPort).as(name).contains(port);
      assertThat(s.getSpec().getSelector()).as(name).containsEntry("app.kubernetes.io/name", name)
          .containsEntry("app.kubernetes.io/part-of", "taskscope");
    });
    assertThat(b.require(Service.class, "kube-state-metrics").getSpec().getPorts()).extracting(ServicePort::getPort)
        .contains(8081);
    b.podTemplates().forEach((id, t) -> {
      Map<String, String> labels = t.getMetadata().getLabels();
      String name = id.substring(id.indexOf('/') + 1);
      assertThat(labels).as(id).containsEntry("app.kubernetes.io/name", name);
      if (expected.containsKey(name)) {
        assertThat(labels).as(id).containsEntry("app.kubernetes.io/part-of", "taskscope");
      }
    });
  }

  @Test
  void keplerAndDcgmAreOnlyInTheWorkloadsOverlay() {
    for (String build : List.of("base", "sedna", "pipelines")) {
      assertThat(BUILDS.get(build).named(DaemonSet.class, "kepler")).as(build).isEmpty();
      assertThat(BUILDS.get(build).named(DaemonSet.class, "dcgm-exporter")).as(build).isEmpty();
    }
    Bundle w = BUILDS.get("workloads");
    DaemonSet dcgm = w.require(DaemonSet.class, "dcgm-exporter");
    assertThat(dcgm.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(w.require(DaemonSet.class, "kepler").getSpec().getTemplate().getSpec().getContainers().getFirst()
        .getCommand()).contains("-address=0.0.0.0:9102");
  }

  @Test
  void workloadsExampleCarriesInjectorAndScrapeAnnotations() {
    Bundle w = BUILDS.get("workloads");
    PodTemplateSpec t = w.require(Deployment.class, "example-workload").getSpec().getTemplate();
    Map<String, String> a = t.getMetadata().getAnnotations();
    String p = "fluentd-sidecar-injector.h3poteto.dev/";
    assertThat(a).containsEntry(p + "injection", "enabled").containsEntry(p + "application-log-dir", "/var/log/app")
        .containsKey(p + "aggregator-host").containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "8080");
    // the injector mounts config-volume (a volume of the pod) at /fluentd/etc: fluentd reads fluent.conf there
    Volume config = BundleChecks.volumesOf(t).stream().filter(v -> v.getName().equals(a.get(p + "config-volume")))
        .findFirst().orElseThrow();
    ConfigMap cm = w.configMap("fluentd-sidecar-config").orElseThrow();
    assertThat(config.getConfigMap().getName()).isEqualTo(cm.getMetadata().getName());
    assertThat(cm.getData()).containsKey("fluent.conf");
    // the sidecar sends to Loki at aggregator-host:aggregator-port; that must be the Loki Service
    assertThat(a.get(p + "aggregator-host")).isEqualTo("loki.taskscope.svc.cluster.local");
    assertThat(a.get(p + "aggregator-port")).isEqualTo("3100");
    assertThat(cm.getData().get("fluent.conf")).contains("@type loki")
        .contains("http://#{ENV['AGGREGATOR_HOST']}:#{ENV['AGGREGATOR_PORT']}");
    // prometheus.yml's kubernetes-pods job skips the stack's own pods (part-of taskscope): the example is a user pod
    assertThat(t.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/part-of");
    // the injector adds its log volume at application-log-dir to every container: nothing else may be there
    for (Container c : BundleChecks.containers(t)) {
      assertThat(BundleChecks.mounts(c)).extracting(VolumeMount::getMountPath).doesNotContain("/var/log/app");
    }
  }

  @Test
  void sednaOverlayRunsKubeStateMetricsWithTheSednaConfig() throws Exception {
    Bundle s = BUILDS.get("sedna");
    PodTemplateSpec t = s.require(Deployment.class, "kube-state-metrics").getSpec().getTemplate();
    Container ksm = t.getSpec().getContainers().getFirst();
    String flag = "--custom-resource-state-config-file=";
    String file = ksm.getArgs().stream().filter(x -> x.startsWith(flag)).findFirst().orElseThrow()
        .substring(flag.length());
    // the file is a key of the mounted ConfigMap (BundleChecks.configKeys) with the content of sedna-crs.yaml
    ConfigMap cm = s.configMap("kube-state-metrics-sedna-crs").orElseThrow();
    assertThat(cm.getData().get(Path.of(file).getFileName().toString()))
        .isEqualTo(Files.readString(DeployTree.resolve("kube-state-metrics/sedna-crs.yaml")));
    assertThat(BUILDS.get("base").require(Deployment.class, "kube-state-metrics").getSpec().getTemplate().getSpec()
        .getContainers().getFirst().getArgs()).noneMatch(x -> x.startsWith(flag));
    // its service account may list and watch every kind the config names
    CrStateConfig crs = CrStateConfig.load(List.of(DeployTree.resolve("kube-state-metrics/sedna-crs.yaml")));
    assertThat(granted(s, "kube-state-metrics", "sedna.io")).containsAll(plurals(crs));
    assertThat(granted(s, "kube-state-metrics", "apiextensions.k8s.io")).contains("customresourcedefinitions");
    assertThat(granted(BUILDS.get("base"), "kube-state-metrics", "sedna.io")).isEmpty();
    // the stack's services stay off KubeEdge edge nodes
    for (String d : List.of("taskscope", "prometheus", "alertmanager", "grafana", "loki", "kube-state-metrics")) {
      var terms = s.require(Deployment.class, d).getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
          .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
      assertThat(terms.getFirst().getMatchExpressions()).anySatisfy(e -> {
        assertThat(e.getKey()).isEqualTo("node-role.kubernetes.io/edge");
        assertThat(e.getOperator()).isEqualTo("DoesNotExist");
      });
    }
    Container ne = s.require(DaemonSet.class, "node-exporter").getSpec().getTemplate().getSpec().getContainers()
        .getFirst();
    assertThat(ne.getArgs()).contains("--web.listen-address=:9110");
    assertThat(ne.getPorts().getFirst().getContainerPort()).isEqualTo(9110);
    assertThat(ne.getPorts().getFirst().getHostPort()).isEqualTo(9110);
  }

  @Test
  void taskScopeMayReadExactlyWhatItWatches() throws Exception {
    for (Map.Entry<String, Bundle> build : BUILDS.entrySet()) {
      Bundle b = build.getValue();
      // the workloads overlay runs the knowledge-graph exporter (KgExporter): workloads and nodes besides
      boolean kg = build.getKey().equals("workloads");
      Map<String, Set<String>> byGroup = new LinkedHashMap<>();
      for (String group : List.of("", "batch", "apps", "apiextensions.k8s.io", "sedna.io")) {
        byGroup.put(group, granted(b, "taskscope", group));
      }
      // KubeWatcher: a CRD informer, one per served Sedna kind of the built-in config, pods and jobs
      assertThat(byGroup.get("apiextensions.k8s.io")).containsExactly("customresourcedefinitions");
      assertThat(byGroup.get("sedna.io")).isEqualTo(plurals(SednaDefaults.config()));
      if (kg) {
        assertThat(byGroup.get("")).containsExactlyInAnyOrder("pods", "nodes");
        assertThat(byGroup.get("apps")).containsExactlyInAnyOrder("deployments", "statefulsets", "daemonsets");
      } else {
        assertThat(byGroup.get("")).containsExactly("pods");
        assertThat(byGroup.get("apps")).isEmpty();
      }
      assertThat(byGroup.get("batch")).containsExactly("jobs");
      assertThat(rules(b, "taskscope")).allSatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("list",
          "watch"));
    }
  }

  @Test
  void pipelinesOverlayServesThePushHubAsPushgateway() throws Exception {
    Bundle p = BUILDS.get("pipelines");
    Service push = p.require(Service.class, "pushgateway");
    assertThat(push.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getPort()).isEqualTo(9091);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(push.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "taskscope");
    assertThat(p.configMap("taskscope-config").orElseThrow().getData().get("taskscope.yaml"))
        .isEqualTo(Files.readString(DeployTree.overlay("pipelines").resolve("taskscope-pipelines.yaml")));
    assertThat(p.require(PersistentVolumeClaim.class, "taskscope-data").getSpec().getResources().getRequests()
        .get("storage").toString()).isEqualTo("20Gi");
    assertThat(BUILDS.get("base").configMap("taskscope-config").orElseThrow().getData().get("taskscope.yaml"))
        .isEqualTo(Files.readString(DeployTree.resolve("taskscope/taskscope.yaml")));
  }

  @Test
  void prometheusMountsItsConfigAndEveryRuleFile() throws Exception {
    Bundle b = BUILDS.get("base");
    JsonNode config = Bundle.YAML.readTree(b.configMap("prometheus-config").orElseThrow().getData()
        .get("prometheus.yml"));
    PodTemplateSpec t = b.require(Deployment.class, "prometheus").getSpec().getTemplate();
    Container c = t.getSpec().getContainers().getFirst();
    assertThat(c.getArgs()).contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(mountOf(c, "/etc/prometheus/prometheus.yml").getSubPath()).isEqualTo("prometheus.yml");
    // rule_files point at the rules mount, which holds every deploy/prometheus/rules/*.yml
    List<String> globs = new ArrayList<>();
    config.path("rule_files").forEach(g -> globs.add(g.asText()));
    assertThat(globs).isNotEmpty();
    VolumeMount rules = mountOf(c, "/etc/prometheus/rules");
    for (String g : globs) {
      assertThat(Path.of(g).getParent().toString()).isEqualTo(rules.getMountPath());
    }
    ConfigMap rulesCm = b.configMap(volume(t, rules.getName()).getConfigMap().getName()).orElseThrow();
    assertThat(rulesCm.getData().keySet()).containsExactlyInAnyOrderElementsOf(
        DeployTree.files("prometheus/rules", ".yml"));
    // the service-account files the kubelet job authenticates with are mounted by Kubernetes
    assertThat(t.getSpec().getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    assertThat(b.require(Service.class, "alertmanager").getSpec().getPorts().getFirst().getPort()).isEqualTo(9093);
    assertThat(config.path("alerting").toString()).contains("alertmanager:9093");
  }

  @Test
  void alertmanagerFindsItsTemplatesAndSecrets() throws Exception {
    Bundle b = BUILDS.get("base");
    JsonNode config = Bundle.YAML.readTree(b.configMap("alertmanager-config").orElseThrow().getData()
        .get("alertmanager.yml"));
    PodTemplateSpec t = b.require(Deployment.class, "alertmanager").getSpec().getTemplate();
    Container c = t.getSpec().getContainers().getFirst();
    VolumeMount templates = mountOf(c, "/etc/alertmanager/templates");
    config.path("templates").forEach(g -> assertThat(Path.of(g.asText()).getParent().toString())
        .isEqualTo(templates.getMountPath()));
    assertThat(b.configMap(volume(t, templates.getName()).getConfigMap().getName()).orElseThrow().getData().keySet())
        .containsExactlyInAnyOrderElementsOf(DeployTree.files("alertmanager/templates", ".tmpl"));
    // every *_file the config reads is a key of a mounted Secret or ConfigMap
    List<String> files = new ArrayList<>();
    collectFileFields(config, files);
    assertThat(files).isNotEmpty();
    for (String f : files) {
      Path p = Path.of(f);
      VolumeMount m = mountOf(c, p.getParent().toString());
      Volume v = volume(t, m.getName());
      assertThat(v.getSecret()).as(f).isNotNull();
      assertThat(BundleChecks.keys(b.secret(v.getSecret().getSecretName()).orElseThrow()))
          .containsKey(p.getFileName().toString());
    }
  }

  private static void collectFileFields(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.properties().forEach(e -> {
        if (e.getKey().endsWith("_file") && e.getValue().isTextual()) {
          out.add(e.getValue().asText());
        }
        collectFileFields(e.getValue(), out);
      });
    } else if (n.isArray()) {
      n.forEach(x -> collectFileFields(x, out));
    }
  }

  @Test
  void grafanaProvisionsEveryDashboardWhereTheProviderLooks() throws Exception {
    Bundle b = BUILDS.get("base");
    PodTemplateSpec t = b.require(Deployment.class, "grafana").getSpec().getTemplate();
    Container c = t.getSpec().getContainers().getFirst();
    assertThat(mountOf(c, "/etc/grafana/provisioning/datasources")).isNotNull();
    JsonNode providers = Bundle.YAML.readTree(configMapAt(b, t, c, "/etc/grafana/provisioning/dashboards")
        .getData().get("dashboards.yaml"));
    String path = providers.path("providers").get(0).path("options").path("path").asText();
    assertThat(path).isNotEmpty();
    List<String> provisioned = new ArrayList<>();
    for (VolumeMount m : BundleChecks.mounts(c)) {
      Volume v = volume(t, m.getName());
      if (v.getConfigMap() != null && v.getConfigMap().getName().startsWith("grafana-dashboards-")) {
        assertThat(m.getMountPath()).startsWith(path + "/");
        provisioned.addAll(b.configMap(v.getConfigMap().getName()).orElseThrow().getData().keySet());
      }
    }
    assertThat(provisioned).containsExactlyInAnyOrderElementsOf(DeployTree.files("grafana/dashboards", ".json"));
    assertThat(configMapAt(b, t, c, "/etc/grafana/provisioning/datasources").getData())
        .containsKey("datasources.yaml");
    Ingress ingress = b.require(Ingress.class, "grafana");
    var backend = ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService();
    assertThat(backend.getName()).isEqualTo("grafana");
    assertThat(backend.getPort().getName()).isEqualTo("http");
  }

  @Test
  void lokiKeepsItsDataOnATenGibVolume() throws Exception {
    Bundle b = BUILDS.get("base");
    PodTemplateSpec t = b.require(Deployment.class, "loki").getSpec().getTemplate();
    Container c = t.getSpec().getContainers().getFirst();
    JsonNode config = Bundle.YAML.readTree(configMapAt(b, t, c, "/etc/loki").getData().get("loki.yaml"));
    String prefix = config.path("common").path("path_prefix").asText();
    VolumeMount data = BundleChecks.mounts(c).stream().filter(m -> prefix.startsWith(m.getMountPath() + "/"))
        .findFirst().orElseThrow(() -> new AssertionError("path_prefix " + prefix + " is on no mount"));
    String claim = volume(t, data.getName()).getPersistentVolumeClaim().getClaimName();
    assertThat(b.require(PersistentVolumeClaim.class, claim).getSpec().getResources().getRequests().get("storage")
        .toString()).isEqualTo("10Gi");
    assertThat(config.path("server").path("http_listen_port").asInt()).isEqualTo(3100);
  }

  @Test
  void promtailReadsPodLogsAndKeepsPositionsOnTheNode() throws Exception {
    Bundle b = BUILDS.get("base");
    PodTemplateSpec t = b.require(DaemonSet.class, "promtail").getSpec().getTemplate();
    Container c = t.getSpec().getContainers().getFirst();
    JsonNode config = Bundle.YAML.readTree(configMapAt(b, t, c, "/etc/promtail").getData().get("promtail.yaml"));
    String positions = config.path("positions").path("filename").asText();
    VolumeMount m = mountOf(c, Path.of(positions).getParent().toString());
    assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    assertThat(volume(t, m.getName()).getHostPath()).isNotNull();
    assertThat(config.toString()).contains("/var/log/pods/");
    assertThat(volume(t, mountOf(c, "/var/log/pods").getName()).getHostPath().getPath()).isEqualTo("/var/log/pods");
    assertThat(config.path("server").path("http_listen_port").asInt()).isEqualTo(3101);
    assertThat(config.path("clients").get(0).path("url").asText()).startsWith("http://loki:3100/");
    // promtail keeps only its node's pods through __host__ = $HOSTNAME
    assertThat(c.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("HOSTNAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    });
  }

  @Test
  void taskScopeReadsItsConfigAndWritesToItsVolume() {
    for (Map.Entry<String, Bundle> build : BUILDS.entrySet()) {
      Bundle b = build.getValue();
      boolean sharded = build.getKey().equals("sharded");
      StatefulSet shards = b.named(StatefulSet.class, "taskscope").orElse(null);
      assertThat(shards != null).as(build.getKey()).isEqualTo(sharded);
      assertThat(b.named(Deployment.class, "taskscope").isPresent()).as(build.getKey()).isEqualTo(!sharded);
      PodTemplateSpec t = sharded ? shards.getSpec().getTemplate()
          : b.require(Deployment.class, "taskscope").getSpec().getTemplate();
      Container c = t.getSpec().getContainers().getFirst();
      assertThat(c.getArgs()).containsSequence("serve", "--config", "/etc/taskscope/taskscope.yaml");
      assertThat(c.getImage()).startsWith("ghcr.io/taskscope/taskscope:");
      String dataDir = c.getArgs().get(c.getArgs().indexOf("--data-dir") + 1);
      if (sharded) {
        // one claim per shard from the StatefulSet's template
        assertThat(shards.getSpec().getVolumeClaimTemplates()).extracting(p -> p.getMetadata().getName())
            .containsExactly(mountOf(c, dataDir).getName());
      } else {
        String claim = volume(t, mountOf(c, dataDir).getName()).getPersistentVolumeClaim().getClaimName();
        assertThat(b.named(PersistentVolumeClaim.class, claim)).isPresent();
      }
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
      assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(9470);
    }
  }

  @Test
  void shardedOverlayScrapesEveryShardAndSendsPushesToOne() throws Exception {
    Bundle b = BUILDS.get("sharded");
    StatefulSet s = b.require(StatefulSet.class, "taskscope");
    Container c = s.getSpec().getTemplate().getSpec().getContainers().getFirst();
    int total = Integer.parseInt(c.getArgs().get(c.getArgs().indexOf("--total-shards") + 1));
    assertThat(s.getSpec().getReplicas()).as("replicas = --total-shards").isEqualTo(total);
    assertThat(c.getArgs()).doesNotContain("--shard");
    assertThat(c.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
    Service headless = b.require(Service.class, s.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(b.require(Service.class, "taskscope").getSpec().getSelector())
        .containsEntry("statefulset.kubernetes.io/pod-name", "taskscope-0");

    JsonNode config = Bundle.YAML.readTree(b.configMap("prometheus-config").orElseThrow().getData()
        .get("prometheus.yml"));
    List<String> targets = new ArrayList<>();
    for (JsonNode job : config.get("scrape_configs")) {
      if (job.get("job_name").asText().equals("taskscope")) {
        job.get("static_configs").get(0).get("targets").forEach(t -> targets.add(t.asText()));
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add("taskscope-" + i + "." + s.getSpec().getServiceName() + ":9470");
    }
    assertThat(targets).containsExactlyElementsOf(expected);
    // the overlay's Prometheus config is the base one but for the taskscope job's targets
    JsonNode base = Bundle.YAML.readTree(Files.readString(DeployTree.resolve("prometheus/prometheus.yml")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("scrape_configs").get(0).get("static_configs")
        .get(0)).set("targets", base.get("scrape_configs").get(0).get("static_configs").get(0).get("targets"));
    assertThat(config).isEqualTo(base);
  }

  // ------------------------------------------------------------------ helpers

  static Set<String> granted(Bundle b, String serviceAccount, String group) {
    Set<String> out = new TreeSet<>();
    for (PolicyRule r : rules(b, serviceAccount)) {
      if (r.getApiGroups().contains(group)) {
        out.addAll(r.getResources());
      }
    }
    return out;
  }

  static List<PolicyRule> rules(Bundle b, String serviceAccount) {
    List<PolicyRule> out = new ArrayList<>();
    for (ClusterRoleBinding crb : b.all(ClusterRoleBinding.class)) {
      if (crb.getSubjects().stream().anyMatch(s -> s.getName().equals(serviceAccount))) {
        out.addAll(b.require(ClusterRole.class, crb.getRoleRef().getName()).getRules());
      }
    }
    return out;
  }

  /** Sedna's resource names are the lower-cased kind plus "s" (build/crds/sedna.io_*.yaml). */
  static Set<String> plurals(CrStateConfig config) {
    Set<String> out = new TreeSet<>();
    for (ResourceGenerator r : config.resources()) {
      out.add(r.kind().toLowerCase(Locale.ROOT) + "s");
    }
    return out;
  }

  private static VolumeMount mountOf(Container c, String path) {
    return BundleChecks.mounts(c).stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
  }

  private static Volume volume(PodTemplateSpec t, String name) {
    return BundleChecks.volumesOf(t).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  private static ConfigMap configMapAt(Bundle b, PodTemplateSpec t, Container c, String path) {
    return b.configMap(volume(t, mountOf(c, path).getName()).getConfigMap().getName()).orElseThrow();
  }
}
