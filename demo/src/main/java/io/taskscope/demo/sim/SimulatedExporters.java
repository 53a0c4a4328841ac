package io.taskscope.demo.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.MetricSource;
import io.taskscope.demo.Ticker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The exporters that cannot run beside the demo — kube-state-metrics, the kubelets' cAdvisor, Kepler and NVIDIA's
 * dcgm-exporter — simulated for the demo cluster's pods and nodes, each on its own path of the demo's port. Every
 * step reads the cluster, advances the {@link ResourceModel} by one tick and renders the four responses, which
 * scrapes then copy. Only {@code taskscope demo} mounts them; each HELP text says the series is simulated.
 */
public final class SimulatedExporters implements AutoCloseable {

  public static final String KUBE_STATE_METRICS = "/sim/kube-state-metrics/metrics";
  public static final String CADVISOR = "/sim/kubelet/metrics/cadvisor";
  public static final String KEPLER = "/sim/kepler/metrics";
  public static final String DCGM = "/sim/dcgm-exporter/metrics";
  public static final List<String> PATHS = List.of(KUBE_STATE_METRICS, CADVISOR, KEPLER, DCGM);

  private final KubernetesClient client;
  private final Duration tick;
  private final ResourceModel model;
  private final PrometheusRegistry none = new PrometheusRegistry();
  private volatile Map<String, Families> current;
  private final Ticker ticker = new Ticker("taskscope-sim-exporters");
  /** Timer mode: meters advance by the real time between steps, so rates stay true when a step runs late. */
  private volatile boolean realTime;
  private long lastStep;

  public SimulatedExporters(KubernetesClient client, Duration tick, long seed) {
    this.client = client;
    this.tick = tick;
    this.model = new ResourceModel(seed);
  }

  /** Steps every tick on a virtual thread until {@link #close()}. */
  public SimulatedExporters start() {
    realTime = true;
    step();
    ticker.start(tick, tick, this::step);
    return this;
  }

  /** One tick: read the cluster, advance the meters, render every exporter. */
  public synchronized void step() {
    ClusterView view = ClusterView.read(client);
    long now = System.nanoTime();
    double dt = realTime && lastStep != 0 ? (now - lastStep) / 1e9 : tick.toMillis() / 1000.0;
    lastStep = now;
    model.advance(view, dt);
    Map<String, Families> next = new LinkedHashMap<>();
    next.put(KUBE_STATE_METRICS, KubeStateMetricsSim.render(view, model));
    next.put(CADVISOR, CadvisorSim.render(view, model));
    next.put(KEPLER, KeplerSim.render(view, model));
    next.put(DCGM, DcgmSim.render(view, model));
    current = next;
  }

  /** The families an exporter serves now (a first step is taken if none was). */
  public MetricSource source(String path) {
    if (!PATHS.contains(path)) {
      throw new IllegalArgumentException("no simulated exporter at " + path);
    }
    return sink -> families().get(path).collect(sink);
  }

  private Map<String, Families> families() {
    Map<String, Families> f = current;
    if (f == null) {
      step();
      f = current;
    }
    return f;
  }

  /** Text exposition of one exporter as a scrape would get it (tests, docs). */
  public String text(String path) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    exposition(path).write(out, Exposition.Format.TEXT);
    return out.toString(StandardCharsets.UTF_8);
  }

  private Exposition exposition(String path) {
    MetricSource source = source(path);
    return new Exposition(none, () -> List.of(source));
  }

  /** Mounts the four paths, e.g. {@code exporters.mount(server.http()::route)}. */
  public void mount(BiConsumer<String, HttpHandler> route) {
    for (String path : PATHS) {
      Exposition exposition = exposition(path);
      route.accept(path, ex -> serve(ex, path, exposition));
    }
  }

  private static void serve(HttpExchange exchange, String path, Exposition exposition) throws IOException {
    try (HttpExchange ex = exchange) {
      respond(ex, path, exposition);
    }
  }

  private static void respond(HttpExchange ex, String path, Exposition exposition) throws IOException {
    String method = ex.getRequestMethod();
    if (!ex.getRequestURI().getPath().equals(path)) {
      reply(ex, 404, "not found: " + ex.getRequestURI().getPath() + "\n");
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      reply(ex, 405, "method " + method + " not allowed\n");
      return;
    }
    Exposition.Format format = exposition.negotiate(ex.getRequestHeaders().getFirst("Accept"));
    ex.getResponseHeaders().set("Content-Type", format.contentType());
    if (method.equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 65536)) {
      exposition.write(out, format);
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    ticker.close();
  }
}
