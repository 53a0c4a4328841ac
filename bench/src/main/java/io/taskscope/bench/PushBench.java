package io.taskscope.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push hub benchmark, run by hand (docs/performance.md, "Push hub"): starts Debian's Pushgateway and TaskScope
 * {@code serve --push-only} on loopback and drives both with the same load, printing each number and the ratio
 * TaskScope / Pushgateway:
 * <ol>
 *   <li>push throughput: PUTs of 20-line bodies over 4 keep-alive connections for a bounded time;</li>
 *   <li>{@code GET /metrics} latency p50/p99 with 100,000 pushed series;</li>
 *   <li>push latency p50/p99 of 100-line PUTs with those 100,000 series stored;</li>
 *   <li>RSS of each process (VmRSS from /proc/PID/status) after the load.</li>
 * </ol>
 * Usage, from the repository root: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt)
 * io.taskscope.bench.PushBench [--seconds 10] [--series 100000] [--taskscope-only]}. TaskScope is started through
 * {@code bin/taskscope serve --push-only}, with the launcher's own JVM options (what a user runs);
 * {@code -Dbench.jvm="..."} replaces them (as {@code TASKSCOPE_JAVA_OPTS}). Only 127.0.0.1 is contacted.
 */
public final class PushBench {
  private PushBench() {}

  record Server(String name, Process process, int port, Path dir) {
    String base() {
      return "http://127.0.0.1:" + port;
    }

    long rssKb() throws IOException {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Server start(String name, List<String> cmd, Map<String, String> env, int port, Path dir, String readyPath)
      throws Exception {
    // bin/taskscope ends in exec, so the process measured is the JVM itself
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    Server s = new Server(name, p, port, dir);
    HttpClient c = HttpClient.newHttpClient();
    for (int i = 0; i < 1200; i++) { // the launcher may build the jar first
      try {
        if (c.send(HttpRequest.newBuilder(URI.create(s.base() + readyPath)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return s;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException(name + " did not start: " + Files.readString(dir.resolve("log")));
  }

  static String body(int group, int lines) {
    StringBuilder sb = new StringBuilder("# TYPE bench_metric gauge\n");
    for (int i = 0; i < lines; i++) {
      sb.append("bench_metric{series=\"").append(i).append("\"} ").append(group + i).append('\n');
    }
    return sb.toString();
  }

  static HttpResponse<Void> put(HttpClient c, Server s, String path, String body) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(s.base() + path)).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Pushes per second over 4 connections for {@code seconds}. */
  static double throughput(Server s, int seconds) throws Exception {
    HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong ok = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int tn = t;
      threads.add(Thread.ofPlatform().start(() -> {
        int i = 0;
        while (System.nanoTime() < end) {
          try {
            if (put(c, s, "/metrics/job/tp/instance/" + tn + "-" + (i++ % 50), body(i, 20)).statusCode() / 100 == 2) {
              ok.incrementAndGet();
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return ok.get() / (double) seconds;
  }

  static double[] latencies(int n, ThrowingRunnable r) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[n / 2], ms[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]};
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    int series = 100_000;
    // --taskscope-only: skip Pushgateway (its ratios print as NaN); for quick iterations on TaskScope alone
    int first = Arrays.asList(args).contains("--taskscope-only") ? 1 : 0;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--seconds")) {
        seconds = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--series")) {
        series = Integer.parseInt(args[i + 1]);
      }
    }
    Path pgDir = Files.createTempDirectory("bench-pg");
    Path tsDir = Files.createTempDirectory("bench-ts");
    int pgPort = freePort();
    int tsPort = freePort();
    Server pg = first == 1 ? null : start("pushgateway", List.of("/usr/bin/prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + pgPort,
        "--persistence.file=" + pgDir.resolve("p"), "--log.level=warn"), Map.of(), pgPort, pgDir, "/-/ready");
    boolean nmt = Boolean.getBoolean("bench.nmt"); // where TaskScope's RSS goes, printed at the end
    List<String> tsCmd = List.of(Path.of("bin", "taskscope").toAbsolutePath().toString(), "serve", "--push-only",
        "--port", Integer.toString(tsPort), "--data-dir", tsDir.resolve("data").toString());
    Map<String, String> env = new java.util.HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    if (System.getProperty("bench.jvm") != null) {
      env.put("TASKSCOPE_JAVA_OPTS", System.getProperty("bench.jvm"));
    }
    if (nmt) {
      env.put("JDK_JAVA_OPTIONS", "-XX:NativeMemoryTracking=summary");
    }
    Server ts = start("taskscope", tsCmd, env, tsPort, tsDir, "/-/healthy");
    try {
      List<Server> both = Arrays.asList(pg, ts);
      double[] tp = {Double.NaN, Double.NaN};
      for (int i = first; i < 2; i++) {
        throughput(both.get(i), 2); // warm-up
        tp[i] = throughput(both.get(i), seconds);
      }
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int groups = series / 100;
      double[] none = {Double.NaN, Double.NaN};
      double[][] scrape = {none, null};
      double[][] pushLat = {none, null};
      double[][] pushLatEmpty = {none, null};
      double commitMs = 0;
      double handledMs = 0;
      long[] rss = {-1, -1};
      for (int i = first; i < 2; i++) {
        Server s = both.get(i);
        // the same 100-line push while (almost) nothing is stored: the cost should not depend on what is stored
        int[] e = {0};
        latencies(200, () -> put(c, s, "/metrics/job/empty/instance/0", body(e[0]++, 100)));
        pushLatEmpty[i] = latencies(500, () -> put(c, s, "/metrics/job/empty/instance/0", body(e[0]++, 100)));
        for (int g = 0; g < groups; g++) {
          put(c, s, "/metrics/job/load/instance/" + g, body(g, 100));
        }
        scrape[i] = latencies(20, () -> c.send(HttpRequest.newBuilder(URI.create(s.base() + "/metrics")).build(),
            HttpResponse.BodyHandlers.discarding()));
        int[] k = {0};
        // Warm-up pushes (both servers get them) so that the measured ones see a steady state, not the JIT.
        latencies(200, () -> put(c, s, "/metrics/job/load/instance/" + (k[0]++ % groups), body(k[0], 100)));
        double[] before = i == 1 ? commitStats(c, s) : null;
        pushLat[i] = latencies(500, () -> put(c, s, "/metrics/job/load/instance/" + (k[0]++ % groups), body(k[0], 100)));
        if (before != null) {
          double[] after = commitStats(c, s);
          commitMs = (after[0] - before[0]) / Math.max(1, after[1] - before[1]) * 1000;
          handledMs = (after[2] - before[2]) / Math.max(1, after[3] - before[3]) * 1000;
        }
        rss[i] = s.rssKb();
      }
      if (nmt) {
        long pid = ts.process().pid();
        System.out.println(jcmd(pid, "VM.native_memory", "summary", "scale=MB"));
        topMappings(pid);
        jcmd(pid, "GC.class_histogram").lines().limit(18).forEach(System.out::println);
      }
      System.out.printf(Locale.ROOT, "%-38s %14s %14s %10s%n", "measure", "Pushgateway", "TaskScope", "TS/PG");
      row("push throughput (pushes/s, 20 lines)", tp[0], tp[1]);
      row("/metrics p50 ms (" + series + " series)", scrape[0][0], scrape[1][0]);
      row("/metrics p99 ms", scrape[0][1], scrape[1][1]);
      row("push p50 ms (100 lines, nothing stored)", pushLatEmpty[0][0], pushLatEmpty[1][0]);
      row("push p50 ms (100 lines, stored " + series + ")", pushLat[0][0], pushLat[1][0]);
      row("push p99 ms", pushLat[0][1], pushLat[1][1]);
      row("RSS MiB", rss[0] / 1024.0, rss[1] / 1024.0);
      // the floor under every latency above: one loopback HTTP round trip of this client to each server
      double[][] floor = {none, null};
      for (int i = first; i < 2; i++) {
        Server s = both.get(i);
        latencies(500, () -> c.send(HttpRequest.newBuilder(URI.create(s.base() + "/-/healthy")).build(),
            HttpResponse.BodyHandlers.discarding()));
        floor[i] = latencies(2000, () -> c.send(HttpRequest.newBuilder(URI.create(s.base() + "/-/healthy")).build(),
            HttpResponse.BodyHandlers.discarding()));
      }
      row("HTTP round trip p50 ms (GET /-/healthy)", floor[0][0], floor[1][0]);
      // Where TaskScope's push time goes: its own histogram of store commits (write + fsync of one batch).
      System.out.printf(Locale.ROOT, "TaskScope during the timed pushes (its own histograms): request handled in "
          + "mean %.3f ms, of which the store commit (write + fsync) %.3f ms%n", handledMs, commitMs);
    } finally {
      if (pg != null) {
        pg.process().destroy();
      }
      ts.process().destroy();
    }
  }

  /** What {@code jcmd PID ARGS...} of the JDK running the benchmark prints. */
  static String jcmd(long pid, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** The mappings holding most of a process's RSS (what NMT cannot see: libjvm, native libraries, malloc arenas). */
  static void topMappings(long pid) throws IOException {
    Map<String, Long> byName = new java.util.HashMap<>();
    String name = "?";
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
      if (Character.isDigit(l.charAt(0)) || (l.charAt(0) >= 'a' && l.charAt(0) <= 'f' && l.contains("-"))) {
        String[] f = l.trim().split("\\s+");
        name = f.length > 5 ? f[5] : "[anon]";
      } else if (l.startsWith("Rss:")) {
        byName.merge(name, Long.parseLong(l.replaceAll("[^0-9]", "")), Long::sum);
      }
    }
    byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
        .forEach(e -> System.out.printf(Locale.ROOT, "  rss %7.1f MiB  %s%n", e.getValue() / 1024.0, e.getKey()));
  }

  /** TaskScope's {@code taskscope_push_store_commit_seconds} sum and count. */
  static double[] commitStats(HttpClient c, Server ts) throws Exception {
    String own = c.send(HttpRequest.newBuilder(URI.create(ts.base() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return new double[] {sampleValue(own, "taskscope_push_store_commit_seconds_sum"),
        sampleValue(own, "taskscope_push_store_commit_seconds_count"),
        sampleValue(own, "taskscope_push_request_duration_seconds_sum{handler=\"push\"}"),
        sampleValue(own, "taskscope_push_request_duration_seconds_count{handler=\"push\"}")};
  }

  static double sampleValue(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  static void row(String what, double pg, double ts) {
    System.out.printf(Locale.ROOT, "%-38s %14.2f %14.2f %10.2f%n", what, pg, ts, ts / pg);
  }
}
