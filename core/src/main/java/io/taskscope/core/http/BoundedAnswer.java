package io.taskscope.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * An answer of another service (Prometheus, Loki, a SPARQL endpoint) read whole into memory, never more than a limit:
 * what a caller asks for is bounded, what the other side sends need not be.
 */
public record BoundedAnswer(int status, byte[] body) {
  /**
   * Sends {@code request} and reads at most {@code maxBytes} of the answer. A longer answer is an {@link IOException}
   * naming the limit (nothing past it is read); an interrupt is an {@link IOException} with the thread's flag kept.
   * Timeouts are the client's and the request's ({@link java.net.http.HttpTimeoutException} passes through).
   */
  public static BoundedAnswer send(HttpClient client, HttpRequest request, int maxBytes) throws IOException {
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    byte[] body;
    try (InputStream in = resp.body()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      throw new IOException("answer larger than " + maxBytes + " bytes");
    }
    return new BoundedAnswer(resp.statusCode(), body);
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first {@code max} bytes of the body as text, stripped: for an error message. */
  public String excerpt(int max) {
    return new String(body, 0, Math.min(body.length, max), StandardCharsets.UTF_8).strip();
  }
}
