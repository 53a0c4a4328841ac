package io.taskscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  HttpServer server;
  String base;
  final ConcurrentLinkedQueue<Boolean> readToEnd = new ConcurrentLinkedQueue<>();
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    // Answers before reading the body, as a handler does when Content-Length is over its limit.
    server.createContext("/early", ex -> {
      try (ex) {
        long bound = Long.parseLong(ex.getRequestURI().getQuery());
        readToEnd.add(RequestBodies.discard(ex, bound));
        byte[] b = "too large\n".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(413, b.length);
        ex.getResponseBody().write(b);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  HttpResponse<String> put(long bound, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + "/early?" + bound))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A client that writes its whole body before reading (curl, Go, most SDKs): if the server stopped reading and
   * closed, the unread bytes would reset the connection and the write or the read would fail without the 413.
   */
  @Test
  void anEarlyAnswerToALargeBodyReachesAClientThatWritesEverythingFirst() throws Exception {
    byte[] body = new byte[24 << 20];
    for (int i = 0; i < 3; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.getAddress().getPort())) {
        s.setSoTimeout(10_000);
        var out = s.getOutputStream();
        out.write(("PUT /early?" + RequestBodies.DEFAULT_DISCARD_LIMIT + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).startsWith("HTTP/1.1 413").endsWith("too large\n");
      }
    }
    assertThat(readToEnd).containsExactly(true, true, true);
  }

  @Test
  void anEarlyAnswerToALargeBodyReachesTheJdkClientEveryTime() throws Exception {
    byte[] body = new byte[24 << 20];
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = put(RequestBodies.DEFAULT_DISCARD_LIMIT, body);
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).isEqualTo("too large\n");
    }
    assertThat(readToEnd).hasSize(5).containsOnly(true);
  }

  @Test
  void readingStopsAtTheBoundAndTheConnectionIsClosed() throws Exception {
    try {
      HttpResponse<String> r = put(1 << 20, new byte[8 << 20]);
      // When the answer does arrive it says the connection ends here.
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.headers().firstValue("Connection")).hasValue("close");
    } catch (java.io.IOException e) {
      // a reset before the answer is what a client streaming past the bound may get
    }
    // after a reset the handler may still be finishing: wait for its verdict (bounded)
    for (int i = 0; i < 100 && readToEnd.isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(readToEnd).containsExactly(false);
  }

  @Test
  void aSmallBodyIsReadToItsEnd() throws Exception {
    assertThat(put(1 << 20, "x 1\n".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(413);
    assertThat(readToEnd).containsExactly(true);
  }
}
