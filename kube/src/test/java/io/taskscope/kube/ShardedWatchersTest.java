package io.taskscope.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.kube.sedna.JobFamilies;
import io.taskscope.kube.sedna.PodFamilies;
import io.taskscope.kube.sedna.SednaDefaults;
import io.taskscope.kube.sedna.TaskProgressFamilies;
import io.taskscope.testkit.MockApiServers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * n sharded watchers together export exactly the series of one unsharded watcher (no duplicate, no loss), on Sedna
 * CRs, worker pods and Jobs in fabric8's CRUD mock API server; pods whose task lands in another shard keep their join.
 */
class ShardedWatchersTest {
  private static final CrStateConfig CONFIG = SednaDefaults.config();
  private static KubernetesMockServer server;
  private static KubernetesClient client;
  private static final List<String> taskUids = new ArrayList<>();
  private static final Map<String, String> podTask = new LinkedHashMap<>();

  @BeforeAll
  static void cluster() throws Exception {
    server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
        new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
    server.init(java.net.InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    for (String[] k : new String[][] {{"IncrementalLearningJob", "incrementallearningjobs"},
        {"FederatedLearningJob", "federatedlearningjobs"}, {"LifelongLearningJob", "lifelonglearningjobs"},
        {"Model", "models"}}) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd(k[0], k[1])).create();
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    try (InputStream in = ShardedWatchersTest.class.getResourceAsStream(
        "/io/taskscope/kube/sedna/progress/progress-objects.yaml");
        var parser = new YAMLFactory().createParser(in)) {
      new YAMLMapper().readValues(parser, new TypeReference<Map<String, Object>>() {}).forEachRemaining(objects::add);
    }
    YAMLMapper yaml = new YAMLMapper();
    for (int copy = 0; copy < 5; copy++) {
      for (Map<String, Object> o : objects) {
        GenericKubernetesResource r = yaml.convertValue(o, GenericKubernetesResource.class);
        String task = r.getMetadata().getName() + "-" + copy;
        r.getMetadata().setName(task);
        String plural = r.getKind().toLowerCase() + "s";
        // the mock server, like the API server, gives each object its own UID
        String taskUid = client.genericKubernetesResources(ctx(r.getKind(), plural)).inNamespace("default")
            .resource(r).create().getMetadata().getUid();
        taskUids.add(taskUid);
        String lower = r.getKind().toLowerCase();
        for (String worker : List.of("train", "eval")) {
          String podName = task + "-" + worker + "-" + copy;
          Pod p = new PodBuilder().withNewMetadata().withName(podName).withNamespace("default")
              .addToLabels(lower + ".sedna.io/name", task).addToLabels(lower + ".sedna.io/worker-type", worker)
              .endMetadata().withNewSpec().withNodeName("edge-" + copy).addNewContainer().withName("w")
              .withImage("img").endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build();
          podTask.put(client.pods().inNamespace("default").resource(p).create().getMetadata().getUid(), taskUid);
        }
        Job j = new JobBuilder().withNewMetadata().withName(task + "-prep").withNamespace("default")
            .addToLabels(lower + ".sedna.io/name", task).endMetadata()
            .withNewStatus().withActive(1).endStatus().build();
        client.batch().v1().jobs().inNamespace("default").resource(j).create();
      }
      GenericKubernetesResource model = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
          .withApiVersion("sedna.io/v1alpha1").withKind("Model").withNewMetadata().withName("model-" + copy)
          .withNamespace("default").endMetadata().addToAdditionalProperties("spec", Map.of("url", "/models/" + copy, "format", "pb"))
          .addToAdditionalProperties("status", Map.of("metrics", List.of(Map.of("key", "acc", "value", "0." + copy))))
          .build();
      client.genericKubernetesResources(ctx("Model", "models")).inNamespace("default").resource(model).create();
      Pod other = new PodBuilder().withNewMetadata().withName("unrelated-" + copy).withNamespace("default")
          .endMetadata().build();
      client.pods().inNamespace("default").resource(other).create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    MockApiServers.stop(server::destroy);
  }

  private static CustomResourceDefinition crd(String kind, String plural) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + ".sedna.io").endMetadata()
        .withNewSpec().withGroup("sedna.io").withScope("Namespaced")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
        .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build();
  }

  private static ResourceDefinitionContext ctx(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("sedna.io").withVersion("v1alpha1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  private record Running(KubeWatcher watcher, Exposition exposition) {
    List<String> series() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        exposition.write(out, Exposition.Format.TEXT);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      List<String> lines = new ArrayList<>();
      for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("taskscope_")) {
          lines.add(l);
        }
      }
      return lines;
    }
  }

  private static Running start(Shard shard) {
    PrometheusRegistry registry = new PrometheusRegistry();
    PodFamilies pods = new PodFamilies();
    JobFamilies jobs = new JobFamilies();
    KubeWatcher w = new KubeWatcher(client, CONFIG, registry, ObjectRenderer.of(pods.headers(), pods::render),
        ObjectRenderer.of(jobs.headers(), jobs::render), 0).shard(shard).with(new TaskProgressFamilies());
    w.start();
    return new Running(w, new Exposition(registry, w::sources));
  }

  private static List<String> settled(Running r) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    List<String> last = List.of();
    int stable = 0;
    while (System.nanoTime() < deadline) {
      List<String> now = r.series();
      if (r.watcher().ready() && r.watcher().watches().size() >= 7 && now.equals(last)) {
        if (++stable >= 4) {
          return now;
        }
      } else {
        stable = 0;
      }
      last = now;
      Thread.sleep(150);
    }
    throw new AssertionError("watcher did not settle; watches " + r.watcher().watches().keySet());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void shardsTogetherExportExactlyTheUnshardedSeries(int n) throws Exception {
    Running whole = start(Shard.ALL);
    List<Running> shards = new ArrayList<>();
    try {
      List<String> expected = settled(whole);
      assertThat(expected).anyMatch(l -> l.startsWith("sedna_task_iteration{"))
          .anyMatch(l -> l.startsWith("sedna_pod_info{")).anyMatch(l -> l.startsWith("sedna_job_info{"))
          .anyMatch(l -> l.startsWith("sedna_model_metric{")).anyMatch(l -> l.startsWith("sedna_task_round{"));
      List<String> union = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        shards.add(start(new Shard(i, n)));
      }
      for (Running s : shards) {
        List<String> own = settled(s);
        if (n > 1) {
          assertThat(own).as("shard %s", s.watcher().shard()).isNotEmpty().hasSizeLessThan(expected.size());
        }
        union.addAll(own);
      }
      assertThat(new HashSet<>(union)).as("no series twice").hasSize(union.size());
      assertThat(union).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      whole.watcher().close();
      shards.forEach(s -> s.watcher().close());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void podsKeepTheirTaskWhenTheTaskIsInAnotherShard(int n) throws Exception {
    long split = podTask.entrySet().stream()
        .filter(e -> Shard.ownerOf(e.getKey(), n) != Shard.ownerOf(e.getValue(), n)).count();
    assertThat(split).as("pods whose task lives in another shard").isPositive();
    for (int i = 0; i < n; i++) {
      Running s = start(new Shard(i, n));
      try {
        List<String> own = settled(s);
        int shard = i;
        long expectedPods = podTask.keySet().stream().filter(uid -> Shard.ownerOf(uid, n) == shard).count();
        List<String> info = own.stream().filter(l -> l.startsWith("sedna_pod_info{")).toList();
        assertThat(info).hasSize((int) expectedPods)
            .allMatch(l -> l.matches(".*kind=\"(Incremental|Federated|Lifelong)LearningJob\".*name=\"[a-z-]+-\\d\".*"));
      } finally {
        s.watcher().close();
      }
    }
  }
}
