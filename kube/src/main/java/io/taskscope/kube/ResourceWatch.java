package io.taskscope.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Health of one watched resource: whether its informer is watching, when it last saw an event, why it last failed.
 * The informer keeps serving its cache while the API server is away, so the last state stays exported.
 */
public final class ResourceWatch {
  private final String resource;
  private final AtomicLong lastEventMillis = new AtomicLong(System.currentTimeMillis());
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile SharedIndexInformer<?> informer;
  private volatile boolean failedOnce;

  ResourceWatch(String resource) {
    this.resource = resource;
  }

  public String resource() {
    return resource;
  }

  void attach(SharedIndexInformer<?> informer) {
    this.informer = informer;
  }

  SharedIndexInformer<?> informer() {
    return informer;
  }

  void touched() {
    lastEventMillis.set(System.currentTimeMillis());
  }

  /** Records a list/watch failure and returns a short reason for labels and logs. */
  String failed(Throwable t) {
    failedOnce = true;
    String reason = reasonOf(t);
    lastError.set(reason);
    return reason;
  }

  static String reasonOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return switch (k.getCode()) {
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not_found";
          default -> "http_" + k.getCode();
        };
      }
      if (c instanceof java.net.ConnectException || c instanceof java.io.IOException) {
        return "unreachable";
      }
    }
    return "error";
  }

  public boolean up() {
    SharedIndexInformer<?> i = informer;
    return i != null && i.isWatching();
  }

  public boolean synced() {
    SharedIndexInformer<?> i = informer;
    return i != null && i.hasSynced();
  }

  /** Ready for readiness purposes: synced, or known broken (a forbidden resource must not hold the server back). */
  public boolean settled() {
    return synced() || failedOnce;
  }

  public double lastEventAgeSeconds() {
    return (System.currentTimeMillis() - lastEventMillis.get()) / 1000.0;
  }

  public String lastError() {
    return lastError.get();
  }

  void stop() {
    SharedIndexInformer<?> i = informer;
    if (i != null) {
      i.stop();
    }
  }
}
