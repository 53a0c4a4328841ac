package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Kubernetes API of {@code taskscope demo}: fabric8's mock API server in CRUD mode on 127.0.0.1 (free
 * port), loaded with the Sedna CRDs (created through the API, so discovery and generic resources work), the Sedna
 * object fixtures and generated tasks of every kind whose status a {@link Simulator} moves over time.
 */
public final class DemoCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCluster.class);
  /** MockWebServer logs every request at INFO through java.util.logging; kept (strongly) at WARNING. */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  static {
    MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final MockWebServer webServer;
  private final DemoDispatcher dispatcher;
  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final String masterUrl;
  private volatile Simulator simulator;
  private volatile boolean closed;

  private DemoCluster() throws Exception {
    serialization = new KubernetesSerialization();
    dispatcher = new DemoDispatcher(new KubernetesCrudDispatcher(), serialization);
    webServer = new MockWebServer();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer, new HashMap<>(), dispatcher,
        false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    masterUrl = "http://127.0.0.1:" + server.getPort() + "/";
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withNamespace("default")
        .withHttp2Disable(true).withRequestTimeout(30_000).withConnectionTimeout(5_000).build();
    client = new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization).build();
  }

  /** Starts the server and loads CRDs, fixtures and generated objects; starts the simulator timer if asked. */
  public static DemoCluster start(DemoOptions options) throws Exception {
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    DemoCluster cluster = new DemoCluster();
    try {
      long tServer = System.nanoTime();
      int crds = cluster.createCrds();
      long tCrds = System.nanoTime();
      int fixtures = cluster.seedFixtures();
      // logs follow the simulated clock (the wall clock until the simulator exists)
      cluster.dispatcher.podLogs(new PodLogs(options.seed(), () -> cluster.simulator == null ? Instant.now()
          : cluster.simulator.now()));
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      World world = new World(options.seed(), now);
      world.objects.forEach(cluster::seed);
      GeneralWorkloads.create(now).forEach(cluster::seed);
      cluster.seedMissingNamespaces();
      cluster.simulator = new Simulator(cluster.client, options.seed(), now, options.tick(), world.actors,
          cluster.webServer::reset);
      cluster.webServer.reset();
      LOG.info("demo cluster up at {} in {} ms (server {} ms, {} CRDs {} ms, {} fixture objects, {} generated "
              + "objects, {} actors)", cluster.masterUrl, ms(t0, System.nanoTime()), ms(t0, tServer), crds,
          ms(tServer, tCrds), fixtures, world.objects.size(), world.actors.size());
      if (options.autoTick()) {
        cluster.simulator.start(options.tick());
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Runs the demo cluster alone until interrupted: {@code [seed] [tickMillis]}. Point kubectl at it with
   * {@code kubectl --server <url> get jointinferenceservices -A}.
   */
  public static void main(String[] args) throws Exception {
    DemoOptions options = DemoOptions.defaults();
    if (args.length > 0) {
      options = options.withSeed(Long.parseLong(args[0]));
    }
    if (args.length > 1) {
      options = options.withTick(Duration.ofMillis(Long.parseLong(args[1])));
    }
    DemoCluster cluster = start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "taskscope-demo-shutdown"));
    System.out.println("Kubernetes API of the demo cluster: " + cluster.masterUrl());
    Thread.currentThread().join();
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** A client pointed at the mock server (shared; closed by {@link #close()}). */
  public KubernetesClient client() {
    return client;
  }

  /** Base URL of the API server, {@code http://127.0.0.1:PORT/}. */
  public String masterUrl() {
    return masterUrl;
  }

  public Simulator simulator() {
    return simulator;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (simulator != null) {
      simulator.stop();
    }
    client.close();
    try {
      server.shutdown();
    } catch (IllegalStateException e) {
      // Vert.x 5 waits for every WebSocket when closing, and the mock's watch listener can hold its event loop while a
      // watch closes: it gives up after 10 s with the listening socket already closed (fabric8's own fix proceeds too).
      LOG.warn("event=demo_cluster_stop_slow url={} error=\"{}\"", masterUrl, e.getMessage());
    }
    LOG.info("demo cluster at {} stopped", masterUrl);
  }

  private int createCrds() {
    List<String> files = Fixtures.crdFiles();
    for (String file : files) {
      GenericKubernetesResource crd = Fixtures.crd(serialization, file);
      client.genericKubernetesResources("apiextensions.k8s.io/v1", "CustomResourceDefinition").resource(crd).create();
      LOG.info("created CustomResourceDefinition {}", crd.getMetadata().getName());
    }
    return files.size();
  }

  private int seedFixtures() {
    int n = 0;
    for (String file : Fixtures.objectFiles()) {
      for (HasMetadata obj : Fixtures.objects(serialization, file)) {
        seed(obj);
        n++;
      }
    }
    return n;
  }

  /** Namespace objects for the namespaces the fixtures use beyond the generated ones (ml, robo, ...). */
  private void seedMissingNamespaces() {
    Set<String> known = new HashSet<>(World.NAMESPACES);
    for (String ns : seededNamespaces) {
      if (known.add(ns)) {
        seed(new NamespaceBuilder().withNewMetadata().withName(ns)
            .withLabels(Map.of("kubernetes.io/metadata.name", ns)).endMetadata().withNewStatus()
            .withPhase("Active").endStatus().build());
      }
    }
  }

  private final Set<String> seededNamespaces = new TreeSet<>();

  /**
   * Stores an object as a pre-existing one: uid, creationTimestamp and status kept (a POST would replace the uid
   * that the fixture pods' labels and ownerReferences point to, and drop the status of CRs).
   */
  private void seed(HasMetadata obj) {
    var meta = obj.getMetadata();
    meta.setResourceVersion(Long.toString(dispatcher.nextResourceVersion()));
    if (meta.getUid() == null) {
      meta.setUid(UUID.nameUUIDFromBytes((obj.getKind() + "/" + meta.getNamespace() + "/" + meta.getName())
          .getBytes(StandardCharsets.UTF_8)).toString());
    }
    if (meta.getCreationTimestamp() == null) {
      meta.setCreationTimestamp(Objs.time(Instant.now()));
    }
    if (meta.getGeneration() == null) {
      // the mock's PUT handler copies metadata.generation of the stored object and fails without one
      meta.setGeneration(1L);
    }
    if (meta.getNamespace() != null) {
      seededNamespaces.add(meta.getNamespace());
    }
    dispatcher.seed(collectionPath(obj), serialization.asJson(obj));
    LOG.debug("seeded {} {}/{}", obj.getKind(), meta.getNamespace(), meta.getName());
  }

  static String collectionPath(HasMetadata obj) {
    String apiVersion = obj.getApiVersion();
    String plural = Kind.of(obj.getKind()).filter(k -> k.kind.equals(obj.getKind()))
        .filter(k -> SednaNames.API_VERSION.equals(apiVersion)).map(k -> k.plural).orElseGet(() -> {
          if (obj instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("no plural known for " + apiVersion + " " + obj.getKind());
          }
          return HasMetadata.getPlural(obj.getClass());
        });
    String ns = obj.getMetadata().getNamespace();
    return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + (ns == null ? "" : "/namespaces/" + ns)
        + "/" + plural;
  }
}
