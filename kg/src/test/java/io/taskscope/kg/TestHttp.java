package io.taskscope.kg;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** A loopback HTTP server with a Metadata Service mounted the way TaskScope's HttpApi mounts it. */
final class TestHttp implements AutoCloseable {
  final HttpServer server;
  final String base;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestHttp(MetadataService ms) throws Exception {
    this(ms, true);
  }

  TestHttp(MetadataService ms, boolean allowGetUpdate) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    ms.mount(new io.taskscope.core.http.FrontDoor(server, io.taskscope.core.http.AccessPolicy.open()),
        allowGetUpdate);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  HttpResponse<String> send(String method, String path, String contentType, byte[] body, String accept)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> sendBytes(String method, String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (accept != null) {
      b.header("Accept", accept);
    }
    b.method(method, HttpRequest.BodyPublishers.noBody());
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
