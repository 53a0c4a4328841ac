package io.taskscope.ui;

import com.sun.net.httpserver.HttpServer;
import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.FrontDoor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The UI behind the real front door (no tokens) on a loopback port, for tests of statuses, redirects, headers. */
final class UiServer implements AutoCloseable {
  final HttpServer server;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  UiServer(OpsUi ui) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ui.mount(new FrontDoor(server, AccessPolicy.open()));
    server.start();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
        + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
