package io.taskscope.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects metrics in memory and pushes them to TaskScope's push hub (or any Prometheus Pushgateway) for one group.
 *
 * <pre>{@code
 * MetricCollector c = MetricCollector.builder().url("http://taskscope:9470").job("train")
 *     .label("instance", "worker-0").token(System.getenv("TASKSCOPE_TOKEN")).build();
 * c.gauge("accuracy", "validation accuracy", 0.93);
 * c.counter("samples_processed_total", "samples seen", 12000);
 * c.push();      // PUT: replaces the whole group
 * c.pushAdd();   // POST: replaces only the metrics of the same name in the group
 * c.delete();    // DELETE: removes the group
 * c.parseAndPush(List.of(Map.of("name", "simple", "description", "d", "value", 6, "metric_type", "gauge")), "step");
 * }</pre>
 *
 * Every call that gets a non-2xx answer throws {@link PushException} with the status and the server's message.
 * Instances are safe for use from several threads.
 */
public final class MetricCollector {
  private final URI base;
  private final String job;
  private final Map<String, String> groupingLabels;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<String, FamilyData> families = new LinkedHashMap<>();

  private MetricCollector(Builder b) {
    String u = b.url.trim();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    this.base = URI.create(u);
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new IllegalArgumentException("url must be http or https: " + b.url);
    }
    this.job = b.job;
    this.groupingLabels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
    this.token = b.token;
    this.timeout = b.timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets a gauge without labels. */
  public MetricCollector gauge(String name, String help, double value) {
    return gauge(name, help, Map.of(), value);
  }

  /** Sets a gauge sample with the given labels. */
  public MetricCollector gauge(String name, String help, Map<String, String> labels, double value) {
    return set(name, TextFormat.Type.GAUGE, help, labels, value);
  }

  /** Sets a counter without labels; by convention its name ends in {@code _total}. */
  public MetricCollector counter(String name, String help, double value) {
    return counter(name, help, Map.of(), value);
  }

  /** Sets a counter sample with the given labels. A counter cannot be negative. */
  public MetricCollector counter(String name, String help, Map<String, String> labels, double value) {
    if (value < 0 || Double.isNaN(value)) {
      throw new IllegalArgumentException("counter " + name + " cannot be " + value);
    }
    return set(name, TextFormat.Type.COUNTER, help, labels, value);
  }

  /**
   * Sets an info metric: the strings go into labels of one sample with value 1, named {@code name_info} (the suffix is
   * added unless present), written as a gauge, as Prometheus clients do.
   */
  public MetricCollector info(String name, String help, Map<String, String> info) {
    String n = name.endsWith("_info") ? name : name + "_info";
    synchronized (families) {
      FamilyData f = families.get(n);
      if (f != null) {
        f.samples.clear();
      }
    }
    return set(n, TextFormat.Type.GAUGE, help, info, 1);
  }

  /** Sets an untyped sample. */
  public MetricCollector untyped(String name, String help, Map<String, String> labels, double value) {
    return set(name, TextFormat.Type.UNTYPED, help, labels, value);
  }

  /** Forgets every metric collected so far. */
  public MetricCollector clear() {
    synchronized (families) {
      families.clear();
    }
    return this;
  }

  private MetricCollector set(String name, TextFormat.Type type, String help, Map<String, String> labels, double v) {
    TextFormat.checkMetricName(name);
    Map<String, String> ls = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      TextFormat.checkLabelName(e.getKey());
      if (e.getValue() == null) {
        throw new IllegalArgumentException("label " + e.getKey() + " of " + name + " has no value");
      }
      ls.put(e.getKey(), e.getValue());
    }
    synchronized (families) {
      FamilyData f = families.get(name);
      if (f == null) {
        f = new FamilyData(type, help);
        families.put(name, f);
      } else if (f.type != type) {
        throw new IllegalArgumentException("metric " + name + " was already added as " + f.type.text
            + ", cannot add it as " + type.text);
      } else if (help != null) {
        f.help = help;
      }
      f.samples.put(ls, v);
    }
    return this;
  }

  /** The request body {@link #push()} would send: the collected metrics in text format 0.0.4. */
  public String text() {
    List<TextFormat.Family> out = new ArrayList<>();
    synchronized (families) {
      for (Map.Entry<String, FamilyData> e : families.entrySet()) {
        List<TextFormat.Sample> samples = new ArrayList<>();
        e.getValue().samples.forEach((l, v) -> samples.add(new TextFormat.Sample(l, v)));
        out.add(new TextFormat.Family(e.getKey(), e.getValue().type, e.getValue().help, samples));
      }
    }
    return TextFormat.write(out);
  }

  /** PUT: replaces every metric of the group with the collected ones. */
  public void push() throws IOException, InterruptedException {
    send("PUT", groupUri(), text(), TextFormat.CONTENT_TYPE);
  }

  /** POST: replaces only the metrics of the group that have the same names as the collected ones. */
  public void pushAdd() throws IOException, InterruptedException {
    send("POST", groupUri(), text(), TextFormat.CONTENT_TYPE);
  }

  /** DELETE: removes the whole group. */
  public void delete() throws IOException, InterruptedException {
    send("DELETE", groupUri(), null, null);
  }

  /**
   * Pushes a list in Simplepipe's metrics format ({@code name}, {@code description}, {@code value},
   * {@code metric_type} of gauge, summary, histogram or info) to {@code /api/v1/simplepipe?job=JOB&label=NAME=VALUE...},
   * which replaces the group of {@code jobName} (plus this collector's grouping labels) with them. The server validates the list; a bad entry
   * comes back as a {@link PushException} with status 400 naming it.
   */
  public void parseAndPush(List<Map<String, Object>> simplepipeMetrics, String jobName)
      throws IOException, InterruptedException {
    if (jobName == null || jobName.isEmpty()) {
      throw new IllegalArgumentException("job name must not be empty");
    }
    StringBuilder q = new StringBuilder("job=").append(URLEncoder.encode(jobName, StandardCharsets.UTF_8));
    for (Map.Entry<String, String> e : groupingLabels.entrySet()) {
      q.append("&label=").append(URLEncoder.encode(e.getKey() + "=" + e.getValue(), StandardCharsets.UTF_8));
    }
    URI uri = URI.create(base + "/api/v1/simplepipe?" + q);
    send("POST", uri, Json.write(simplepipeMetrics), "application/json");
  }

  /** The URI of this collector's group. */
  public URI groupUri() {
    if (job == null) {
      throw new IllegalStateException("no job set: use builder().job(...)");
    }
    return URI.create(base + GroupingKey.path(job, groupingLabels));
  }

  private void send(String method, URI uri, String body, String contentType) throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      rb.header("Content-Type", contentType);
    }
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r;
    try {
      r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.net.http.HttpTimeoutException e) {
      throw new IOException(method + " " + uri + " timed out after " + timeout, e);
    } catch (java.net.ConnectException e) {
      throw new IOException(method + " " + uri + ": cannot connect (" + e.getMessage() + ")", e);
    }
    if (r.statusCode() / 100 != 2) {
      throw new PushException(method, uri, r.statusCode(), r.body() == null ? "" : r.body().trim());
    }
  }

  private static final class FamilyData {
    final TextFormat.Type type;
    String help;
    final Map<Map<String, String>, Double> samples = new LinkedHashMap<>();

    FamilyData(TextFormat.Type type, String help) {
      this.type = type;
      this.help = help;
    }
  }

  /** Builds a {@link MetricCollector}. Only {@link #url} is required; {@link #job} is needed for push/pushAdd/delete. */
  public static final class Builder {
    private String url;
    private String job;
    private final Map<String, String> labels = new TreeMap<>();
    private String token;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Base URL of TaskScope or a Pushgateway, e.g. {@code http://localhost:9470}; {@code http://} when no scheme. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** The job: the first part of the grouping key. */
    public Builder job(String job) {
      this.job = job;
      return this;
    }

    /** Adds a grouping label (a further part of the group's key, e.g. {@code instance}). */
    public Builder label(String name, String value) {
      TextFormat.checkLabelName(name);
      if ("job".equals(name)) {
        throw new IllegalArgumentException("the job is set with job(...), not as a grouping label");
      }
      if (value == null) {
        throw new IllegalArgumentException("grouping label " + name + " has no value");
      }
      labels.put(name, value);
      return this;
    }

    /** Bearer token for a TaskScope tenant; none when {@code null}. */
    public Builder token(String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** Connect and request timeout (default 10 s). */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public MetricCollector build() {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("url is required");
      }
      if (job != null && job.isEmpty()) {
        throw new IllegalArgumentException("job name must not be empty");
      }
      return new MetricCollector(this);
    }
  }
}
