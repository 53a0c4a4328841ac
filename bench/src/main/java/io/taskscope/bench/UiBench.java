package io.taskscope.bench;

import io.taskscope.server.Demo;
import io.taskscope.ui.UiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * figure is server time plus a loopback round trip, an upper bound). Prints a table and PASS/MISS against the targets,
 * judged on p99.
 *
 * <p>Two phases: first the demo without {@code ui.prometheus} (charts from TaskScope's memory); then the demo with
 * {@code ui.prometheus} pointing at a real Prometheus ({@code /usr/bin/prometheus}, see {@link BenchPrometheus}) that
 * scrapes it and its simulated exporters every 5 s with the shipped recording rules; once Prometheus holds a few
 * samples of {@code workload:cpu_usage:percent} the list and two task pages are timed again, their charts now from
 * {@code query_range} (checked: a warning is printed when no chart with data came from Prometheus).
 * {@code --no-prometheus} runs only the first phase, {@code --prometheus-only} only the second.
 * Run by hand from the checkout's root (docs/performance.md, "Ops UI"): {@code java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.taskscope.bench.UiBench [N] [--no-prometheus |
 * --prometheus-only]}.
 */
public final class UiBench {
  static final double LIST_TARGET_MS = 200;
  static final double TASK_TARGET_MS = 500;
  static final long WEIGHT_TARGET_GZIP = 300 * 1024;
  /** A staged Sedna job of the demo whose page has the most to draw (conditions, pods, metrics). */
  static final String TASK_PAGE = "/ui/task/IncrementalLearningJob/demo/helmet-detection-il";
  /** A Sedna service of the demo whose task page charts come from Prometheus when it is configured. */
  static final String JI_PAGE = "/ui/task/JointInferenceService/demo/helmet-detection-inference";
  /** A plain workload of the demo: its page charts CPU, memory, power and GPU from Prometheus' recording rules. */
  static final String DEPLOYMENT_PAGE = "/ui/task/Deployment/demo/helmet-detection-inference-deployment-edge";
  static final int WARMUP = 50;
  /** Scrape and rule evaluation interval of the bench's Prometheus. */
  static final Duration PROM_INTERVAL = Duration.ofSeconds(5);
  static final int MIN_SAMPLES = 4;
  /** A chart drawn with data whose source line says Prometheus (ChartSection's markup). */
  static final Pattern PROM_CHART = Pattern.compile(
      "data-chart=\"[^\"]*\"></div><p class=\"muted small\">from Prometheus<");
  static final Pattern MEMORY_CHART = Pattern.compile(
      "data-chart=\"[^\"]*\"></div><p class=\"muted small\">from TaskScope&#39;s memory|"
      + "data-chart=\"[^\"]*\"></div><p class=\"muted small\">from TaskScope's memory");
  static final String UNAVAILABLE = ") is unavailable: ";

  private UiBench() {}

  public static void main(String[] args) throws Exception {
    int n = 200;
    boolean plain = true;
    boolean withProm = true;
    for (String a : args) {
      switch (a) {
        case "--no-prometheus" -> withProm = false;
        case "--prometheus-only" -> plain = false;
        default -> n = Integer.parseInt(a);
      }
    }
    List<String> rows = new ArrayList<>();
    boolean ok = true;
    if (plain) {
      ok &= withoutPrometheus(n, rows);
    }
    if (withProm) {
      ok &= withPrometheus(n, rows);
    }
    System.out.printf(Locale.ROOT, "%nOps UI, N=%d after %d warm-up requests each (ms, request to last byte on "
        + "loopback):%n%n| figure | p50 | p95 | p99 | target | |%n|---|---|---|---|---|---|%n", n, WARMUP);
    rows.forEach(System.out::println);
    System.out.println(ok ? "\nall targets met (judged on p99)" : "\nsome target MISSED (judged on p99)");
    System.exit(0); // the demo's non-daemon threads (informers, tickers) must not keep the JVM
  }

  /** Phase 1: the demo without {@code ui.prometheus}; task pages chart TaskScope's in-memory history. */
  static boolean withoutPrometheus(int n, List<String> rows) throws Exception {
    Path data = Files.createTempDirectory("taskscope-uibench-demo");
    try (Demo demo = Demo.start(new Demo.Settings("127.0.0.1", 0, data, Duration.ofMillis(500), 42, true))) {
      String base = demo.baseUrl();
      settle(demo);
      HttpClient c = client();
      boolean ok = row(rows, "GET /ui/ (task list), no Prometheus", time(c, base + "/ui/", n), LIST_TARGET_MS);
      for (String page : List.of(TASK_PAGE, JI_PAGE, DEPLOYMENT_PAGE)) {
        int taskStatus = get(c, base + page, true).statusCode();
        if (taskStatus == 200) {
          ok &= row(rows, "GET " + page + ", no Prometheus", time(c, base + page, n), TASK_TARGET_MS);
        } else {
          rows.add(String.format(Locale.ROOT, "| GET %s | answered %d: no task page in this build | | "
              + "| < %.0f ms | - |", page, taskStatus, TASK_TARGET_MS));
        }
      }
      ok &= weight(c, base, rows);
      return ok;
    } finally {
      BenchPrometheus.deleteTree(data); // the demo's data (KB, push store, KG) lives there
    }
  }

  /**
   * Phase 2: the demo with {@code ui.prometheus} set to a real Prometheus scraping it (Debian's binary, every 5 s,
   * the shipped recording rules): the task pages' charts come from Prometheus' {@code query_range}, so their time
   * includes those queries.
   */
  static boolean withPrometheus(int n, List<String> rows) throws Exception {
    int promPort = BenchPrometheus.freePort(); // first: the demo's UI must know where Prometheus will be
    String promBase = "http://127.0.0.1:" + promPort;
    Path data = Files.createTempDirectory("taskscope-uibench-demo");
    Demo.Settings settings = new Demo.Settings("127.0.0.1", 0, data, Duration.ofMillis(500), 42, true)
        .withUi(new UiSettings(promBase, null, null));
    try (Demo demo = Demo.start(settings)) {
      String base = demo.baseUrl();
      settle(demo);
      String yaml = BenchPrometheus.config("127.0.0.1:" + demo.server().port(), PROM_INTERVAL,
          BenchPrometheus.ruleFiles());
      try (BenchPrometheus prom = BenchPrometheus.start(promPort, yaml)) {
        System.out.println("prometheus " + prom.base() + " scraping " + base + " every " + PROM_INTERVAL.toSeconds()
            + " s");
        awaitSamples(prom);
        HttpClient c = client();
        awaitPromCharts(c, base + DEPLOYMENT_PAGE);
        boolean ok = row(rows, "GET /ui/ (task list), Prometheus configured", time(c, base + "/ui/", n),
            LIST_TARGET_MS);
        for (String page : List.of(JI_PAGE, DEPLOYMENT_PAGE)) {
          int status = get(c, base + page, true).statusCode();
          if (status != 200) {
            rows.add(String.format(Locale.ROOT, "| GET %s, Prometheus | answered %d | | | < %.0f ms | - |", page,
                status, TASK_TARGET_MS));
            ok = false;
            continue;
          }
          String charts = chartCheck(c, base + page);
          ok &= row(rows, "GET " + page + ", Prometheus (" + charts + ")", time(c, base + page, n), TASK_TARGET_MS);
          System.out.println(page + " after timing: " + chartCheck(c, base + page));
        }
        System.out.println("prometheus targets: " + prom.targets());
        return ok;
      } // Prometheus stopped, its directory deleted
    } finally {
      BenchPrometheus.deleteTree(data);
    }
  }

  /** Until Prometheus has a few samples of {@code workload:cpu_usage:percent} (a rule over cAdvisor rates). */
  static void awaitSamples(BenchPrometheus prom) throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + Duration.ofSeconds(150).toNanos();
    double samples = Double.NaN;
    while (System.nanoTime() < end) {
      samples = prom.max("max(count_over_time(workload:cpu_usage:percent[10m]))");
      if (samples >= MIN_SAMPLES) {
        System.out.printf(Locale.ROOT, "prometheus: %.0f samples of workload:cpu_usage:percent after %.0f s%n",
            samples, (System.nanoTime() - t0) / 1e9);
        return;
      }
      Thread.sleep(2_000);
    }
    System.out.println("WARNING: only " + samples + " samples of workload:cpu_usage:percent after 150 s; targets: "
        + prom.targets() + "\n" + prom.log());
  }

  /** Until the page draws at least one chart from Prometheus (at most 60 s); warns when it never does. */
  static void awaitPromCharts(HttpClient c, String url) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String body = "";
    while (System.nanoTime() < end) {
      body = new String(get(c, url, false).body(), StandardCharsets.UTF_8);
      if (count(PROM_CHART, body) > 0 && !body.contains(UNAVAILABLE)) {
        return;
      }
      Thread.sleep(2_000);
    }
    System.out.println("WARNING: " + url + " shows no chart from Prometheus after 60 s: " + chartCheck(body));
  }

  /** What the page's charts come from; prints a warning when none with data is from Prometheus. */
  static String chartCheck(HttpClient c, String url) throws Exception {
    String body = new String(get(c, url, false).body(), StandardCharsets.UTF_8);
    String check = chartCheck(body);
    if (count(PROM_CHART, body) == 0 || body.contains(UNAVAILABLE)) {
      System.out.println("WARNING: charts of " + url + " are not from Prometheus: " + check);
    }
    return check;
  }

  static String chartCheck(String body) {
    return String.format(Locale.ROOT, "%d charts with data from Prometheus, %d from memory, %d without data%s",
        count(PROM_CHART, body), count(MEMORY_CHART, body), count(Pattern.compile(Pattern.quote("no data")), body),
        body.contains(UNAVAILABLE) ? ", Prometheus UNAVAILABLE banner" : "");
  }

  static int count(Pattern p, String body) {
    Matcher m = p.matcher(body);
    int k = 0;
    while (m.find()) {
      k++;
    }
    return k;
  }

  static void settle(Demo demo) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!demo.ui().view().synced() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    Thread.sleep(5_000); // settle: workers pushing, the simulator moving, informers caught up
  }

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
