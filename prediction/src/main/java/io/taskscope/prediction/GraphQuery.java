package io.taskscope.prediction;

import io.taskscope.core.http.BoundedAnswer;
import io.taskscope.kg.MetadataService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Where the job reads the knowledge graphs: a SPARQL SELECT in, SPARQL 1.1 JSON results out. */
@FunctionalInterface
public interface GraphQuery {
  /** Bounds the answer of a remote Metadata Service. */
  int MAX_ANSWER_BYTES = 16 << 20;

  String selectJson(String sparql) throws IOException;

  /** The embedded Metadata Service (its own query limits apply). */
  static GraphQuery embedded(MetadataService metadata) {
    return sparql -> {
      try {
        return metadata.selectJson(sparql);
      } catch (io.taskscope.core.http.Problem e) {
        throw new IOException("Metadata Service: " + e.getMessage(), e);
      }
    };
  }

  /**
   * A remote Metadata Service: TaskScope's {@code /sparql} (POST, SPARQL protocol) or GLACIATION's
   * {@code /api/v0/graph} (GET with {@code ?query=}), chosen by the URL's path.
   */
  static GraphQuery http(URI endpoint, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    boolean glaciation = endpoint.getPath() != null && endpoint.getPath().endsWith("/api/v0/graph");
    return sparql -> {
      HttpRequest.Builder b = HttpRequest.newBuilder().timeout(timeout)
          .header("Accept", "application/sparql-results+json, application/json");
      if (glaciation) {
        b.uri(URI.create(endpoint + "?query=" + URLEncoder.encode(sparql, StandardCharsets.UTF_8))).GET();
      } else {
        b.uri(endpoint).header("Content-Type", "application/sparql-query")
            .POST(HttpRequest.BodyPublishers.ofString(sparql));
      }
      BoundedAnswer r;
      try {
        r = BoundedAnswer.send(client, b.build(), MAX_ANSWER_BYTES);
      } catch (IOException e) {
        throw new IOException(endpoint + ": " + e.getMessage(), e);
      }
      String text = r.text();
      if (r.status() != 200) {
        throw new IOException(endpoint + " answered " + r.status() + ": " + text.substring(0, Math.min(200,
            text.length())));
      }
      return text;
    };
  }
}
