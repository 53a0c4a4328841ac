package io.taskscope.server;

import io.taskscope.push.SimplepipeMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskscope push FILE.json --url URL --job JOB [--label k=v]... [--token T]}: the sequential Simplepipe step.
 * Validates the metrics file with the hub's own parser, then POSTs it to {@code /api/v1/simplepipe}, which replaces
 * the group. Exit 0 when pushed, 2 on bad input (nothing sent), 1 when the push failed.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Validate a Simplepipe metrics JSON file and push it to TaskScope (POST /api/v1/simplepipe).")
final class PushCommand implements Callable<Integer> {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.json",
      description = "List of {name, description, value, metric_type} objects (Simplepipe's format).")
  Path file;

  @Option(names = "--url", required = true, description = "TaskScope base URL, e.g. http://taskscope:9470.")
  String url;

  @Option(names = "--job", required = true, description = "Job name: the group to replace.")
  String job;

  @Option(names = "--label", paramLabel = "k=v", description = "Grouping label; may be repeated.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--token", description = "Bearer token of a tenant (default: $TASKSCOPE_TOKEN).",
      defaultValue = "${env:TASKSCOPE_TOKEN}")
  String token;

  @Option(names = "--timeout", defaultValue = "10s", description = "Request timeout (default 10s).")
  String timeout;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    if (job.isEmpty()) {
      err.println("taskscope push: --job must not be empty");
      return 2;
    }
    Map<String, String> grouping = new TreeMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      String name = eq < 0 ? l : l.substring(0, eq);
      if (eq <= 0 || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        err.println("taskscope push: --label " + l + ": expected NAME=VALUE with NAME matching [a-zA-Z_][a-zA-Z0-9_]*"
            + " and not starting with __");
        return 2;
      }
      if (name.equals("job")) {
        err.println("taskscope push: --label job=...: the job is given with --job");
        return 2;
      }
      grouping.put(name, l.substring(eq + 1));
    }
    Duration limit;
    try {
      limit = io.taskscope.core.config.ConfigDuration.parse(timeout).toDuration();
    } catch (IllegalArgumentException e) {
      err.println("taskscope push: --timeout " + timeout + ": " + e.getMessage());
      return 2;
    }
    if (!file.getFileName().toString().endsWith(".json")) {
      err.println("taskscope push: " + file + ": not a .json file (Simplepipe metrics files are JSON)");
      return 2;
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      err.println("taskscope push: " + file + ": no such file");
      return 2;
    } catch (CharacterCodingException e) {
      err.println("taskscope push: " + file + ": not UTF-8");
      return 2;
    } catch (IOException e) {
      err.println("taskscope push: " + file + ": " + e.getMessage());
      return 2;
    }
    List<SimplepipeMetrics.Metric> metrics;
    try {
      metrics = SimplepipeMetrics.parse(json);
    } catch (SimplepipeMetrics.InvalidMetricsException e) {
      err.println("taskscope push: " + file + ": " + e.getMessage());
      return 2;
    }
    String base = url.trim();
    if (!base.contains("://")) {
      base = "http://" + base;
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    StringBuilder q = new StringBuilder("job=").append(URLEncoder.encode(job, StandardCharsets.UTF_8));
    grouping.forEach((k, v) -> q.append("&label=").append(URLEncoder.encode(k + "=" + v, StandardCharsets.UTF_8)));
    URI uri;
    try {
      uri = URI.create(base + "/api/v1/simplepipe?" + q);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("needs http(s)://HOST[:PORT]");
      }
    } catch (IllegalArgumentException e) {
      err.println("taskscope push: --url " + url + ": " + e.getMessage());
      return 2;
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(limit)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (token != null && !token.isEmpty()) {
      rb.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(limit).build()) {
      r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("taskscope push: POST " + uri + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("taskscope push: interrupted");
      return 1;
    }
    if (r.statusCode() / 100 != 2) {
      err.println("taskscope push: POST " + uri + " failed: HTTP " + r.statusCode()
          + (r.body().isBlank() ? "" : ": " + r.body().strip()));
      return 1;
    }
    out.println("pushed " + metrics.size() + " metric(s) from " + file + " to " + base + " as job " + job
        + (grouping.isEmpty() ? "" : " " + grouping));
    return 0;
  }
}
