package io.taskscope.e2e.grafana;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Pipeline steps of two users reporting through Simplepipe's JSON to the demo's push hub, as seed 004's Alice and Bob
 * do after timing their applications: one group per user namespace and application (job).
 */
final class PipelineRuns {
  /** user (namespace), application (job), run time in seconds, images processed. */
  record Run(String user, String application, double runTimeSeconds, int images) {}

  static final Run[] RUNS = {
      new Run("alice", "image-resize", 42.5, 1200),
      new Run("alice", "train-model", 310, 5000),
      new Run("bob", "etl-daily", 95.25, 0),
      new Run("bob", "train-model", 280, 4800)};

  private PipelineRuns() {}

  static void push(String baseUrl) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Run r : RUNS) {
      String body = String.format(Locale.ROOT, """
          [{"name": "run_time_seconds", "description": "Run time of the application", "value": %s, "metric_type": "gauge"},
           {"name": "images_processed", "description": "Images the step processed", "value": "%d", "metric_type": "gauge"},
           {"name": "step_duration_seconds", "description": "Duration of the step", "value": %s, "metric_type": "histogram"}]
          """, r.runTimeSeconds(), r.images(), r.runTimeSeconds());
      URI uri = URI.create(baseUrl + "/api/v1/simplepipe?job=" + URLEncoder.encode(r.application(),
          StandardCharsets.UTF_8) + "&label=" + URLEncoder.encode("namespace=" + r.user(), StandardCharsets.UTF_8));
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("Simplepipe push of " + r + " -> " + resp.statusCode() + ": " + resp.body());
      }
    }
  }
}
