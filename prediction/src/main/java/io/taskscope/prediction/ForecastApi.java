package io.taskscope.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.taskscope.core.RequestBodies;
import io.taskscope.core.http.Access;
import io.taskscope.core.http.ErrorWriter;
import io.taskscope.core.http.Permission;
import io.taskscope.core.http.Problem;
import io.taskscope.core.http.Role;
import io.taskscope.core.http.Routes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The prediction service's HTTP routes (docs/forecast.md, "API"):
 * <ul>
 *   <li>{@code GET /api/v1/forecasts}: the stored targets and the last and running runs;</li>
 *   <li>{@code GET /api/v1/forecasts/{target}}: one stored forecast ({@link ForecastJson}) and its latest state;</li>
 *   <li>{@code GET /api/v1/forecasts/{target}/chart.svg}: the forecast drawn ({@link ForecastChart});</li>
 *   <li>{@code POST /api/v1/forecasts/run[?target=ID]}: starts a run (202), or 409 with the run in progress;</li>
 *   <li>{@code GET /prediction/{metricId}}: GLACIATION's prediction shape, with its {@code {"detail"}} errors.</li>
 * </ul>
 * Target ids hold '/', so the whole rest of the path is the id; a metric name never holds '.', so a last segment
 * {@code chart.svg} cannot be part of an id. The id is only ever a lookup key. Reads need {@code graph-reader},
 * starting a run {@code graph-writer}; any other method is answered 405 by the front door.
 */
public final class ForecastApi {
  static final String BASE = "/api/v1/forecasts";
  static final String UPSTREAM = "/prediction";
  private static final String CHART = "/chart.svg";
  private static final String RUN = BASE + "/run";
  private static final JsonFactory JSON = new JsonFactory();

  private final Forecasts forecasts;

  private ForecastApi(Forecasts forecasts) {
    this.forecasts = forecasts;
  }

  public static void mount(Routes routes, Forecasts forecasts) {
    ForecastApi api = new ForecastApi(forecasts);
    Access reads = Access.builder().role(Role.GRAPH_READER, "GET", "HEAD")
        .otherwise(Permission.NOT_ALLOWED).build();
    routes.route(BASE, Access.builder().role(Role.GRAPH_READER, "GET", "HEAD").role(Role.GRAPH_WRITER, "POST")
        .otherwise(Permission.NOT_ALLOWED).build(), ErrorWriter.JSON,
        guarded(api::api, ErrorWriter.JSON));
    routes.route(UPSTREAM, reads, ErrorWriter.DETAIL, guarded(api::upstream, ErrorWriter.DETAIL));
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException, Problem;
  }

  /**
   * Answers a {@link Problem} in the route's format; any other Throwable goes on to the front door, which answers it
   * (500 without internals, 503 short of memory) or aborts an answer already started.
   */
  private static HttpHandler guarded(Handler h, ErrorWriter errors) {
    return ex -> {
      try {
        h.handle(ex);
      } catch (Problem p) {
        RequestBodies.discard(ex);
        errors.write(ex, p.status(), p.getMessage());
      }
    };
  }

  // ======================================================================= /api/v1/forecasts

  private void api(HttpExchange ex) throws IOException, Problem {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (method.equals("POST")) {
      if (!path.equals(RUN)) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        throw new Problem(Problem.Kind.NOT_ALLOWED, "POST is only allowed on " + RUN);
      }
      run(ex);
      return;
    }
    if (path.equals(BASE) || path.equals(BASE + "/")) {
      json(ex, 200, g -> ApiJson.list(forecasts, g));
      return;
    }
    if (!path.startsWith(BASE + "/")) {
      throw new Problem(Problem.Kind.NOT_FOUND, "no such route: " + BASE + " and its sub-paths only");
    }
    String rest = path.substring(BASE.length() + 1);
    boolean chart = rest.endsWith(CHART);
    String id = chart ? rest.substring(0, rest.length() - CHART.length()) : rest;
    StoredForecast f = lookup(id);
    if (chart) {
      svg(ex, ForecastChart.render(f));
    } else {
      json(ex, 200, g -> ApiJson.forecast(forecasts, f, g));
    }
  }

  private StoredForecast lookup(String id) throws Problem {
    String bad = TargetIds.problem(id);
    if (bad != null) {
      throw new Problem(Problem.Kind.BAD_INPUT, bad);
    }
    Optional<StoredForecast> f = forecasts.forecast(id);
    if (f.isEmpty()) {
      throw new Problem(Problem.Kind.NOT_FOUND, "no forecast for target " + id
          + " (GET " + BASE + " lists the targets with one)");
    }
    return f.get();
  }

  /**
   * Starts a run. A {@code target} not stored yet still runs (it may be new in the graphs): the job reports it
   * skipped when the graphs do not know it either.
   */
  private void run(HttpExchange ex) throws IOException, Problem {
    RequestBodies.discard(ex); // a body is not expected; read it so that the connection can be reused
    String target = targetParam(ex.getRequestURI().getRawQuery());
    Forecasts.Started s = forecasts.runNow("api", target);
    if (s.alreadyRunning()) {
      json(ex, 409, g -> {
        g.writeStartObject();
        g.writeStringField("error", "run " + s.run().id() + " is already running; try again when it has finished");
        g.writeNumberField("status", 409);
        g.writeFieldName("run");
        ApiJson.run(g, s.run());
        g.writeEndObject();
      });
    } else {
      json(ex, 202, g -> ApiJson.run(g, s.run()));
    }
  }

  /** The one query parameter {@code target}, or null; anything else is a 400 (a typo should not run everything). */
  static String targetParam(String rawQuery) throws Problem {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    if (rawQuery.length() > 4 * TargetIds.MAX_LENGTH) {
      throw new Problem(Problem.Kind.BAD_INPUT, "query string is too long");
    }
    String target = null;
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      if (!key.equals("target")) {
        throw new Problem(Problem.Kind.BAD_INPUT, "unknown query parameter; the only one is target=ID");
      }
      if (target != null) {
        throw new Problem(Problem.Kind.BAD_INPUT, "target is given more than once");
      }
      try {
        target = URLDecoder.decode(eq < 0 ? "" : part.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new Problem(Problem.Kind.BAD_INPUT, "malformed URL encoding in target");
      }
      String bad = TargetIds.problem(target);
      if (bad != null) {
        throw new Problem(Problem.Kind.BAD_INPUT, bad);
      }
    }
    return target;
  }

  // ======================================================================= /prediction/{metricId}

  private void upstream(HttpExchange ex) throws IOException, Problem {
    String path = ex.getRequestURI().getPath();
    if (!path.startsWith(UPSTREAM + "/") || path.length() == UPSTREAM.length() + 1) {
      throw new Problem(Problem.Kind.NOT_FOUND, "Not Found");
    }
    String id = path.substring(UPSTREAM.length() + 1);
    String bad = TargetIds.problem(id);
    if (bad != null) {
      throw new Problem(Problem.Kind.BAD_INPUT, bad);
    }
    Optional<StoredForecast> f = forecasts.forecast(id);
    if (f.isEmpty()) {
      throw new Problem(Problem.Kind.NOT_FOUND, "no forecast for metric " + id);
    }
    json(ex, 200, g -> ApiJson.upstream(f.get(), g));
  }

  // ======================================================================= writing

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Streams a JSON answer. The generator is closed only when the body is complete: closing it after a failure would
   * add the missing brackets, and a truncated answer would parse; the front door aborts the connection instead.
   */
  private static void json(HttpExchange ex, int status, Body body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, 0);
    OutputStream out = ex.getResponseBody();
    JsonGenerator g = JSON.createGenerator(out);
    body.write(g);
    g.close();
  }

  private static void svg(HttpExchange ex, String svg) throws IOException {
    byte[] b = svg.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "image/svg+xml");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // the chart has no scripts; if it is opened as a document, nothing in it may load or run anything
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
  }
}
