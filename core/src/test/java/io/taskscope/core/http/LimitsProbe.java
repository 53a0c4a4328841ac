package io.taskscope.core.http;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A front door with tight limits in a JVM of its own (the JDK server reads its limits once per JVM): prints its port,
 * serves until stdin closes. Started by {@link ServerLimitsTest}.
 */
public final class LimitsProbe {
  private LimitsProbe() {}

  public static void main(String[] args) throws Exception {
    ServerLimits.apply(new ServerLimits(Duration.ofSeconds(2), 3, 4096, Duration.ofSeconds(30)));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    new FrontDoor(server, AccessPolicy.open()).route("/", Access.builder().otherwise(Permission.OPEN).build(),
        ErrorWriter.TEXT, ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          byte[] b = ("read " + body.length + "\n").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        });
    server.start();
    System.out.println("port " + server.getAddress().getPort());
    System.out.flush();
    System.in.read();
    server.stop(0);
    System.exit(0);
  }
}
