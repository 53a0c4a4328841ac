package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.Exposition;
import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricSource;
import io.taskscope.core.MetricType;
import io.taskscope.core.Sample;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scrape that cannot be completed fails visibly: 5xx before the body, an aborted connection after; never a 200. */
class MetricsFailureTest {
  /** What the source does on the next scrape. */
  final AtomicReference<String> mode = new AtomicReference<>("ok");
  HttpApi api;

  @BeforeEach
  void start() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricSource source = sink -> {
      switch (mode.get()) {
        case "before" -> throw new IllegalStateException("store unavailable");
        case "oom" -> throw new OutOfMemoryError("Java heap space");
        default -> sink.family(new FamilyHeader("big", "Many lines.", MetricType.GAUGE), new FamilyBody() {
          @Override
          public boolean isEmpty() {
            return false;
          }

          @Override
          public void writeLines(OutputStream out) throws java.io.IOException {
            byte[] line = "big{i=\"0123456789\"} 1\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20_000; i++) { // ~460 KB: far past the first 64 KiB the status line waits for
              out.write(line);
              if (i == 10_000 && mode.get().equals("midway")) {
                throw new IllegalStateException("source failed mid-way");
              }
            }
          }

          @Override
          public void forEachSample(Consumer<Sample> visitor) {
          }
        });
      }
    };
    api = new HttpApi("127.0.0.1", 0, new Exposition(registry, () -> List.of(source)), registry, () -> true);
    api.start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  String rawScrape() throws Exception {
    return io.taskscope.testkit.RawHttp.exchange(api.port(), "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  }

  @Test
  void aCompleteScrapeEndsWithTheLastChunk() throws Exception {
    String raw = rawScrape();
    assertThat(raw).startsWith("HTTP/1.1 200").endsWith("\r\n0\r\n\r\n");
  }

  @Test
  void aSourceFailingMidWayAbortsTheConnectionWithoutTheLastChunk() throws Exception {
    mode.set("midway");
    String raw = rawScrape();
    assertThat(raw).startsWith("HTTP/1.1 200");
    assertThat(raw).doesNotEndWith("\r\n0\r\n\r\n");
    mode.set("ok");
    assertThat(rawScrape()).endsWith("\r\n0\r\n\r\n");
  }

  @Test
  void aSourceFailingBeforeTheFirstBytesGetsA5xx() throws Exception {
    mode.set("before");
    assertThat(rawScrape()).startsWith("HTTP/1.1 500");
    mode.set("oom");
    String raw = rawScrape();
    assertThat(raw).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 5").contains("server is short of memory");
    mode.set("ok");
    assertThat(rawScrape()).startsWith("HTTP/1.1 200");
  }
}
