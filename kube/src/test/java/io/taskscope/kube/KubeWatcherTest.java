package io.taskscope.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.testkit.MockApiServers;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeWatcherTest {
  private static final String CONFIG = """
      kind: CustomResourceStateMetrics
      spec:
        resources:
        - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Model}
          metricNamePrefix: t_model
          labelsFromPath:
            name: [metadata, name]
            namespace: [metadata, namespace]
          metrics:
          - name: accuracy
            help: Accuracy from status.
            each:
              type: Gauge
              gauge:
                path: [status, accuracy]
        - groupVersionKind: {group: later.io, version: "*", kind: "*"}
          metricNamePrefix: t_later
          labelsFromPath:
            name: [metadata, name]
          metrics:
          - name: size
            help: Size from spec.
            each:
              type: Gauge
              gauge:
                path: [spec, size]
      """;

  /** The CRUD API server, able to refuse one path prefix with 403 as RBAC would. */
  static final class RbacDispatcher extends KubernetesCrudDispatcher {
    volatile String forbiddenPrefix;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String prefix = forbiddenPrefix;
      if (prefix != null && request.getPath().startsWith(prefix)) {
        return new MockResponse().setResponseCode(403).addHeader("Content-Type", "application/json").setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403,\"message\":\"pods is forbidden: User \\\"system:serviceaccount:taskscope:taskscope\\\" "
                + "cannot list resource \\\"pods\\\" at the cluster scope\"}");
      }
      return super.dispatch(request);
    }
  }

  private final RbacDispatcher dispatcher = new RbacDispatcher();
  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubeWatcher watcher;
  private PrometheusRegistry registry;
  private Exposition exposition;

  @BeforeEach
  void setUp() throws Exception {
    server = newServer(0);
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(crd("sedna.io", "Model", "models")).create();
  }

  private KubernetesMockServer newServer(int port) {
    KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    s.init(InetAddress.getLoopbackAddress(), port);
    return s;
  }

  private void startWatcher(ObjectRenderer<Pod> pods) throws Exception {
    registry = new PrometheusRegistry();
    watcher = new KubeWatcher(client, CrStateConfig.parse("test.yaml", CONFIG), registry, pods, null, 0);
    exposition = new Exposition(registry, watcher::sources);
    watcher.start();
  }

  @AfterEach
  void tearDown() {
    if (watcher != null) {
      watcher.close();
    }
    client.close();
    MockApiServers.stop(server::destroy);
  }

  private static CustomResourceDefinition crd(String group, String kind, String plural) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec().withGroup(group).withScope("Namespaced")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
        .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build();
  }

  private static ResourceDefinitionContext ctx(String group, String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1alpha1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  private GenericKubernetesResource model(String name, double accuracy) {
    return new GenericKubernetesResourceBuilder().withApiVersion("sedna.io/v1alpha1").withKind("Model")
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("url", "/models/" + name))
        .addToAdditionalProperties("status", Map.of("accuracy", accuracy))
        .build();
  }

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, Exposition.Format.TEXT);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void eventually(Supplier<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + "\n" + scrape());
  }

  private boolean scrapeContains(String s) {
    return scrapeText().contains(s);
  }

  private boolean scrapeMatches(String regex) {
    return scrapeText().matches(regex);
  }

  private String scrapeText() {
    try {
      return scrape();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void customResourcesAreRenderedUpdatedAndRemoved() throws Exception {
    var models = client.genericKubernetesResources(ctx("sedna.io", "Model", "models")).inNamespace("default");
    models.resource(model("m1", 0.5)).create();
    startWatcher(null);
    eventually(() -> scrapeContains("t_model_accuracy{customresource_group=\"sedna.io\""), "m1 rendered");
    assertThat(scrape()).containsPattern("t_model_accuracy\\{[^}]*name=\"m1\"[^}]*} 0.5\n");

    GenericKubernetesResource m1 = models.withName("m1").get();
    m1.setAdditionalProperty("status", Map.of("accuracy", 0.75));
    models.resource(m1).update();
    eventually(() -> scrapeMatches("(?s).*t_model_accuracy\\{[^}]*name=\"m1\"[^}]*} 0.75\n.*"), "m1 updated");

    models.withName("m1").delete();
    eventually(() -> !scrapeContains("name=\"m1\""), "m1 removed");
    eventually(watcher::ready, "ready");
    assertThat(scrape()).contains("taskscope_source_up{resource=\"sedna.io/v1alpha1/Model\"} 1");
  }

  @Test
  void crdInstalledAfterStartIsPickedUpWithoutRestart() throws Exception {
    startWatcher(null);
    eventually(watcher::ready, "ready");
    assertThat(watcher.watches()).doesNotContainKey("later.io/v1alpha1/Widget");

    client.apiextensions().v1().customResourceDefinitions().resource(crd("later.io", "Widget", "widgets")).create();
    var widgets = client.genericKubernetesResources(ctx("later.io", "Widget", "widgets")).inNamespace("default");
    eventually(() -> watcher.watches().containsKey("later.io/v1alpha1/Widget"), "widget watch");
    widgets.resource(new GenericKubernetesResourceBuilder().withApiVersion("later.io/v1alpha1").withKind("Widget")
        .withNewMetadata().withName("w1").withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", 7)).build()).create();
    eventually(() -> scrapeContains("customresource_kind=\"Widget\""), "widget rendered");
    assertThat(scrape()).containsPattern("t_later_size\\{[^}]*name=\"w1\"[^}]*} 7\n");
  }

  @Test
  void forbiddenResourceIsReportedAndOthersKeepWorking() throws Exception {
    dispatcher.forbiddenPrefix = "/api/v1/pods";
    client.genericKubernetesResources(ctx("sedna.io", "Model", "models")).inNamespace("default")
        .resource(model("m2", 0.9)).create();
    FamilyHeader h = new FamilyHeader("t_pod_up", "Pods.", MetricType.GAUGE);
    startWatcher(new ObjectRenderer<>() {
      @Override
      public List<FamilyHeader> headers() {
        return List.of(h);
      }

      @Override
      public RenderedObject render(Pod pod) {
        return RenderedObject.of(List.of(List.of(Sample.of("t_pod_up", 1, "pod", pod.getMetadata().getName()))));
      }
    });
    eventually(() -> scrapeContains("taskscope_source_errors_total{reason=\"forbidden\",resource=\"v1/Pod\"}"),
        "forbidden counted");
    eventually(() -> scrapeMatches("(?s).*t_model_accuracy\\{[^}]*name=\"m2\"[^}]*} 0.9\n.*"), "model works");
    assertThat(scrape()).contains("taskscope_source_up{resource=\"v1/Pod\"} 0");
    eventually(watcher::ready, "ready despite forbidden pods");
  }

  @Test
  void forbiddenCrdListFallsBackToDiscoveryForExactResources() throws Exception {
    dispatcher.forbiddenPrefix = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    client.genericKubernetesResources(ctx("sedna.io", "Model", "models")).inNamespace("default")
        .resource(model("m4", 0.6)).create();
    startWatcher(null);
    eventually(() -> scrapeContains("taskscope_source_errors_total{reason=\"forbidden\",resource=\""
        + KubeWatcher.CRD_RESOURCE + "\"}"), "CRD list forbidden");
    eventually(() -> scrapeMatches("(?s).*t_model_accuracy\\{[^}]*name=\"m4\"[^}]*} 0.6\n.*"),
        "model found through discovery");
  }

  @Test
  void apiServerOutageKeepsLastStateAndReconnects() throws Exception {
    var models = client.genericKubernetesResources(ctx("sedna.io", "Model", "models")).inNamespace("default");
    models.resource(model("m3", 0.25)).create();
    startWatcher(null);
    eventually(() -> scrapeContains("taskscope_source_up{resource=\"sedna.io/v1alpha1/Model\"} 1"), "watching");
    int port = server.getPort();

    MockApiServers.stop(server::destroy);
    eventually(() -> scrapeContains("taskscope_source_up{resource=\"sedna.io/v1alpha1/Model\"} 0"), "down");
    assertThat(scrape()).containsPattern("t_model_accuracy\\{[^}]*name=\"m3\"[^}]*} 0.25\n");

    server = newServer(port); // same dispatcher: the cluster's state survives, as etcd would
    KubernetesClient second = server.createClient();
    GenericKubernetesResource m3 = second.genericKubernetesResources(ctx("sedna.io", "Model", "models"))
        .inNamespace("default").withName("m3").get();
    m3.setAdditionalProperty("status", Map.of("accuracy", 0.5));
    second.genericKubernetesResources(ctx("sedna.io", "Model", "models")).inNamespace("default").resource(m3).update();
    second.close();
    eventually(() -> scrapeContains("taskscope_source_up{resource=\"sedna.io/v1alpha1/Model\"} 1"), "up again");
    eventually(() -> scrapeMatches("(?s).*t_model_accuracy\\{[^}]*name=\"m3\"[^}]*} 0.5\n.*"), "new state");
  }
}
