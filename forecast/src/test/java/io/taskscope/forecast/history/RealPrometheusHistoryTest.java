package io.taskscope.forecast.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.forecast.Series;
import io.taskscope.forecast.history.HistoryException.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Prometheus (Debian's binary): three hours of a synthetic gauge at 1-minute resolution are backfilled
 * with {@code promtool tsdb create-blocks-from openmetrics}, so the test needs no scraping and no waiting.
 */
class RealPrometheusHistoryTest {
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final int SAMPLES = 180;
  /** Recent enough to be inside the default 15-day retention, old enough not to touch the head block. */
  private static final Instant DATA_START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));

  private static Path dir;
  private static Process prometheus;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    // a missing binary fails the test rather than skipping it: bin/test installs Debian's prometheus
    assertThat(Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of("/usr/bin/promtool")))
        .as("Debian's prometheus package (prometheus, promtool)").isTrue();
    dir = Files.createTempDirectory("taskscope-prom-history");
    StringBuilder om = new StringBuilder("# TYPE history_test gauge\n");
    for (int i = 0; i < SAMPLES; i++) {
      om.append("history_test{job=\"a\"} ").append(value(i)).append(' ')
          .append(DATA_START.plus(MIN.multipliedBy(i)).getEpochSecond()).append('\n');
    }
    Files.writeString(dir.resolve("data.om"), om.append("# EOF\n"));
    int backfill = run(dir.resolve("promtool.log"), "/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics",
        dir.resolve("data.om").toString(), dir.resolve("tsdb").toString()).waitFor();
    if (backfill != 0) {
      throw new IllegalStateException("promtool backfill failed: " + Files.readString(dir.resolve("promtool.log")));
    }
    Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    prometheus = run(dir.resolve("prometheus.log"), "/usr/bin/prometheus",
        "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn");
    awaitReady();
  }

  private static double value(int i) {
    return 100 + i + (i % 7) * 0.25;
  }

  private static Process run(Path log, String... cmd) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitReady() throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (c.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!prometheus.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("prometheus not ready: " + Files.readString(dir.resolve("prometheus.log")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static PrometheusHistory history(HttpOptions o) {
    return new PrometheusHistory(base, o);
  }

  @Test
  void backfilledSeriesReadsBackOnTheGridInOneOrSeveralRequests() throws Exception {
    // ten minutes before the data begins: those grid points have no sample and must be NaN
    Instant from = DATA_START.minus(MIN.multipliedBy(10));
    Instant to = DATA_START.plus(MIN.multipliedBy(SAMPLES - 1));
    String q = "history_test{job=" + PromQl.stringLiteral("a") + "}";
    Series one = history(HttpOptions.DEFAULTS).read(q, from, to, MIN);
    Series split = history(HttpOptions.DEFAULTS.withMaxPoints(47)).read(q, from, to, MIN);

    assertThat(one.start()).isEqualTo(from);
    assertThat(one.length()).isEqualTo(SAMPLES + 10);
    double[] v = one.values();
    for (int i = 0; i < 10; i++) {
      assertThat(v[i]).as("before the data, index %d", i).isNaN();
    }
    for (int i = 0; i < SAMPLES; i++) {
      assertThat(v[10 + i]).as("sample %d", i).isEqualTo(value(i));
    }
    assertThat(split.values()).containsExactly(v);
  }

  @Test
  void badPromQlIsABadQueryWithPrometheusMessage() {
    assertThatThrownBy(() -> history(HttpOptions.DEFAULTS).read("rate(history_test[5m]", DATA_START,
        DATA_START.plus(Duration.ofHours(1)), MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY))
        .hasMessageContaining("bad_data").hasMessageContaining("parse error");
  }

  @Test
  void anInjectedLabelValueSelectsNothingOnceEscaped() throws Exception {
    Instant to = DATA_START.plus(Duration.ofHours(1));
    // pasted naively into job="...", this value really widens the query: vector(1) answers on every grid point
    String widening = "\"} or vector(1) or history_test{job=\"";
    Series naive = history(HttpOptions.DEFAULTS).read("history_test{job=\"" + widening + "\"}", DATA_START, to, MIN);
    assertThat(naive.values()).containsOnly(1.0);

    for (String hostile : new String[] {widening, "\"} or vector(1)", "a\\\"}\n or vector(1)"}) {
      assertThatThrownBy(() -> history(HttpOptions.DEFAULTS).read(
          "history_test{job=" + PromQl.stringLiteral(hostile) + "}", DATA_START, to, MIN))
          .as(hostile)
          .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_DATA));
    }
  }

  @Test
  void aQuerySelectingSeveralSeriesIsRefused() {
    assertThatThrownBy(() -> history(HttpOptions.DEFAULTS).read("history_test or label_replace(history_test, "
        + "\"job\", \"b\", \"job\", \".*\")", DATA_START, DATA_START.plus(Duration.ofHours(1)), MIN))
        .isInstanceOfSatisfying(HistoryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_SERIES))
        .hasMessageContaining("selects 2 series");
  }
}
