package io.taskscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Start-up, discovery, fixtures and generated objects of the demo cluster (no simulation steps). */
class DemoClusterTest {

  static DemoCluster cluster;
  static KubernetesClient client;
  static long startMillis;

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    cluster = DemoCluster.start(DemoOptions.defaults().withAutoTick(false));
    startMillis = (System.nanoTime() - t0) / 1_000_000;
    client = cluster.client();
    System.out.println("DemoCluster.start took " + startMillis + " ms");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void serverListensOnLoopback() {
    assertThat(cluster.masterUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(client.getMasterUrl().toString()).isEqualTo(cluster.masterUrl());
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
  }

  @Test
  void discoveryListsEverySednaKind() {
    APIResourceList list = client.getApiResources("sedna.io/v1alpha1");
    Set<String> kinds = list.getResources().stream().map(APIResource::getKind).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(Kind.values()).map(k -> k.kind).toList());
    assertThat(list.getResources()).allMatch(APIResource::getNamespaced);
    String raw = client.raw("/apis/sedna.io/v1alpha1");
    assertThat(raw).contains("\"kind\":\"APIResourceList\"").contains("\"name\":\"jointinferenceservices\"");
  }

  @Test
  void groupDiscoveryIsServed() {
    APIGroupList groups = client.getApiGroups();
    assertThat(groups.getGroups()).anySatisfy(g -> {
      assertThat(g.getName()).isEqualTo("sedna.io");
      assertThat(g.getPreferredVersion().getGroupVersion()).isEqualTo("sedna.io/v1alpha1");
    });
    assertThat(client.hasApiGroup("sedna.io", false)).isTrue();
    assertThat(client.raw("/api")).contains("APIVersions");
    assertThat(client.raw("/apis/sedna.io")).contains("\"kind\":\"APIGroup\"");
    assertThat(client.getApiResources("v1").getResources()).anyMatch(r -> r.getName().equals("pods"));
  }

  @Test
  void everyFixtureObjectIsListedBackUnchanged() {
    KubernetesSerialization ser = client.getKubernetesSerialization();
    List<HasMetadata> fixtures = new ArrayList<>();
    for (String file : Fixtures.objectFiles()) {
      fixtures.addAll(Fixtures.objects(ser, file));
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(27);
    for (HasMetadata f : fixtures) {
      List<GenericKubernetesResource> listed = client.genericKubernetesResources(f.getApiVersion(), f.getKind())
          .inNamespace(f.getMetadata().getNamespace()).list().getItems();
      GenericKubernetesResource back = listed.stream()
          .filter(o -> o.getMetadata().getName().equals(f.getMetadata().getName())).findFirst().orElse(null);
      assertThat(back).as("%s %s/%s", f.getKind(), f.getMetadata().getNamespace(), f.getMetadata().getName())
          .isNotNull();
      assertThat(back.getMetadata().getUid()).isEqualTo(f.getMetadata().getUid());
      assertThat(back.getMetadata().getCreationTimestamp()).isEqualTo(f.getMetadata().getCreationTimestamp());
      Map<String, Object> expected = ser.convertValue(f, GenericKubernetesResource.class).getAdditionalProperties();
      assertThat(back.getAdditionalProperties().get("status")).isEqualTo(expected.get("status"));
    }
  }

  @Test
  void generatedTasksOfEveryKind() {
    for (Kind k : Kind.values()) {
      List<GenericKubernetesResource> demo = client.genericKubernetesResources(SednaNames.API_VERSION, k.kind)
          .inNamespace("demo").list().getItems();
      assertThat(demo).as(k.kind).isNotEmpty();
      assertThat(demo).allSatisfy(o -> assertThat(o.getAdditionalProperties()).containsKey("status"));
    }
    assertThat(client.genericKubernetesResources(SednaNames.API_VERSION, "JointInferenceService").inNamespace("edge-ai")
        .list().getItems()).isNotEmpty();
  }

  @Test
  void podsCarrySednaLabelsAndOwners() {
    List<Pod> jiPods = client.pods().inNamespace("demo")
        .withLabel("jointinferenceservice.sedna.io/name", "helmet-detection-inference").list().getItems();
    assertThat(jiPods).hasSize(2);
    GenericKubernetesResource ji = client.genericKubernetesResources(SednaNames.API_VERSION, "JointInferenceService")
        .inNamespace("demo").withName("helmet-detection-inference").get();
    assertThat(jiPods).allSatisfy(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry("jointinferenceservice.sedna.io/uid",
          ji.getMetadata().getUid()).containsKey("jointinferenceservice.sedna.io/worker-type")
          .containsKey("app.sedna.io").containsKey("pod-template-hash");
      assertThat(p.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicaSet");
    });
    assertThat(jiPods).extracting(p -> p.getMetadata().getLabels().get("jointinferenceservice.sedna.io/worker-type"))
        .containsExactlyInAnyOrder("edge", "cloud");

    List<Pod> ilPods = client.pods().inNamespace("demo")
        .withLabel("incrementallearningjob.sedna.io/name", "helmet-detection-il").list().getItems();
    assertThat(ilPods).extracting(p -> p.getMetadata().getLabels().get("incrementallearningjob.sedna.io/worker-type"))
        .contains("train", "inference");
    assertThat(ilPods).allSatisfy(p -> {
      assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getApiVersion()).isEqualTo("sedna.io/v1alpha1");
        assertThat(o.getKind()).isEqualTo("IncrementalLearningJob");
        assertThat(o.getController()).isTrue();
      });
      assertThat(p.getSpec().getHostNetwork()).isTrue();
    });
    assertThat(client.pods().inNamespace("demo").withLabel("federatedlearningjob.sedna.io/worker-type", "aggregation")
        .list().getItems()).isNotEmpty();

    assertThat(client.pods().inNamespace("sedna").withLabel("sedna", "lc").list().getItems())
        .extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("cloud-node", "edge-node", "edge-node-2");
    assertThat(client.pods().inNamespace("sedna").withLabel("sedna", "gm").list().getItems()).hasSize(1);
    assertThat(client.pods().inNamespace("sedna").withLabel("sedna", "kb").list().getItems()).hasSize(1);
  }

  @Test
  void nodesAndJobs() {
    List<Node> nodes = client.nodes().list().getItems();
    assertThat(nodes).extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("cloud-node", "edge-node", "edge-node-2");
    assertThat(client.nodes().withLabel("node-role.kubernetes.io/edge").list().getItems()).hasSize(2);
    assertThat(client.batch().v1().jobs().inAnyNamespace().list().getItems()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
        .contains("default", "sedna", "demo", "edge-ai", "fl", "ml", "robo");
  }

  @Test
  void crdCreatedAfterStartIsServed() {
    String crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.taskscope.io
        spec:
          group: example.taskscope.io
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;
    client.resource(crd).create();
    GenericKubernetesResource w = new GenericKubernetesResource();
    w.setApiVersion("example.taskscope.io/v1");
    w.setKind("Widget");
    w.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("w1").withNamespace("demo").build());
    w.setAdditionalProperty("spec", Map.of("size", 3));
    client.genericKubernetesResources("example.taskscope.io/v1", "Widget").inNamespace("demo").resource(w).create();
    assertThat(client.getApiResources("example.taskscope.io/v1").getResources()).extracting(APIResource::getKind)
        .containsExactly("Widget");
    assertThat(client.genericKubernetesResources("example.taskscope.io/v1", "Widget").inAnyNamespace().list()
        .getItems()).extracting(o -> o.getMetadata().getName()).containsExactly("w1");
    assertThat(client.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("example.taskscope.io"));
  }
}
