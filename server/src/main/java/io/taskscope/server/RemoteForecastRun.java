package io.taskscope.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code taskscope forecast --server URL}: asks a running TaskScope to run the job ({@code POST
 * /api/v1/forecasts/run}) and follows it through {@code GET /api/v1/forecasts} until it has finished. A run already in
 * progress is followed instead of started twice.
 */
final class RemoteForecastRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);
  /** A daily job of many targets takes minutes; a run still going after this is reported, not waited for. */
  private static final Duration GIVE_UP = Duration.ofHours(6);

  private RemoteForecastRun() {}

  static int run(String server, String token, String target, PrintWriter out, PrintWriter err, boolean terminal) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      URI runUri = URI.create(base + "/api/v1/forecasts/run"
          + (target == null ? "" : "?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)));
      HttpResponse<String> started = http.send(request(runUri, token).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      long runId;
      if (started.statusCode() == 202) {
        runId = JSON.readTree(started.body()).path("id").asLong();
        err.println("forecast run " + runId + " started on " + base);
      } else if (started.statusCode() == 409) {
        runId = JSON.readTree(started.body()).path("run").path("id").asLong();
        err.println("a run is in progress on " + base + ": following run " + runId);
      } else {
        err.println("taskscope forecast: " + base + " answered " + started.statusCode() + ": " + message(started));
        err.flush();
        return started.statusCode() == 401 || started.statusCode() == 403 ? 2 : 1;
      }
      err.flush();
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      String shown = "";
      while (System.nanoTime() < deadline) {
        Thread.sleep(POLL.toMillis());
        HttpResponse<String> r = http.send(request(URI.create(base + "/api/v1/forecasts"), token).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          err.println("taskscope forecast: " + base + " answered " + r.statusCode() + ": " + message(r));
          err.flush();
          return 1;
        }
        JsonNode list = JSON.readTree(r.body());
        JsonNode last = list.path("lastRun");
        if (last.path("id").asLong(-1) >= runId) {
          if (terminal && !shown.isEmpty()) {
            err.println();
          }
          return finished(last, out, err);
        }
        JsonNode running = list.path("running");
        if (running.path("id").asLong(-1) == runId) {
          String line = "run " + runId + ": " + counts(running) + (running.path("reason").isTextual()
              ? " (" + running.path("reason").asText() + ")" : "");
          if (!line.equals(shown)) {
            err.print(terminal ? "\r" + line : line + "\n");
            err.flush();
            shown = line;
          }
        }
      }
      err.println("taskscope forecast: run " + runId + " still running after " + GIVE_UP.toHours() + " h");
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("taskscope forecast: cannot reach " + base + ": " + e);
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("taskscope forecast: --server: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private static int finished(JsonNode run, PrintWriter out, PrintWriter err) {
    String state = run.path("state").asText().toLowerCase(Locale.ROOT);
    out.println("run " + run.path("id").asLong() + " " + state + ": " + counts(run));
    out.flush();
    if (run.path("reason").isTextual()) {
      err.println("reason: " + run.path("reason").asText());
      err.flush();
    }
    return state.equals("succeeded") ? 0 : 1;
  }

  private static String counts(JsonNode run) {
    JsonNode c = run.path("counts");
    return c.path("ok").asLong() + " ok, " + c.path("failed").asLong() + " failed, " + c.path("skipped").asLong()
        + " skipped";
  }

  private static HttpRequest.Builder request(URI uri, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static String message(HttpResponse<String> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n.path("error").isTextual()) {
        return n.path("error").asText();
      }
    } catch (IOException e) {
      // not JSON: the start of the body below
    }
    String b = r.body();
    return b.length() > 200 ? b.substring(0, 200) : b;
  }
}
