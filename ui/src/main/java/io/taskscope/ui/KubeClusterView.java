package io.taskscope.ui;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.taskscope.sdk.SednaNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterView} over fabric8 informers: one per Sedna kind and workload kind, one for pods. A kind whose CRD is
 * not installed simply lists nothing (its informer keeps retrying in the background).
 */
public final class KubeClusterView implements ClusterView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubeClusterView.class);
  /** Bytes of log read at most per request, whatever the tail asks for. */
  static final long MAX_LOG_BYTES = 4L << 20;

  private final KubernetesClient client;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind = new LinkedHashMap<>();
  private final SharedIndexInformer<Pod> pods;

  private KubeClusterView(KubernetesClient client) {
    this.client = client;
    for (SednaNames.Kind k : SednaNames.Kind.values()) {
      byKind.put(k.kind, inform(new ResourceDefinitionContext.Builder().withGroup(SednaNames.GROUP)
          .withVersion("v1alpha1").withKind(k.kind).withPlural(k.plural).withNamespaced(true).build()));
    }
    for (String[] w : new String[][] {{"apps", "Deployment", "deployments"}, {"apps", "StatefulSet", "statefulsets"},
        {"apps", "DaemonSet", "daemonsets"}, {"batch", "Job", "jobs"}}) {
      byKind.put(w[1], inform(new ResourceDefinitionContext.Builder().withGroup(w[0]).withVersion("v1").withKind(w[1])
          .withPlural(w[2]).withNamespaced(true).build()));
    }
    this.pods = client.pods().inAnyNamespace().runnableInformer(0);
    this.pods.start();
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(ResourceDefinitionContext ctx) {
    SharedIndexInformer<GenericKubernetesResource> i = client.genericKubernetesResources(ctx).inAnyNamespace()
        .runnableInformer(0);
    i.exceptionHandler((started, t) -> {
      log.debug("event=ui_informer_error kind={} error=\"{}\"", ctx.getKind(), t.toString());
      return true; // keep retrying: a CRD installed later starts to list
    });
    i.start();
    return i;
  }

  public static KubeClusterView start(KubernetesClient client) {
    return new KubeClusterView(client);
  }

  @Override
  public List<String> kinds() {
    return List.copyOf(byKind.keySet());
  }

  @Override
  public List<GenericKubernetesResource> list(String kind) {
    SharedIndexInformer<GenericKubernetesResource> i = byKind.get(kind);
    return i == null ? List.of() : List.copyOf(i.getStore().list());
  }

  @Override
  public Optional<GenericKubernetesResource> get(String kind, String namespace, String name) {
    SharedIndexInformer<GenericKubernetesResource> i = byKind.get(kind);
    return i == null ? Optional.empty() : Optional.ofNullable(i.getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public List<Pod> pods() {
    return List.copyOf(pods.getStore().list());
  }

  @Override
  public List<String> podLog(String namespace, String pod, String container, int tailLines) throws IOException {
    List<String> lines = new ArrayList<>();
    try {
      var p = client.pods().inNamespace(namespace).withName(pod);
      var c = container == null || container.isEmpty() ? p : p.inContainer(container);
      // one bounded request (limitBytes, and the client's request timeout) rather than a stream: a reader left
      // waiting for the end of a log could hold the page
      String text = c.usingTimestamps().limitBytes((int) MAX_LOG_BYTES).tailingLines(tailLines).getLog();
      if (text != null) {
        for (String line : text.split("\n", -1)) {
          if (!line.isEmpty() && lines.size() < tailLines) {
            lines.add(line);
          }
        }
      }
    } catch (KubernetesClientException e) {
      throw new IOException("Kubernetes API: " + (e.getCode() > 0 ? e.getCode() + " " : "") + e.getMessage(), e);
    }
    return lines;
  }

  @Override
  public boolean synced() {
    return pods.hasSynced() && byKind.values().stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    byKind.values().forEach(SharedIndexInformer::close);
    pods.close();
  }
}
