package io.taskscope.push;

import com.sun.net.httpserver.HttpServer;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.FrontDoor;
import io.taskscope.core.http.Routes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/** The push API (or a whole push service) on a free loopback port, with a client for it; the tests' one HTTP peer. */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  final String base;

  private LoopbackServer(HttpServer server) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves what {@code mount} routes, e.g. {@code PushService::mount} or {@code PushApi::mount}, without tokens. */
  static LoopbackServer serving(Consumer<Routes> mount) throws Exception {
    return serving(AccessPolicy.open(), mount);
  }

  /** Serves what {@code mount} routes behind the port's front door with {@code policy}. */
  static LoopbackServer serving(AccessPolicy policy, Consumer<Routes> mount) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    mount.accept(new FrontDoor(server, policy));
    server.start();
    return new LoopbackServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** One request; {@code body} null sends none; {@code headers} are name, value pairs. */
  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
