package io.taskscope.e2e.hostile;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.taskscope.e2e.DemoStack;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.testkit.MockApiServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the hostile suite attacks: two {@code bin/taskscope serve --config FILE} processes against fabric8's mock
 * Kubernetes API (CRUD mode, in this JVM), one with tokens (access tokens admin / graph-writer / graph-reader, push
 * tenants alice and bob) and one without any; plus a trap listener and a marker file that must never be reached.
 * Started once per test JVM (JUnit root store) and stopped after the last test.
 */
final class HostileStack implements ExtensionContext.Store.CloseableResource {
  /** Tokens by principal; "none" sends no header, "bad" an unknown token. */
  static final Map<String, String> TOKENS = new LinkedHashMap<>();
  static final List<String> WHO = List.of("none", "bad", "alice", "bob", "reader", "writer", "admin");

  static {
    String r = UUID.randomUUID().toString().substring(0, 8);
    TOKENS.put("none", null);
    TOKENS.put("bad", "unknown-" + r);
    TOKENS.put("alice", "alice-" + r);
    TOKENS.put("bob", "bob-" + r);
    TOKENS.put("reader", "reader-" + r);
    TOKENS.put("writer", "writer-" + r);
    TOKENS.put("admin", "admin-" + r);
  }

  /** The limits written into both configs (the contract's {@code limits:} block). */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_CONNECTIONS = 48;
  static final int MAX_HEADER_BYTES = 16384;
  static final long MAX_BODY = 262_144;

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  final Path dir;
  final Trap trap;
  /** Random content of the marker file: it must never appear in an answer or a stored graph. */
  final String marker;
  final Path markerFile;
  final KubernetesMockServer kube;
  Target secured;
  Target open;

  private HostileStack() throws Exception {
    dir = Files.createTempDirectory("taskscope-hostile-");
    trap = new Trap();
    marker = "hostilemarker" + UUID.randomUUID().toString().replace("-", "");
    markerFile = dir.resolve("marker.nt");
    // N-Triples, so a LOAD of it would succeed and store the marker; its first token also carries it
    Files.writeString(markerFile, "<urn:" + marker + "> <urn:" + marker + ":p> \"" + marker + "\" .\n");
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    kube = new KubernetesMockServer(new Context(), new MockWebServer(), new java.util.HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    kube.init(InetAddress.getByName("127.0.0.1"), 0);
  }

  static HostileStack get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(HostileStack.class, k -> {
          try {
            return start();
          } catch (Exception e) {
            throw new IllegalStateException("hostile stack did not start: " + e.getMessage(), e);
          }
        }, HostileStack.class);
  }

  /** Test classes declare {@code @ExtendWith(HostileStack.Ext.class)} and read {@link #INSTANCE}. */
  static final class Ext implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      INSTANCE = get(context);
      INSTANCE.secured.forget(); // the class before may have changed state outside Hostile.run
      INSTANCE.open.forget();
    }
  }

  static volatile HostileStack INSTANCE;

  static HostileStack start() throws Exception {
    long t0 = System.nanoTime();
    HostileStack s = new HostileStack();
    try {
      Path kubeconfig = s.dir.resolve("kubeconfig");
      io.taskscope.testkit.MockKubeconfig.write(kubeconfig, s.kube.getPort());
      // each server is started, seeded and settled on a thread of its own: start-up is most of the suite's wait
      CompletableFuture<Target> sec = CompletableFuture.supplyAsync(() -> s.launch("secured", kubeconfig, true));
      CompletableFuture<Target> opn = CompletableFuture.supplyAsync(() -> s.launch("open", kubeconfig, false));
      s.secured = sec.join();
      s.open = opn.join();
      System.out.printf("hostile stack: both servers seeded and stable after %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String config(int port, Path kubeconfig, boolean tokens) {
    StringBuilder y = new StringBuilder();
    y.append("listen: {host: 127.0.0.1, port: ").append(port).append("}\n");
    y.append("kubernetes: {kubeconfig: '").append(kubeconfig).append("'}\n");
    y.append("push:\n  sqliteSynchronous: NORMAL\n  maxBodyBytes: ").append(MAX_BODY).append('\n');
    if (tokens) {
      y.append("  tenancy:\n    tenants:\n");
      for (String t : List.of("alice", "bob")) {
        y.append("      - {name: ").append(t).append(", tokenSha256: ").append(sha256(TOKENS.get(t)))
            .append(", namespaces: [").append(t).append("]}\n");
      }
    }
    y.append("kg: {cluster: hostile, metadataService: true}\n");
    if (tokens) {
      y.append("access:\n  tokens:\n");
      y.append("    - {name: ops, tokenSha256: ").append(sha256(TOKENS.get("admin"))).append(", roles: [admin]}\n");
      y.append("    - {name: edge, tokenSha256: ").append(sha256(TOKENS.get("writer")))
          .append(", roles: [graph-writer]}\n");
      y.append("    - {name: grafana, tokenSha256: ").append(sha256(TOKENS.get("reader")))
          .append(", roles: [graph-reader]}\n");
    }
    y.append("limits: {requestTimeout: ").append(REQUEST_TIMEOUT.toSeconds()).append("s, maxConnections: ")
        .append(MAX_CONNECTIONS).append(", maxHeaderBytes: ").append(MAX_HEADER_BYTES).append(", idleTimeout: 5s}\n");
    return y.toString();
  }

  private Target launch(String name, Path kubeconfig, boolean tokens) {
    try {
      Path home = Files.createDirectories(dir.resolve(name));
      IllegalStateException failed = null;
      for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probe and bind
        int port = ServerProcess.freePort();
        Path config = home.resolve("taskscope.yaml");
        Files.writeString(config, config(port, kubeconfig, tokens));
        Path run = Files.createDirectories(home.resolve("run" + attempt));
        Path launcher = DemoStack.repoRoot().resolve("bin").resolve("taskscope");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
            "TASKSCOPE_HEAP=384m", launcher.toString(), "serve", "--config", config.toString(), "--data-dir",
            run.resolve("data").toString()));
        try {
          ServerProcess p = ServerProcess.start("taskscope-" + name, run, cmd, "http://127.0.0.1:" + port,
              "/-/healthy", Duration.ofSeconds(120));
          Target t = new Target(this, name, p, tokens, config, run.resolve("data"));
          try {
            t.awaitRoutes();
            t.seed();
            t.awaitStable();
          } catch (Exception | Error e) {
            p.close();
            throw e;
          }
          return t;
        } catch (IllegalStateException e) {
          failed = e;
        }
      }
      throw failed;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    System.out.printf("hostile stack: %d cases through Hostile.run, %d ms in their requests, %d ms in their checks "
        + "(both lanes summed)%n", Hostile.CASES.sum(), Hostile.ACTION_NANOS.sum() / 1_000_000,
        Hostile.CHECK_NANOS.sum() / 1_000_000);
    for (Target t : new Target[] {secured, open}) {
      if (t != null) {
        try {
          t.process.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
    trap.close();
    MockApiServers.stop(kube::destroy);
    try {
      ServerProcess.deleteTree(dir);
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** A listener on 127.0.0.1 (port from bind(0)) that counts every connection made to it: there must be none. */
  static final class Trap implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final Thread acceptor;

    Trap() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      acceptor = Thread.ofPlatform().daemon().name("hostile-trap").start(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            connections.incrementAndGet();
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    String url() {
      return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
