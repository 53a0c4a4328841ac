package io.taskscope.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's Kubernetes API: fabric8's mock server in CRUD mode, in its own JVM so that its memory does not count
 * as TaskScope's, loaded with the Sedna CRDs and N generated custom resources. Prints {@code READY <url>} when loaded
 * and stops when its standard input closes.
 */
public final class ApiServerMain {
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int n = Integer.parseInt(args[0]);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    for (Kind k : SednaObjects.KINDS) {
      String file = "io/taskscope/demo/fixtures/crds/" + SednaNames.GROUP + "_" + k.plural + ".yaml";
      try (InputStream in = ApiServerMain.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("missing CRD resource " + file);
        }
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    AtomicInteger created = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < n; i++) {
        int idx = i;
        pool.submit(() -> {
          Map<String, Object> o = SednaObjects.object(idx);
          Kind k = SednaObjects.KINDS.get(idx % SednaObjects.KINDS.size());
          GenericKubernetesResource r = client.getKubernetesSerialization().convertValue(o, GenericKubernetesResource.class);
          var api = client.genericKubernetesResources(context(k)).inNamespace(r.getMetadata().getNamespace());
          GenericKubernetesResource stored = api.resource(r).create();
          // Like a real API server with a status subresource, create drops status: write it as the controller would.
          stored.setAdditionalProperty("status", o.get("status"));
          api.resource(stored).updateStatus();
          created.incrementAndGet();
        });
      }
    }
    System.out.println("READY " + server.url("/") + " " + created.get());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin
    }
    client.close();
    server.destroy();
  }

  static ResourceDefinitionContext context(Kind k) {
    return new ResourceDefinitionContext.Builder().withGroup(SednaNames.GROUP).withVersion(SednaNames.VERSION)
        .withKind(k.kind).withPlural(k.plural).withNamespaced(true).build();
  }
}
