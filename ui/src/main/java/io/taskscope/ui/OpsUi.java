package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import io.taskscope.core.http.Access;
import io.taskscope.core.http.ErrorWriter;
import io.taskscope.core.http.Permission;
import io.taskscope.core.http.Routes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops UI on TaskScope's port under {@code /ui/}: server-rendered pages (escaped by {@link Html}), the bundled
 * script and styles, and a friendly 404 that suggests tasks by name. Pages are {@link UiPage}s registered by path
 * prefix; the longest prefix wins. A ticker on a virtual thread feeds the task pages' histories: task states every
 * {@link #STATE_EVERY} into {@link StateHistory}, charted figures every {@link MetricHistory#STEP} into
 * {@link MetricHistory}.
 */
public final class OpsUi implements AutoCloseable {
  /** One page (or family of pages) of the UI. */
  @FunctionalInterface
  public interface UiPage {
    /** Answers {@code ex}; {@code rest} is the path after the page's prefix. */
    void handle(HttpExchange ex, String rest, Map<String, String> query) throws IOException, UiHttp.BadRequest,
        NotFound;
  }

  /** Nothing at this path: answered with the 404 page and suggestions drawn from {@code hint}. */
  public static final class NotFound extends Exception {
    final String hint;

    public NotFound(String message, String hint) {
      super(message, null, false, false);
      this.hint = hint;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(OpsUi.class);

  private final ClusterView view;
  private final Supplier<Instant> now;
  /** The namespaces a principal may see in the UI; null for all (admins, graph readers, a port without tokens). */
  private volatile java.util.function.Function<io.taskscope.core.http.Principal, java.util.Set<String>> scope =
      p -> null;
  private final StaticAssets assets = new StaticAssets();
  private final Map<String, UiPage> pages = new LinkedHashMap<>();
  private final StateHistory states = new StateHistory();
  private final MetricHistory metrics = new MetricHistory();
  /** The resource exporters' samples for charts without Prometheus; null (the usual) leaves them to Prometheus. */
  private volatile ResourceSource resources;
  private final SeriesSource series;
  private final ScheduledExecutorService ticker;

  static final Duration STATE_EVERY = Duration.ofSeconds(5);

  public OpsUi(ClusterView view, Supplier<Instant> now) {
    this(view, now, UiSettings.NONE, SeriesSource.NONE);
  }

  public OpsUi(ClusterView view, Supplier<Instant> now, UiSettings settings) {
    this(view, now, settings, SeriesSource.NONE);
  }

  /** {@code series} reads TaskScope's own series for the charts when no Prometheus is configured. */
  public OpsUi(ClusterView cluster, Supplier<Instant> now, UiSettings settings, SeriesSource series) {
    ClusterView view = new ScopedClusterView(cluster);
    this.view = view;
    this.series = series;
    this.now = now;
    TaskPage task = new TaskPage(view, now, states, new ChartSection(
        settings.prometheus() == null ? null : new Prometheus(settings.prometheus()), metrics), settings);
    page("/ui/task/", (ex, rest, q) -> UiHttp.html(ex, 200, task.page(rest)));
    String loki = settings.loki();
    LogsPage logs = new LogsPage(view, now, loki == null || loki.isBlank() ? null : new LokiClient(loki));
    page("/ui/cr", new CrPage(view));
    page("/ui/logs", (ex, rest, q) -> {
      if (!rest.isEmpty() && !rest.equals("/")) {
        throw new NotFound("no such page: /ui/logs" + rest, lastSegment(rest));
      }
      UiHttp.html(ex, 200, logs.page(q));
    });
    this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ui-history").factory());
    ticker.scheduleWithFixedDelay(() -> guard(() -> states.observe(Tasks.rows(view), now.get())), 0,
        STATE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    ticker.scheduleWithFixedDelay(() -> guard(() -> sampleCharts(now.get())), 0,
        MetricHistory.STEP.toMillis(), TimeUnit.MILLISECONDS);
    TaskListPage list = new TaskListPage(view, now);
    page("/ui/tasks/rows", (ex, rest, q) -> {
      if (!rest.isEmpty()) {
        throw new NotFound("no such page", rest);
      }
      UiHttp.html(ex, 200, list.rowsFragment(q));
    });
    page("/ui/", (ex, rest, q) -> {
      if (!rest.isEmpty()) {
        throw new NotFound("no such page: /ui/" + rest, lastSegment(rest));
      }
      UiHttp.html(ex, 200, list.page(q));
    });
  }

  /**
   * Adds the knowledge-graph pages and, when the prediction service runs, forecast charts: {@code /ui/graph/...} and
   * {@code /ui/forecast/{target}.svg}.
   */
  public OpsUi graphs(GraphSource graphs, io.taskscope.prediction.Forecasts forecasts) {
    GraphPage g = new GraphPage(view, graphs, forecasts);
    page("/ui/graph/", g::graph);
    page("/ui/forecast/", g::chart);
    return this;
  }

  /**
   * Charts the CPU, memory, power and GPU of tasks from {@code source} (read every {@link MetricHistory#STEP}) when no
   * Prometheus is configured: the demo passes its simulated cAdvisor, Kepler and DCGM exporters.
   */
  public OpsUi resources(ResourceSource source) {
    this.resources = source;
    return this;
  }

  /** One sample of the charted figures at {@code at} (the ticker's; tests of the wiring call it by hand). */
  public void sampleCharts(Instant at) {
    metrics.sample(view, series, resources, at);
  }

  /** A failed sample is logged and the next one tried: one bad object must not stop the histories. */
  private static void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("event=ui_history_sample_failed error=\"{}\"", e.toString());
    }
  }

  StateHistory states() {
    return states;
  }

  MetricHistory metrics() {
    return metrics;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  public ClusterView view() {
    return view;
  }

  public Supplier<Instant> clock() {
    return now;
  }

  /** Registers a page under {@code prefix} (e.g. {@code /ui/task/}). */
  public OpsUi page(String prefix, UiPage page) {
    pages.put(prefix, page);
    return this;
  }

  /** Limits what a principal sees to the namespaces {@code scope} gives (null: all), e.g. a push tenant's own. */
  public OpsUi scope(java.util.function.Function<io.taskscope.core.http.Principal, java.util.Set<String>> scope) {
    this.scope = scope;
    return this;
  }

  /**
   * Mounts {@code /ui} on the port: GET and HEAD for any principal the port admits, the token from the header or the
   * login cookie (the pages change nothing); and the login form.
   */
  public void mount(Routes routes) {
    Access access = Access.builder().allow(Permission.ANY_TOKEN, "GET", "HEAD").otherwise(Permission.NOT_ALLOWED)
        .tokenCookie().build();
    routes.route("/ui", access, errorPage(), this::handle);
    LoginPage.mount(routes);
  }

  /** The front door's own refusals (401, 403, 405, 5xx) as pages too; a 401 is the login form. */
  static ErrorWriter errorPage() {
    return (ex, status, message) -> {
      if (status == 401) {
        String q = ex.getRequestURI().getRawQuery();
        String back = LoginPage.safeNext(ex.getRequestURI().getPath() + (q == null ? "" : "?" + q));
        ErrorWriter.send(ex, 401, "text/html; charset=utf-8", LoginPage.form(
            message.contains("unknown token") ? "That token is not known here." : null, back));
        return;
      }
      Html h = new Html().raw("<h1>").text(status + " " + reason(status)).raw("</h1><p>").text(message)
          .raw("</p><p><a href=\"/ui/\">All tasks</a></p>");
      ErrorWriter.send(ex, status, "text/html; charset=utf-8", Layout.page(reason(status), "", h));
    };
  }

  private void handle(HttpExchange ex) throws IOException {
    ScopedClusterView.enter(scope.apply(io.taskscope.core.http.FrontDoor.principal()));
    try {
      route(ex);
    } finally {
      ScopedClusterView.leave();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try {
      if (path.equals("/ui")) {
        ex.getResponseHeaders().set("Location", "/ui/");
        ex.sendResponseHeaders(308, -1);
        return;
      }
      if (path.startsWith("/ui/static/")) {
        if (!assets.serve(ex, path.substring("/ui/static/".length()))) {
          throw new NotFound("no such file: " + path, "");
        }
        return;
      }
      Map<String, String> query = UiHttp.query(ex);
      String best = null;
      for (String prefix : pages.keySet()) {
        if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
          best = prefix;
        }
      }
      if (best == null) {
        throw new NotFound("no such page: " + path, lastSegment(path));
      }
      pages.get(best).handle(ex, path.substring(best.length()), query);
    } catch (UiHttp.BadRequest e) {
      Html h = new Html().raw("<h1>Bad request</h1><p>").text(e.getMessage()).raw("</p>");
      UiHttp.html(ex, 400, Layout.page("Bad request", "", h));
    } catch (NotFound e) {
      UiHttp.html(ex, 404, notFound(e));
    }
  }

  /** The 404 page: what was not found and the tasks whose names come closest to the hint. */
  String notFound(NotFound e) {
    Html h = new Html().raw("<h1>Not found</h1><p>").text(e.getMessage()).raw("</p>");
    List<TaskRow> near = suggestions(e.hint);
    if (!near.isEmpty()) {
      h.raw("<h2>Did you mean</h2><ul class=\"suggestions\">");
      for (TaskRow r : near) {
        h.raw("<li><a href=\"").text(r.path()).raw("\">").text(r.name()).raw("</a> <span class=\"muted\">")
            .text(r.kind() + " in " + r.namespace()).raw("</span></li>");
      }
      h.raw("</ul>");
    }
    h.raw("<form method=\"get\" action=\"/ui/\" role=\"search\"><label>Search tasks by name ")
        .raw("<input type=\"search\" name=\"q\" value=\"").text(e.hint == null ? "" : e.hint)
        .raw("\"></label> <button type=\"submit\">Search</button></form>");
    return Layout.page("Not found", "", h);
  }

  /** Up to 5 tasks sharing the most characters in order with {@code hint} (names containing it first). */
  List<TaskRow> suggestions(String hint) {
    if (hint == null || hint.isBlank() || hint.length() > 253) {
      return List.of();
    }
    String h = hint.toLowerCase(Locale.ROOT);
    return Tasks.rows(view).stream()
        .map(r -> Map.entry(r, score(r.name().toLowerCase(Locale.ROOT), h)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<TaskRow, Integer>comparingByValue().reversed()
            .thenComparing(e -> e.getKey().name()))
        .limit(5).map(Map.Entry::getKey).toList();
  }

  /** Containment scores highest; otherwise the longest common prefix, if at least 3 characters. */
  static int score(String name, String hint) {
    if (name.contains(hint) || hint.contains(name)) {
      return 1000 + Math.min(name.length(), hint.length());
    }
    int p = 0;
    while (p < name.length() && p < hint.length() && name.charAt(p) == hint.charAt(p)) {
      p++;
    }
    return p >= 3 ? p : 0;
  }

  static String lastSegment(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1); // URI.getPath() has already decoded it
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Token needed";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Too large";
      case 429 -> "Too many requests";
      case 503 -> "Unavailable";
      default -> "Error";
    };
  }
}
