package io.taskscope.forecast.history;

import io.taskscope.forecast.history.HistoryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GET with bounded retries: connection errors, 5xx and 429 are retried with exponential back-off and jitter (or the
 * server's capped Retry-After); other statuses are returned at once, because a 4xx will not change on retry.
 */
final class RetryingGet {
  /** A final answer: status and body (already bounded). */
  record Answer(int status, byte[] body) {}

  /** Waits between attempts; replaceable so tests can observe delays. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpClient client;
  private final HttpOptions options;
  private final Sleeper sleeper;

  RetryingGet(HttpOptions options, Sleeper sleeper) {
    this.options = options;
    this.sleeper = sleeper;
    this.client = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  Answer get(URI uri) throws HistoryException {
    String lastFailure = "no attempt";
    for (int attempt = 1; ; attempt++) {
      Duration wait = backoff(attempt);
      try {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(options.requestTimeout())
            .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body = readBounded(r.body());
        int s = r.statusCode();
        if (s != 429 && s < 500) {
          return new Answer(s, body);
        }
        lastFailure = "HTTP " + s;
        if (s == 429 || s == 503) {
          wait = retryAfter(r).orElse(wait);
        }
      } catch (BodyTooLarge e) {
        throw new HistoryException(Kind.UNAVAILABLE, e.getMessage() + " from " + uri.getPath(), e);
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HistoryException(Kind.UNAVAILABLE, "interrupted reading " + uri.getPath(), e);
      }
      if (attempt >= options.maxAttempts()) {
        throw new HistoryException(Kind.UNAVAILABLE,
            "Prometheus at " + uri.getHost() + ":" + uri.getPort() + " failed " + attempt + " attempt(s), last: "
                + lastFailure);
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HistoryException(Kind.UNAVAILABLE, "interrupted while backing off", e);
      }
    }
  }

  /** base * 2^(attempt-1), scaled by a random factor in [0.5, 1) ("equal jitter"). */
  private Duration backoff(int attempt) {
    long base = options.backoffBase().toMillis() << Math.min(attempt - 1, 20);
    long ms = base / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (base / 2.0));
    return Duration.ofMillis(Math.min(ms, options.retryAfterCap().toMillis()));
  }

  /** Retry-After in seconds (the HTTP-date form is ignored: the computed back-off is used instead), capped. */
  private Optional<Duration> retryAfter(HttpResponse<?> r) {
    return r.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        long s = Long.parseLong(v.trim());
        return Optional.of(s < 0 ? Duration.ZERO : Duration.ofSeconds(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }).map(d -> d.compareTo(options.retryAfterCap()) > 0 ? options.retryAfterCap() : d);
  }

  private byte[] readBounded(InputStream in) throws IOException {
    try (in) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBodyBytes() + 1));
      if (b.length > options.maxBodyBytes()) {
        throw new BodyTooLarge(options.maxBodyBytes());
      }
      return b;
    }
  }

  /** Not retried: a larger answer next time is no better. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge(long limit) {
      super("response body larger than " + limit + " bytes");
    }
  }
}
