package io.taskscope.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskscope.e2e.ServerProcess;
import io.taskscope.testkit.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** One TaskScope under attack: ordinary requests, raw requests, its stored state and its health. */
final class Target {
  static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  static final String NT = "application/n-triples";
  /** Large enough that a three-way cross join is far over kg.maxResultRows; every snapshot reads it. */
  static final int BIG_TRIPLES = 300;
  /** The job of the group a valid push after every case writes (left out of the snapshots). */
  static final String CANARY_JOB = "canary";

  final HostileStack stack;
  final String name;
  final ServerProcess process;
  final boolean tokens;
  final Path config;
  final Path dataDir;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  Target(HostileStack stack, String name, ServerProcess process, boolean tokens, Path config, Path dataDir) {
    this.stack = stack;
    this.name = name;
    this.process = process;
    this.tokens = tokens;
    this.config = config;
    this.dataDir = dataDir;
  }

  int port() {
    return process.port();
  }

  String base() {
    return process.base();
  }

  /** The token of {@code who} on this server: the open server has none, so everyone is anonymous there. */
  String token(String who) {
    return tokens ? HostileStack.TOKENS.get(who) : null;
  }

  /** The principal that may do everything here (admin, or anonymous on the open server). */
  String adminToken() {
    return token("admin");
  }

  /** What came back: status (-1: connection closed without an answer), headers, body, time taken. */
  record Answer(int status, Map<String, List<String>> headers, String body, long millis) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      String b = body == null ? "" : body.length() > 400 ? body.substring(0, 400) + "..." : body;
      return status + " " + b.replace("\n", "\\n");
    }
  }

  Answer send(String method, String path, String token, Map<String, String> headers, byte[] body) {
    long t0 = System.nanoTime();
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(15))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      headers.forEach(b::header);
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      return new Answer(-1, Map.of(), "(" + e + ")", (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer send(String method, String path, String token, String contentType, String body) {
    return send(method, path, token, contentType == null ? Map.of() : Map.of("Content-Type", contentType),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  Answer get(String path, String token) {
    return send("GET", path, token, Map.of(), null);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Raw bytes on a socket of their own: for requests HttpClient refuses to send. */
  RawHttp.Result raw(byte[] request, Duration readFor) {
    return RawHttp.exchange(port(), request, readFor);
  }

  // ---------------------------------------------------------------- state

  /**
   * Stored state: push groups (JSON API, canonical, without the health canary's group), subgraph ids with the size
   * and content hash of their named graph, and size and hash of every named graph.
   */
  record Snapshot(String groups, Map<String, String> graphs, String graphCounts, boolean markerStored) {
    String diff(Snapshot other) {
      List<String> d = new ArrayList<>();
      if (!groups.equals(other.groups)) {
        d.add("push groups changed:\n  before " + cut(groups) + "\n  after  " + cut(other.groups));
      }
      if (!graphs.equals(other.graphs)) {
        d.add("subgraphs changed: before " + graphs + " after " + other.graphs);
      }
      if (!graphCounts.equals(other.graphCounts)) {
        d.add("named graphs changed: before " + cut(graphCounts) + " after " + cut(other.graphCounts));
      }
      return String.join("\n", d);
    }

    static String cut(String s) {
      return s.length() > 1500 ? s.substring(0, 1500) + "..." : s;
    }
  }

  /** Every quad of every named graph in one answer: cheaper than reading each subgraph, and exact. */
  static final String QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }";
  static final String SUBGRAPH_GRAPH = "urn:taskscope:subgraph:";

  /** The state after the last case run here, still current when nothing else ran since; null: take it afresh. */
  private volatile Snapshot last;

  /** The state now: the one the previous case left if nothing else ran since (saves three requests a case). */
  Snapshot before() {
    Snapshot s = last;
    return s != null ? s : snapshot();
  }

  /** The state after a case, remembered as the next case's before. */
  Snapshot after() {
    Snapshot s = snapshot();
    last = s;
    return s;
  }

  /** Forgets the remembered state: something other than a sequential case (slow clients, a new class) may change it. */
  void forget() {
    last = null;
  }

  /** Runs the checks' requests side by side (the server serves each on a virtual thread). */
  static final ExecutorService CHECKS = Executors.newVirtualThreadPerTaskExecutor();

  static <T> CompletableFuture<T> async(Supplier<T> s) {
    return CompletableFuture.supplyAsync(s, CHECKS);
  }

  Snapshot snapshot() {
    String admin = adminToken();
    CompletableFuture<Answer> gf = async(() -> get("/api/v1/metrics", admin));
    CompletableFuture<Answer> listf = async(() -> get("/subgraph", admin));
    Answer quads = send("GET", "/sparql?query=" + enc(QUADS), admin,
        Map.of("Accept", "text/tab-separated-values"), null);
    Answer g = gf.join();
    Answer list = listf.join();
    String groups = g.status() + " " + canonicalGroups(g.body());
    Map<String, String> perGraph = quads.status() == 200 ? perGraph(quads.body()) : Map.of();
    Map<String, String> graphs = new TreeMap<>();
    if (list.status() == 200) {
      try {
        for (JsonNode id : JSON.readTree(list.body()).path("subgraphs")) {
          graphs.put(id.asText(), perGraph.getOrDefault("<" + SUBGRAPH_GRAPH + id.asText() + ">", "empty"));
        }
      } catch (IOException e) {
        graphs.put("(listing)", "unreadable: " + list);
      }
    } else {
      graphs.put("(listing)", list.toString());
    }
    String counts = quads.status() == 200 ? perGraph.toString() : quads.status() + " " + quads.body();
    boolean markerStored = quads.body().contains(stack.marker) || g.body().contains(stack.marker);
    return new Snapshot(groups, graphs, counts, markerStored);
  }

  /** Graph IRI (as written in TSV) to "triples:hash of its sorted rows", blank node labels made alike. */
  static Map<String, String> perGraph(String tsv) {
    Map<String, List<String>> rows = new TreeMap<>();
    List<String> lines = List.of(tsv.split("\n"));
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) { // the first is the header
      int tab = line.indexOf('\t');
      if (tab > 0) {
        rows.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>())
            .add(line.substring(tab + 1).replaceAll("_:[A-Za-z0-9]+", "_:b"));
      }
    }
    Map<String, String> out = new TreeMap<>();
    rows.forEach((graph, r) -> {
      r.sort(null);
      out.put(graph, r.size() + ":" + hash(String.join("\n", r)));
    });
    return out;
  }

  static String canonicalGroups(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      List<String> groups = new ArrayList<>();
      for (JsonNode e : n.path("data")) {
        if (e.path("labels").path("job").asText().equals(CANARY_JOB)) {
          continue; // pushed after every case to prove the server healthy
        }
        groups.add(JSON.writeValueAsString(JSON.treeToValue(e, Object.class)));
      }
      groups.sort(null);
      return String.join("\n", groups);
    } catch (IOException | IllegalArgumentException e) {
      return body;
    }
  }

  static String hash(String s) {
    return HostileStack.sha256(s).substring(0, 16);
  }

  // ---------------------------------------------------------------- health

  /** Null when healthy: /-/healthy answers 200 and a valid push is acknowledged; else what failed. */
  String unhealthy() {
    String path = tokens ? "/metrics/job/" + CANARY_JOB + "/namespace/alice" : "/metrics/job/" + CANARY_JOB;
    CompletableFuture<Answer> pf = async(() -> send("PUT", path, adminToken(), "text/plain",
        "# TYPE canary_ok gauge\ncanary_ok 1\n"));
    Answer h = get("/-/healthy", null);
    Answer p = pf.join();
    if (h.status() != 200) {
      return "/-/healthy answered " + h;
    }
    if (p.status() != 200) {
      return "a valid push afterwards answered " + p;
    }
    return null;
  }

  // ---------------------------------------------------------------- start-up

  void awaitRoutes() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Answer last = null;
    while (System.nanoTime() < deadline) {
      last = get("/subgraph", adminToken());
      if (last.status() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + ": /subgraph not served: " + last + "\n" + process.log());
  }

  static final String SMALL_TTL = """
      @prefix ex: <urn:hostile:> .
      ex:a ex:name "seed" ; ex:n 1 .
      ex:b ex:name "other" ; ex:link ex:a .
      """;

  static String bigNt() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < BIG_TRIPLES; i++) {
      sb.append("<urn:hostile:s").append(i % 50).append("> <urn:hostile:p").append(i % 7).append("> \"v")
          .append(i).append("\" .\n");
    }
    return sb.toString();
  }

  void seed() {
    String alice = tokens ? token("alice") : null;
    String bob = tokens ? token("bob") : null;
    require(send("PUT", tokens ? "/metrics/job/victim/namespace/alice" : "/metrics/job/victim", alice, "text/plain",
        "# TYPE shared_fam gauge\nshared_fam 1\nvictim_metric{series=\"a\"} 3\n"), 200, "seed alice's group");
    require(send("PUT", tokens ? "/metrics/job/bob-secret-job/namespace/bob" : "/metrics/job/bob-secret-job", bob,
        "text/plain", "bob_secret_metric 7\n"), 200, "seed bob's group");
    require(send("PUT", "/subgraph/hostile/seed/small", adminToken(), "text/turtle", SMALL_TTL), 201,
        "seed a small subgraph");
    require(send("PUT", "/subgraph/hostile/seed/big", adminToken(), NT, bigNt()), 201, "seed a large subgraph");
    require(send("PUT", "/subgraph/hostile/seed/victim", adminToken(), "text/turtle", SMALL_TTL), 201,
        "seed a subgraph attacks try to delete");
  }

  private void require(Answer a, int status, String what) {
    if (a.status() != status && !(status == 201 && a.status() == 200)) {
      throw new IllegalStateException(name + ": " + what + " answered " + a + "\n" + process.log());
    }
  }

  /** Waits (bounded) until two snapshots 300 ms apart agree: the KG exporter may still deliver its first graphs. */
  void awaitStable() throws InterruptedException {
    unhealthy(); // the canary group exists from now on
    Snapshot prev = snapshot();
    for (int i = 0; i < 60; i++) {
      Thread.sleep(300);
      Snapshot now = snapshot();
      // the exporter's first reconcile writes the cluster's GNode graph: quiet before it is not yet stable (a loaded
      // machine can leave 300 ms between informers syncing and that write)
      if (now.equals(prev) && now.graphs().keySet().stream().anyMatch(k -> k.contains("/GNode/"))) {
        return;
      }
      prev = now;
    }
  }
}
