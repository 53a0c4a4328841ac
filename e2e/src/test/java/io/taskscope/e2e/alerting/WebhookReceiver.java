package io.taskscope.e2e.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The notification endpoints of the test: one JDK HTTP server on a free loopback port that records every JSON body
 * POSTed to it (Alertmanager webhooks, PagerDuty Events API v2) with its path, and answers as those services do.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Delivery(String path, JsonNode body) {}

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        deliveries.add(new Delivery(path, JSON.readTree(exchange.getRequestBody().readAllBytes())));
        // PagerDuty's Events API v2 answers 202 Accepted, webhooks 200
        int status = path.startsWith("/pagerduty") ? 202 : 200;
        byte[] body = status == 202
            ? "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8)
            : new byte[0];
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The first delivery matching {@code wanted}, waiting for it up to {@code timeout}. */
  Delivery await(Predicate<Delivery> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Delivery d : deliveries) {
        if (wanted.test(d)) {
          return d;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching notification within " + timeout + "; received: " + deliveries);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
