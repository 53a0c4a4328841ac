package io.taskscope.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TaskScope's one HTTP port: {@code /metrics} with content negotiation and gzip, {@code /-/healthy}, {@code /-/ready}.
 * Requests run on virtual threads. Later capabilities add their routes through {@link #route}.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Exposition exposition;
  private final BooleanSupplier ready;
  private final Histogram scrapeDuration;

  public HttpApi(String host, int port, Exposition exposition, PrometheusRegistry registry, BooleanSupplier ready)
      throws IOException {
    this.exposition = exposition;
    this.ready = ready;
    this.scrapeDuration = Histogram.builder().name("taskscope_scrape_duration_seconds")
        .help("Time to write one /metrics response, by format.")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
        .labelNames("format").register(registry);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.setExecutor(executor);
    route("/metrics", this::metrics);
    route("/-/healthy", ex -> plain(ex, 200, "TaskScope is Healthy.\n", "GET", "HEAD"));
    route("/-/ready", ex -> {
      boolean ok = ready.getAsBoolean();
      plain(ex, ok ? 200 : 503, ok ? "TaskScope is Ready.\n" : "TaskScope is not ready: informers are syncing.\n",
          "GET", "HEAD");
    });
    route("/", ex -> plain(ex, 404, "not found: " + ex.getRequestURI().getPath() + "\n"));
  }

  /** Adds a handler; any exception it throws becomes a logged 500, never a dropped connection. */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, ex -> {
      try (ex) {
        handler.handle(ex);
      } catch (IOException e) {
        log.debug("event=client_gone path={} error=\"{}\"", path, e.toString());
      } catch (RuntimeException e) {
        log.error("event=handler_failed path={} error=\"{}\"", path, e.toString(), e);
        try {
          plain(ex, 500, "internal error\n");
        } catch (IOException | RuntimeException ignored) {
          // response already started
        }
      }
    });
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
    ex.sendResponseHeaders(200, 0);
    OutputStream body = ex.getResponseBody();
    OutputStream out = gzip ? new GZIPOutputStream(body, 65536) : new java.io.BufferedOutputStream(body, 65536);
    exposition.write(out, format);
    out.close();
    scrapeDuration.labelValues(format.name().toLowerCase()).observe((System.nanoTime() - start) / 1e9);
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
