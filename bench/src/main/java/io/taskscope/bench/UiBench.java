package io.taskscope.bench;

import io.taskscope.server.Demo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ops UI costs (issue 14's budgets): server time of the task list {@code /ui/} and of a task page
 * {@code /ui/task/...} (when this build has one), and the weight of the list page with its assets. The demo (auto
 * tick) runs in this JVM and settles first; each page is then asked N times after warm-up over one keep-alive HTTP/1.1
 * loopback connection with {@code Accept-Encoding: gzip} as a browser would, timed from request to last byte (so the
 * figure is server time plus a loopback round trip, an upper bound). Prints a table and PASS/MISS against the targets.
 * Run by hand (docs/performance.md, "Ops UI"): {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt)
 * io.taskscope.bench.UiBench [N]}.
 */
public final class UiBench {
  static final double LIST_TARGET_MS = 200;
  static final double TASK_TARGET_MS = 500;
  static final long WEIGHT_TARGET_GZIP = 300 * 1024;
  /** A staged Sedna job of the demo whose page has the most to draw (conditions, pods, metrics). */
  static final String TASK_PAGE = "/ui/task/IncrementalLearningJob/demo/helmet-detection-il";
  static final int WARMUP = 50;

  private UiBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (Demo demo = Demo.start(new Demo.Settings("127.0.0.1", 0, null, Duration.ofMillis(500), 42, true))) {
      String base = demo.baseUrl();
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!demo.ui().view().synced() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      Thread.sleep(5_000); // settle: workers pushing, the simulator moving, informers caught up
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<String> rows = new ArrayList<>();
      boolean ok = true;
      double[] list = time(c, base + "/ui/", n);
      ok &= row(rows, "GET /ui/ (task list)", list, LIST_TARGET_MS);
      int taskStatus = get(c, base + TASK_PAGE, true).statusCode();
      if (taskStatus == 200) {
        ok &= row(rows, "GET " + TASK_PAGE, time(c, base + TASK_PAGE, n), TASK_TARGET_MS);
      } else {
        rows.add(String.format(Locale.ROOT, "| GET %s | answered %d: no task page in this build | | | < %.0f ms | - |",
            TASK_PAGE, taskStatus, TASK_TARGET_MS));
      }
      ok &= weight(c, base, rows);
      System.out.printf(Locale.ROOT, "%nOps UI, N=%d after %d warm-up requests each (ms, request to last byte on "
          + "loopback):%n%n| figure | p50 | p95 | p99 | target | |%n|---|---|---|---|---|---|%n", n, WARMUP);
      rows.forEach(System.out::println);
      System.out.println(ok ? "\nall targets met" : "\nsome target MISSED");
    }
    System.exit(0); // the demo's non-daemon threads (informers, tickers) must not keep the JVM
  }

  /** p50/p95/p99 of n GETs after warm-up, each timed request to last byte. */
  static double[] time(HttpClient c, String url, int n) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      get(c, url, true);
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = get(c, url, true);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
    }
    Arrays.sort(ms);
    return new double[] {pct(ms, 0.50), pct(ms, 0.95), pct(ms, 0.99)};
  }

  static double pct(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** A table row judged on p99 (the strictest of the three). */
  static boolean row(List<String> rows, String name, double[] p, double targetMs) {
    boolean pass = p[2] < targetMs;
    rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | < %.0f ms (p99) | %s |", name, p[0], p[1], p[2],
        targetMs, pass ? "PASS" : "MISS"));
    return pass;
  }

  /** Bytes of /ui/ and its assets, raw and as served gzip; the bundle's own sizes (gzip -9 at build) too. */
  static boolean weight(HttpClient c, String base, List<String> rows) throws Exception {
    long raw = 0;
    long gz = 0;
    StringBuilder parts = new StringBuilder();
    for (String path : List.of("/ui/", "/ui/static/ui.js", "/ui/static/ui.css")) {
      long r = get(c, base + path, false).body().length;
      HttpResponse<byte[]> g = get(c, base + path, true);
      boolean gzipped = g.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
      raw += r;
      gz += g.body().length;
      parts.append(String.format(Locale.ROOT, "%s %d B raw, %d B %s; ", path, r, g.body().length,
          gzipped ? "gzip" : "(not compressed)"));
    }
    String bundle = new String(get(c, base + "/ui/static/bundle.json", false).body());
    Matcher m = Pattern.compile("\"total\"\\s*:\\s*\\{\\s*\"bytes\"\\s*:\\s*(\\d+),\\s*\"gzip\"\\s*:\\s*(\\d+)")
        .matcher(bundle);
    String built = m.find() ? "bundle.json: ui.js+ui.css " + m.group(1) + " B raw, " + m.group(2) + " B gzip -9"
        : "bundle.json unreadable";
    boolean pass = gz < WEIGHT_TARGET_GZIP;
    rows.add(String.format(Locale.ROOT, "| page weight of /ui/ (HTML + ui.js + ui.css) | %.1f KB raw | %.1f KB gzip | "
        + "| < %d KB gzip | %s |", raw / 1024.0, gz / 1024.0, WEIGHT_TARGET_GZIP / 1024, pass ? "PASS" : "MISS"));
    System.out.println("weights: " + parts + built);
    return pass;
  }

  static HttpResponse<byte[]> get(HttpClient c, String url, boolean gzip) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (gzip) {
      b.header("Accept-Encoding", "gzip"); // as a browser asks; the JDK client leaves the body compressed
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
