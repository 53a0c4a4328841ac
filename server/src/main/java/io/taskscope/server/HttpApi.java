package io.taskscope.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.http.Access;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.ErrorWriter;
import io.taskscope.core.http.FrontDoor;
import io.taskscope.core.http.Permission;
import io.taskscope.core.http.Routes;
import io.taskscope.core.http.ServerLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * TaskScope's one HTTP port: {@code /metrics} with content negotiation and gzip, {@code /-/healthy}, {@code /-/ready}.
 * Requests run on virtual threads. Every route, these and those the modules add through {@link #routes()}, is behind
 * one {@link FrontDoor}: one access policy, one authentication filter, one mapping of failures to answers. The JDK
 * server's connection limits ({@link ServerLimits}) are set before the server is created.
 */
public final class HttpApi implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Exposition exposition;
  private final Histogram scrapeDuration;
  private final FrontDoor door;
  /** Closed until every module has mounted its routes: before, a route could answer 404 while ready said 200. */
  private final AtomicBoolean routesComplete = new AtomicBoolean(true);

  public HttpApi(String host, int port, Exposition exposition, PrometheusRegistry registry, BooleanSupplier ready)
      throws IOException {
    this(host, port, exposition, registry, ready, AccessPolicy.open(), ServerLimits.DEFAULTS);
  }

  public HttpApi(String host, int port, Exposition exposition, PrometheusRegistry registry, BooleanSupplier ready,
      AccessPolicy policy, ServerLimits limits) throws IOException {
    this.exposition = exposition;
    this.scrapeDuration = Histogram.builder().name("taskscope_scrape_duration_seconds")
        .help("Time to write one /metrics response, by format.")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
        .labelNames("format").register(registry);
    ServerLimits.apply(limits); // read once by the JDK server's classes: before the first server is created
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.setExecutor(executor);
    this.door = new FrontDoor(server, policy);
    Access getHead = Access.open("GET", "HEAD");
    door.route("/metrics", Access.builder().allow(policy.anonymousMetrics() ? Permission.OPEN : Permission.ANY_TOKEN,
        "GET", "HEAD").build(), ErrorWriter.TEXT, this::metrics);
    door.route("/-/healthy", getHead, ErrorWriter.TEXT,
        ex -> plain(ex, 200, "TaskScope is Healthy.\n", "GET", "HEAD"));
    door.route("/-/ready", getHead, ErrorWriter.TEXT, ex -> {
      boolean mounted = routesComplete.get();
      boolean ok = mounted && ready.getAsBoolean();
      plain(ex, ok ? 200 : 503, ok ? "TaskScope is Ready.\n" : mounted
          ? "TaskScope is not ready: informers are syncing.\n" : "TaskScope is not ready: routes are being mounted.\n",
          "GET", "HEAD");
    });
    // unknown paths: 404 to anyone (nothing behind them to protect)
    door.route("/", Access.builder().otherwise(Permission.OPEN).build(), ErrorWriter.TEXT,
        ex -> plain(ex, 404, "not found: " + ex.getRequestURI().getPath() + "\n"));
  }

  /** Where modules mount their routes, each method with its permission (docs/security.md). */
  public Routes routes() {
    return door;
  }

  public AccessPolicy policy() {
    return door.policy();
  }

  /**
   * A route for any valid token (anyone on a port without tokens) and plain-text errors: for the demo's simulated
   * exporters and other routes that predate the access model.
   */
  public void route(String path, HttpHandler handler) {
    door.route(path, Access.builder().build(), ErrorWriter.TEXT, handler);
  }

  /** Holds {@code /-/ready} at 503 until {@link #routesComplete()}: for routes mounted after the port listens. */
  public void awaitRoutes() {
    routesComplete.set(false);
  }

  /** Every route is mounted: {@code /-/ready} may answer 200 (when the informers are synced too). */
  public void routesComplete() {
    routesComplete.set(true);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  private void metrics(HttpExchange ex) throws IOException {
    if (!ex.getRequestURI().getPath().equals("/metrics")) {
      plain(ex, 404, "not found: " + ex.getRequestURI().getPath() + "\n"); // the context also matches /metricsX
      return;
    }
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      methodNotAllowed(ex, "GET, HEAD");
      return;
    }
    long start = System.nanoTime();
    Exposition.Format format = exposition.negotiate(ex.getRequestHeaders().getFirst("Accept"));
    ex.getResponseHeaders().set("Content-Type", format.contentType());
    boolean gzip = acceptsGzip(ex.getRequestHeaders().getFirst("Accept-Encoding"));
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    if (method.equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    // The status line goes out with the first 64 KiB of the body, not before: a source that fails early gets a 5xx;
    // a failure once bytes are out aborts the connection (the front door), never a 200 that looks complete.
    OutputStream buffered = new java.io.BufferedOutputStream(new CommitOnWrite(ex), 65536);
    OutputStream out = gzip ? new GZIPOutputStream(buffered, 8192) : buffered;
    exposition.write(out, format);
    out.close();
    scrapeDuration.labelValues(format.name().toLowerCase()).observe((System.nanoTime() - start) / 1e9);
  }

  /** Sends the 200 status line (chunked) when the first byte is written, so that nothing is promised before. */
  private static final class CommitOnWrite extends OutputStream {
    private final HttpExchange ex;
    private OutputStream body;

    CommitOnWrite(HttpExchange ex) {
      this.ex = ex;
    }

    private OutputStream body() throws IOException {
      if (body == null) {
        ex.sendResponseHeaders(200, 0);
        body = ex.getResponseBody();
      }
      return body;
    }

    @Override
    public void write(int b) throws IOException {
      body().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        body().write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      if (body != null) {
        body.flush();
      }
    }

    @Override
    public void close() throws IOException {
      body().close();
    }
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.trim().split(";");
      if (p[0].trim().equalsIgnoreCase("gzip")) {
        return !(p.length > 1 && p[1].trim().replace(" ", "").equals("q=0"));
      }
    }
    return false;
  }

  static void plain(HttpExchange ex, int status, String body, String... allowed) throws IOException {
    if (allowed.length > 0 && !java.util.List.of(allowed).contains(ex.getRequestMethod())) {
      methodNotAllowed(ex, String.join(", ", allowed));
      return;
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  static void methodNotAllowed(HttpExchange ex, String allow) throws IOException {
    ex.getResponseHeaders().set("Allow", allow);
    byte[] b = ("method " + ex.getRequestMethod() + " not allowed on " + ex.getRequestURI().getPath()
        + "; allowed: " + allow + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(405, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
