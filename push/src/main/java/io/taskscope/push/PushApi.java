package io.taskscope.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.taskscope.core.RequestBodies;
import io.taskscope.core.http.Access;
import io.taskscope.core.http.ErrorWriter;
import io.taskscope.core.http.FrontDoor;
import io.taskscope.core.http.Permission;
import io.taskscope.core.http.Role;
import io.taskscope.core.http.Routes;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The push hub's HTTP API, Pushgateway's routes and answers:
 * <ul>
 *   <li>{@code PUT|POST|DELETE /metrics/job[@base64]/JOB{/LABEL[@base64]/VALUE}*}: 200 (push), 202 (delete);</li>
 *   <li>{@code GET /api/v1/metrics}, {@code GET /api/v1/status}: Pushgateway's JSON;</li>
 *   <li>{@code PUT /api/v1/admin/wipe}: 202, with the admin API enabled or the admin token;</li>
 *   <li>{@code POST /api/v1/simplepipe?job=JOB[&label=NAME=VALUE]...}: Simplepipe metrics JSON, replacing the group.</li>
 * </ul>
 * Errors are {@code text/plain} messages; see docs/push.md for every status. Authentication is the front door's
 * ({@link FrontDoor}): a handler here gets the principal it let in and maps it to a tenant ({@link Tenancy#tenantOf}).
 */
public final class PushApi {
  public static final String TTL_HEADER = "X-TaskScope-TTL";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the API needs besides the hub. */
  public record Settings(long maxBodyBytes, boolean adminApiEnabled, Long defaultTtlMillis, Map<String, String> flags,
      Map<String, String> buildInfo, long maxTtlMillis) {
    /** With the default {@code push.maxTtl}. */
    public Settings(long maxBodyBytes, boolean adminApiEnabled, Long defaultTtlMillis, Map<String, String> flags,
        Map<String, String> buildInfo) {
      this(maxBodyBytes, adminApiEnabled, defaultTtlMillis, flags, buildInfo, PushConfig.DEFAULT_MAX_TTL);
    }
  }

  private final PushHub hub;
  private final Tenancy tenancy;
  private final TaskResolver resolver;
  private final Settings settings;
  private final MemoryLimits limits;
  private final MemoryLimits.InFlight inFlight;
  /**
   * Room taken in {@link #inFlight} by the request this thread handles, released when its answer is sent. (Exchange
   * attributes would not do: the JDK server keeps them per context, shared by concurrent requests.)
   */
  private final ThreadLocal<Integer> held = new ThreadLocal<>();
  private final Instant startTime = Instant.now();
  private final Counter requests;
  private final Histogram duration;

  public PushApi(PushHub hub, Tenancy tenancy, TaskResolver resolver, Settings settings, PrometheusRegistry registry) {
    this(hub, tenancy, resolver, settings, registry, MemoryLimits.current());
  }

  PushApi(PushHub hub, Tenancy tenancy, TaskResolver resolver, Settings settings, PrometheusRegistry registry,
      MemoryLimits limits) {
    this.limits = limits;
    this.inFlight = new MemoryLimits.InFlight(limits.bodyBytes());
    this.hub = hub;
    this.tenancy = tenancy;
    this.resolver = resolver == null ? TaskResolver.NONE : resolver;
    this.settings = settings;
    PrometheusRegistry r = registry == null ? new PrometheusRegistry() : registry;
    this.requests = Counter.builder().name("taskscope_push_requests_total")
        .help("Requests to the push API, by handler and status code.").labelNames("handler", "code")
        .register(r);
    // time in TaskScope from the handler's start to the response written (parse, checks, durable commit)
    this.duration = Histogram.builder().name("taskscope_push_request_duration_seconds")
        .help("Time to handle a push API request, from reading it to the answer, by handler.").labelNames("handler")
        .classicUpperBounds(0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
        .register(r);
  }

  /** Registers the routes with the permission of each method (docs/security.md) and Pushgateway's plain-text errors. */
  public void mount(Routes routes) {
    ErrorWriter text = ErrorWriter.TEXT;
    routes.route("/metrics/", Access.builder().role(Role.TENANT, "PUT", "POST", "DELETE").build(), text,
        ex -> guarded(ex, "push", this::pushPath));
    routes.route("/api/v1/metrics", Access.builder().role(Role.TENANT, "GET", "HEAD").build(), text,
        ex -> guarded(ex, "api/v1/metrics", this::apiMetrics));
    routes.route("/api/v1/status", Access.builder().allow(Permission.ANY_TOKEN, "GET", "HEAD").build(), text,
        ex -> guarded(ex, "api/v1/status", this::apiStatus));
    routes.route("/api/v1/admin/wipe", Access.builder().role(Role.ADMIN, "PUT").build(), text,
        ex -> guarded(ex, "wipe", this::wipe));
    routes.route("/api/v1/simplepipe", Access.builder().role(Role.TENANT, "POST").build(), text,
        ex -> guarded(ex, "simplepipe", this::simplepipe));
  }

  private interface Handler {
    int handle(HttpExchange ex) throws IOException, PushException;
  }

  private void guarded(HttpExchange ex, String name, Handler h) throws IOException {
    long t0 = System.nanoTime();
    int code;
    try {
      code = h.handle(ex);
    } catch (PushException e) {
      if (e.status() == 401) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskscope\"");
      }
      if (e.status() == 429) {
        ex.getResponseHeaders().set("Retry-After", "1");
      }
      code = e.status();
      FrontDoor.logRejection(code, ex, FrontDoor.principal(), e.getMessage());
      text(ex, code, e.getMessage() + "\n");
    } finally {
      Integer n = held.get();
      if (n != null) {
        held.remove();
        inFlight.release(FrontDoor.client(ex), n);
      }
    }
    requests.labelValues(name, Integer.toString(code)).inc();
    duration.labelValues(name).observe((System.nanoTime() - t0) / 1e9);
  }

  // ------------------------------------------------------------------ /metrics/job/...

  private int pushPath(HttpExchange ex) throws IOException, PushException {
    String method = ex.getRequestMethod();
    String raw = ex.getRequestURI().getRawPath();
    boolean route = raw.startsWith("/metrics/job/") || raw.startsWith("/metrics/job@base64/");
    if (!method.equals("PUT") && !method.equals("POST") && !method.equals("DELETE")) {
      if (!route) {
        return text(ex, 404, "404 page not found\n");
      }
      ex.getResponseHeaders().set("Allow", "DELETE, OPTIONS, POST, PUT");
      return method.equals("OPTIONS") ? empty(ex, 200) : text(ex, 405, "Method Not Allowed\n");
    }
    GroupingKey key;
    try {
      key = GroupingKey.parsePath(raw);
    } catch (GroupingKey.Redirect r) {
      if (r.location() == null) {
        return text(ex, 404, "404 page not found\n");
      }
      ex.getResponseHeaders().set("Location", r.location());
      return empty(ex, r.status());
    }
    Tenancy.Tenant tenant = tenancy.tenantOf(FrontDoor.principal());
    key = withNamespace(key, tenant);
    checkKey(key);
    Long ttl = ttl(ex, tenant);
    if (method.equals("DELETE")) {
      hub.delete(key, tenant);
      return empty(ex, 202);
    }
    byte[] body = readBody(ex);
    List<PushedFamily> families;
    if (ProtobufBody.selects(ex.getRequestHeaders().getFirst("Content-Type"))) {
      families = ProtobufBody.parse(body);
    } else {
      try {
        families = TextFormatParser.parse(body);
      } catch (TextFormatParser.ParseException e) {
        throw PushException.badRequest(e.getMessage());
      }
    }
    chargeExpanded(ex, body.length, key, families);
    List<PushedFamily> sanitized;
    try {
      sanitized = prepare(families, key, tenant);
    } catch (PushException e) {
      if (e.recordFailure()) {
        hub.recordFailure(key, tenant, ttl);
      }
      throw e;
    }
    hub.push(new PushHub.PushRequest(key, sanitized, method.equals("PUT"), tenant, ttl));
    return empty(ex, 200);
  }

  /**
   * The Sedna worker schema ({@link SednaWorkerSchema}), the checks Pushgateway makes on each pushed metric
   * (timestamps, label names, duplicate labels, value type), the tenant's namespace rule for body labels, then
   * Pushgateway's label sanitizing plus the task join labels.
   */
  List<PushedFamily> prepare(List<PushedFamily> families, GroupingKey key, Tenancy.Tenant tenant)
      throws PushException {
    SednaWorkerSchema.check(families); // Sedna worker families: type and enum states, a plain 400 that stores nothing
    for (PushedFamily f : families) {
      for (PushedMetric m : f.metrics()) {
        if (m.timestampMs() != null) {
          throw PushException.inconsistent("pushed metrics must not have timestamps");
        }
      }
    }
    List<String> errors = new ArrayList<>();
    for (PushedFamily f : families) {
      for (PushedMetric m : f.metrics()) {
        String problem = problem(f, m);
        if (problem != null) {
          // client_golang's wording; the metric's text form is built only for the message
          errors.add("collected metric " + GoText.quote(f.name()) + " { " + m.protoText() + "} " + problem);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw PushException.inconsistent(Consistency.joinErrors(errors));
    }
    if (tenancy.enabled() && !tenant.admin()) {
      for (PushedFamily f : families) {
        for (PushedMetric m : f.metrics()) {
          String ns = m.label("namespace");
          if (ns != null && !tenant.owns(ns)) {
            throw new PushException(403, "tenant " + tenant.name() + " does not own namespace " + GoText.quote(ns)
                + " (label of a series of " + f.name() + ")");
          }
        }
      }
    }
    Map<String, String> extra = resolver.labelsFor(key.labels());
    List<PushedFamily> out = new ArrayList<>(families.size());
    for (PushedFamily f : families) {
      List<PushedMetric> ms = new ArrayList<>(f.metrics().size());
      for (PushedMetric m : f.metrics()) {
        ms.add(m.sanitized(key.labels(), extra));
      }
      out.add(f.withMetrics(ms));
    }
    return out;
  }

  /** What client_golang's checks find wrong with one pushed metric, or null. */
  private static String problem(PushedFamily f, PushedMetric m) {
    if (m.kind() != f.type()) {
      return "is not a " + f.type().name();
    }
    String dup = m.duplicateLabelName();
    if (dup != null) {
      return "has two or more labels with the same name: " + dup;
    }
    for (int i = 0; i < m.labelCount(); i++) {
      String n = m.labelName(i);
      if (!GoText.isValidLabelName(n) || n.startsWith("__")) {
        return "has a label with an invalid name: " + n;
      }
      if (f.type() == PushType.SUMMARY && n.equals("quantile")) {
        return "must not have an explicit \"quantile\" label";
      }
    }
    return null;
  }

  private GroupingKey withNamespace(GroupingKey key, Tenancy.Tenant tenant) throws PushException {
    if (!tenancy.enabled() || tenant.admin()) {
      return key;
    }
    String ns = key.labels().get("namespace");
    if (ns != null) {
      if (!tenant.owns(ns)) {
        throw new PushException(403, "tenant " + tenant.name() + " does not own namespace " + GoText.quote(ns));
      }
      return key;
    }
    if (tenant.namespaces().size() == 1) {
      Map<String, String> l = new TreeMap<>(key.labels());
      l.put("namespace", tenant.namespaces().iterator().next());
      return GroupingKey.of(l);
    }
    throw PushException.badRequest("the grouping key needs a namespace label: tenant " + tenant.name()
        + " owns several namespaces " + new java.util.TreeSet<>(tenant.namespaces())
        + "; add /namespace/NAMESPACE to the path");
  }

  private Long ttl(HttpExchange ex, Tenancy.Tenant tenant) throws PushException {
    String h = ex.getRequestHeaders().getFirst(TTL_HEADER);
    if (h != null) {
      Long t;
      try {
        t = PushConfig.parseDuration(h, TTL_HEADER + " header");
      } catch (IllegalArgumentException e) {
        throw PushException.badRequest(e.getMessage() + "; the maximum is "
            + PushConfig.formatDuration(settings.maxTtlMillis()));
      }
      if (t != null && t > settings.maxTtlMillis()) {
        throw PushException.badRequest(TTL_HEADER + " header: " + GoText.quote(h.trim()) + " is above the maximum TTL "
            + PushConfig.formatDuration(settings.maxTtlMillis()) + " (push.maxTtl)");
      }
      return t;
    }
    return tenant.ttlMillis() != null ? tenant.ttlMillis() : settings.defaultTtlMillis();
  }

  private byte[] readBody(HttpExchange ex) throws IOException, PushException {
    long max = Math.min(settings.maxBodyBytes(), limits.bodyBytes());
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (cl != null) {
      try {
        declared = Long.parseLong(cl.trim());
      } catch (NumberFormatException ignored) {
        // the server has already rejected it
      }
    }
    if (declared > max) {
      throw tooLarge(max);
    }
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    boolean plain = enc == null || enc.isBlank() || enc.trim().equalsIgnoreCase("identity");
    boolean gzip = !plain && enc.trim().equalsIgnoreCase("gzip");
    if (!plain && !gzip) {
      throw new PushException(415, "unsupported Content-Encoding " + GoText.quote(enc.trim())
          + ": send the body plain or gzip-compressed");
    }
    // Room for what the body will become in memory; gzip or unknown lengths may grow to the limit.
    held.set(inFlight.acquire(FrontDoor.client(ex), plain && declared >= 0 ? declared : max, 5_000));
    InputStream in = ex.getRequestBody();
    if (gzip) {
      try {
        in = new GZIPInputStream(in);
      } catch (IOException e) {
        throw PushException.badRequest("gzip: invalid header");
      }
    }
    byte[] b;
    try {
      b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw PushException.badRequest("gzip: " + (e.getMessage() == null ? "unexpected EOF" : e.getMessage()));
    }
    if (b.length > max) {
      throw tooLarge(max);
    }
    return b;
  }

  /** The grouping labels are copied onto every series of the group, so their size is bounded (413 naming it). */
  private void checkKey(GroupingKey key) throws PushException {
    int n = key.labelBytes();
    if (n > limits.maxKeyBytes()) {
      throw new PushException(413, "grouping key too large: its labels take " + n + " bytes, the limit is "
          + limits.maxKeyBytes() + " bytes");
    }
  }

  /**
   * Charges a parsed push its size once the grouping labels are copied onto each series line (body + lines × label
   * bytes) against the body limit (413 naming the numbers) and the in-flight budget (the reservation grows to it).
   */
  private void chargeExpanded(HttpExchange ex, int bodyBytes, GroupingKey key, List<PushedFamily> families)
      throws PushException {
    long lines = 0;
    for (PushedFamily f : families) {
      boolean composite = f.type() == PushType.SUMMARY || f.type() == PushType.HISTOGRAM;
      for (PushedMetric m : f.metrics()) {
        lines += 1 + m.bounds.length + m.quantiles.length + (composite ? 2 : 0);
      }
    }
    int perLine = key.labelBytes();
    long expanded = bodyBytes + lines * perLine;
    long max = Math.min(settings.maxBodyBytes(), limits.bodyBytes());
    if (expanded > max) {
      throw new PushException(413, "request too large once its grouping labels are copied onto every series: "
          + bodyBytes + " bytes of body + " + lines + " series lines x " + perLine + " bytes of grouping labels = "
          + expanded + " bytes, the limit is " + max + " bytes");
    }
    Integer h = held.get();
    int now = h == null ? 0 : h;
    held.set(now + inFlight.grow(FrontDoor.client(ex), now, expanded, 5_000));
  }

  private PushException tooLarge(long max) {
    String why = max < settings.maxBodyBytes() ? " (lowered from " + settings.maxBodyBytes() + " to fit this hub's heap of "
        + limits.heapText() + "; a larger -Xmx raises it)" : "";
    return new PushException(413, "request body too large: the limit is " + max + " bytes" + why);
  }

  // ------------------------------------------------------------------ JSON API

  /**
   * What the read-only JSON endpoints share: CORS headers, a 200 for OPTIONS, 405 for other methods than GET/HEAD.
   * Returns the status already sent, or -1 when the request is for the endpoint to answer.
   */
  private int readOnlyPreamble(HttpExchange ex) throws IOException {
    cors(ex);
    String method = ex.getRequestMethod();
    if (method.equals("OPTIONS")) {
      return empty(ex, 200);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, OPTIONS");
      return text(ex, 405, "Method Not Allowed\n");
    }
    return -1;
  }

  /** Pushgateway's {@code /api/v1/metrics}: the caller's groups (all for an admin), streamed by {@link PushJson}. */
  private int apiMetrics(HttpExchange ex) throws IOException, PushException {
    int answered = readOnlyPreamble(ex);
    if (answered >= 0) {
      return answered;
    }
    Tenancy.Tenant tenant = tenancy.tenantOf(FrontDoor.principal());
    List<PushGroup> groups = hub.groups(tenant);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return 200;
    }
    ex.sendResponseHeaders(200, 0);
    // Not closed on a failure: an exception makes the front door abort the connection (see PushJson).
    PushJson.writeGroups(ex.getResponseBody(), groups);
    return 200;
  }

  private int apiStatus(HttpExchange ex) throws IOException {
    int answered = readOnlyPreamble(ex);
    if (answered >= 0) {
      return answered;
    }
    TreeMap<String, Object> data = new TreeMap<>();
    data.put("flags", visibleFlags(settings.flags(), FrontDoor.principal().isAuthenticatedAdmin()));
    data.put("start_time", PushJson.RFC3339_NANO.format(startTime));
    data.put("build_information", new TreeMap<>(settings.buildInfo()));
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("status", "success");
    res.put("data", data);
    return json(ex, res);
  }

  /** Flags whose values are paths or store URLs; only an admin who showed a token sees them. */
  private static final java.util.Set<String> PRIVATE_FLAGS = java.util.Set.of("data-dir", "config", "push-store");
  static final String REDACTED = "<redacted: admin only>";

  /**
   * The flags as {@code /api/v1/status} shows them: paths (data directory, config file, store) and URLs with
   * credentials only to an authenticated admin; anyone else, also on a port without tokens, sees them redacted.
   */
  static TreeMap<String, String> visibleFlags(Map<String, String> flags, boolean admin) {
    TreeMap<String, String> out = new TreeMap<>();
    for (var e : flags.entrySet()) {
      String v = e.getValue();
      boolean secret = PRIVATE_FLAGS.contains(e.getKey()) || v.matches("(?s).*://[^/\\s]*@.*") || v.startsWith("/")
          || v.startsWith("./") || v.startsWith("../") || v.startsWith("~");
      out.put(e.getKey(), secret && !admin && !v.isEmpty() ? REDACTED : v);
    }
    return out;
  }

  private int wipe(HttpExchange ex) throws IOException, PushException {
    // without tokens the anonymous caller acts as admin, so wiping stays behind Pushgateway's flag as before
    if (!settings.adminApiEnabled() && !FrontDoor.principal().authenticated()) {
      return text(ex, 404, "404 page not found\n");
    }
    String method = ex.getRequestMethod();
    if (!method.equals("PUT")) {
      ex.getResponseHeaders().set("Allow", "OPTIONS, PUT");
      return method.equals("OPTIONS") ? empty(ex, 200) : text(ex, 405, "Method Not Allowed\n");
    }
    Tenancy.Tenant tenant = tenancy.tenantOf(FrontDoor.principal());
    if (!tenant.admin()) {
      throw new PushException(403, "wiping the push store needs the admin token");
    }
    hub.wipe();
    return empty(ex, 202);
  }

  // ------------------------------------------------------------------ Simplepipe

  private int simplepipe(HttpExchange ex) throws IOException, PushException {
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      return text(ex, 405, "Method Not Allowed\n");
    }
    Tenancy.Tenant tenant = tenancy.tenantOf(FrontDoor.principal());
    TreeMap<String, String> labels = new TreeMap<>();
    String job = null;
    String query = ex.getRequestURI().getRawQuery();
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String name = decode(eq < 0 ? part : part.substring(0, eq));
        String value = eq < 0 ? "" : decode(part.substring(eq + 1));
        switch (name) {
          case "job" -> job = value;
          case "label" -> {
            int e2 = value.indexOf('=');
            if (e2 <= 0) {
              throw PushException.badRequest("label parameter " + GoText.quote(value) + " must be NAME=VALUE");
            }
            String ln = value.substring(0, e2);
            if (!GoText.isValidLabelName(ln) || ln.startsWith("__")) {
              throw PushException.badRequest("improper label name " + GoText.quote(ln));
            }
            if (ln.equals("job")) {
              throw PushException.badRequest("the job label comes from the job parameter, not from label=job=...");
            }
            labels.put(ln, value.substring(e2 + 1));
          }
          default -> throw PushException.badRequest("unknown query parameter " + GoText.quote(name)
              + "; use job=JOB and label=NAME=VALUE");
        }
      }
    }
    if (job == null || job.isEmpty()) {
      throw PushException.badRequest("job name is required: POST /api/v1/simplepipe?job=JOB[&label=NAME=VALUE]...");
    }
    labels.put("job", job);
    GroupingKey key = withNamespace(GroupingKey.of(labels), tenant);
    checkKey(key);
    Long ttl = ttl(ex, tenant);
    byte[] body = readBody(ex);
    String text = GroupingKey.strictUtf8(body);
    if (text == null) {
      throw PushException.badRequest("invalid JSON: body is not valid UTF-8");
    }
    List<SimplepipeMetrics.Metric> metrics;
    try {
      metrics = SimplepipeMetrics.parse(text);
    } catch (SimplepipeMetrics.InvalidMetricsException e) {
      throw PushException.badRequest(e.getMessage());
    }
    List<PushedFamily> families = SimplepipeMetrics.toFamilies(metrics, Instant.now().toEpochMilli() / 1000.0);
    chargeExpanded(ex, body.length, key, families);
    hub.push(new PushHub.PushRequest(key, prepare(families, key, tenant), true, tenant, ttl));
    return empty(ex, 200);
  }

  private static String decode(String s) throws PushException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw PushException.badRequest("invalid query string: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ responses

  private static void cors(HttpExchange ex) {
    var h = ex.getResponseHeaders();
    h.set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
    h.set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    h.set("Access-Control-Allow-Origin", "*");
    h.set("Access-Control-Expose-Headers", "Date");
    h.set("Cache-Control", "no-cache, no-store, must-revalidate");
  }

  private static int json(HttpExchange ex, Object value) throws IOException {
    byte[] b = JSON.writeValueAsBytes(value);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return 200;
    }
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    return 200;
  }

  static int text(HttpExchange ex, int status, String body) throws IOException {
    RequestBodies.discard(ex);
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    return status;
  }

  private static int empty(HttpExchange ex, int status) throws IOException {
    RequestBodies.discard(ex);
    ex.sendResponseHeaders(status, -1);
    return status;
  }
}
