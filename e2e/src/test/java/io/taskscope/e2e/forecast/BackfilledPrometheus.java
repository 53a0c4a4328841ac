package io.taskscope.e2e.forecast;

import io.taskscope.e2e.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's binary) holding 14 days of 5-minute samples of the recording-rule series the knowledge
 * graphs of one workload and one node point at, written with {@code promtool tsdb create-blocks-from openmetrics}
 * into the TSDB directory before Prometheus starts. Nothing scrapes, so the head block stays empty and the
 * backfilled blocks are served up to the last sample: the data ends at the last 5-minute boundary before the test
 * started (checked against Prometheus 2.42 from Debian 12).
 */
final class BackfilledPrometheus implements AutoCloseable {
  static final Duration STEP = Duration.ofMinutes(5);
  static final Duration LOOKBACK = Duration.ofDays(14);
  static final String WORKLOAD = "cluster=\"edge-dc-1\",namespace=\"ml\",workload_type=\"Deployment\","
      + "workload=\"trainer\"";
  static final String NODE = "cluster=\"edge-dc-1\",node=\"edge-1\"";
  /** Sample index (from the start) at which the energy counter restarts from zero: a pod restart. */
  static final int RESET_AT = 9 * 288 + 101;

  /** Series name (as in the graphs' metric names) to its values on the grid {@link #start} + i * STEP. */
  final Map<String, double[]> series = new LinkedHashMap<>();
  final Instant start;
  final Instant end;
  private final ServerProcess server;
  private final Path dir;

  private BackfilledPrometheus(Instant end, ServerProcess server, Path dir, Map<String, double[]> series) {
    this.end = end;
    this.start = end.minus(LOOKBACK);
    this.server = server;
    this.dir = dir;
    this.series.putAll(series);
  }

  static String promtool() {
    Path p = Path.of("/usr/bin/promtool");
    if (!Files.isExecutable(p)) {
      // fail, not skip: bin/test installs Debian's prometheus package (prometheus and promtool)
      throw new IllegalStateException("/usr/bin/promtool not found: bin/test installs Debian's 'prometheus' package");
    }
    return p.toString();
  }

  /** Backfills and starts Prometheus on a free loopback port; its directory goes with {@link #close()}. */
  static BackfilledPrometheus start(Instant now) throws Exception {
    String prometheus = io.taskscope.e2e.PrometheusProcess.binary();
    String promtool = promtool();
    long stepMs = STEP.toMillis();
    Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMs) * stepMs);
    Map<String, double[]> values = generate(end.minus(LOOKBACK), (int) (LOOKBACK.dividedBy(STEP) + 1));
    Path dir = Files.createTempDirectory("taskscope-forecast-prom");
    try {
      StringBuilder om = new StringBuilder();
      family(om, "workload:cpu_usage:percent", WORKLOAD, values.get("cpu_usage"), end);
      family(om, "workload:mem_usage:megabytes", WORKLOAD, values.get("mem_usage"), end);
      family(om, "workload:energy_joules:sum", WORKLOAD, values.get("energy_joules"), end);
      family(om, "node:cpu_usage:percent", NODE, values.get("node_cpu_usage"), end);
      om.append("# EOF\n");
      Path input = dir.resolve("history.om");
      Files.writeString(input, om);
      // one block for the 14 days (promtool's hidden flag; Go durations, so 336h rather than 14d)
      Process p = new ProcessBuilder(promtool, "tsdb", "create-blocks-from", "openmetrics", "-q",
          "--max-block-duration=336h", input.toString(), dir.resolve("tsdb").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("promtool backfill failed: " + Files.readString(dir.resolve("promtool.log")));
      }
      Files.delete(input);
      Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
      Path run = Files.createDirectories(dir.resolve("run"));
      int port = ServerProcess.freePort();
      ServerProcess server = ServerProcess.start("prometheus", run, List.of(prometheus,
          "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"), "http://127.0.0.1:" + port, "/-/ready");
      return new BackfilledPrometheus(end, server, dir, values);
    } catch (Exception | Error e) {
      ServerProcess.deleteTree(dir);
      throw e;
    }
  }

  /**
   * Daily (busy 08:00-20:00 UTC, peak at 14:00) and weekly (weekends at 60 %) pattern with Gaussian noise, seeded.
   * {@code energy_joules} is a counter: power follows the CPU, and it restarts from zero at {@link #RESET_AT}.
   */
  static Map<String, double[]> generate(Instant start, int n) {
    Random r = new Random(13);
    double[] cpu = new double[n];
    double[] mem = new double[n];
    double[] energy = new double[n];
    double[] nodeCpu = new double[n];
    double counter = 5.0e6;
    for (int i = 0; i < n; i++) {
      Instant t = start.plus(STEP.multipliedBy(i));
      var utc = t.atZone(ZoneOffset.UTC);
      double day = utc.toLocalTime().toSecondOfDay() / 86400.0;
      DayOfWeek dow = utc.getDayOfWeek();
      double week = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.6 : 1.0;
      double shape = 0.5 + 0.5 * Math.sin(2 * Math.PI * (day - 0.333)); // 1 at 14:00, 0 at 02:00
      cpu[i] = Math.max(0, 15 + 45 * week * shape + r.nextGaussian() * 2);
      mem[i] = 1500 + 600 * week * shape + r.nextGaussian() * 15;
      nodeCpu[i] = Math.max(0, 25 + 50 * week * shape + r.nextGaussian() * 3);
      double watts = 80 + 1.5 * cpu[i];
      counter = i == RESET_AT ? watts * STEP.toSeconds() : counter + watts * STEP.toSeconds();
      energy[i] = counter;
    }
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("cpu_usage", cpu);
    m.put("mem_usage", mem);
    m.put("energy_joules", energy);
    m.put("node_cpu_usage", nodeCpu);
    return m;
  }

  /** Increase per step of a counter (a reset counts its new value), as the job forecasts counters. */
  static double[] increases(double[] counter) {
    List<Double> d = new ArrayList<>();
    for (int i = 1; i < counter.length; i++) {
      double inc = counter[i] - counter[i - 1];
      d.add(inc < 0 ? counter[i] : inc);
    }
    return d.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void family(StringBuilder om, String name, String labels, double[] v, Instant end) {
    om.append("# TYPE ").append(name).append(" gauge\n");
    long first = end.minus(STEP.multipliedBy(v.length - 1)).getEpochSecond();
    for (int i = 0; i < v.length; i++) {
      om.append(name).append('{').append(labels).append("} ").append(v[i]).append(' ')
          .append(first + i * STEP.toSeconds()).append('\n');
    }
  }

  String base() {
    return server.base();
  }

  String log() {
    return server.log();
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL) and removes its data; later requests to its port are refused. */
  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      ServerProcess.deleteTree(dir);
    }
  }
}
