package io.taskscope.server;

import static io.taskscope.server.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.server.InProcessCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandTest {
  @TempDir
  Path dir;

  @Test
  void forecastsACsvFile() throws Exception {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    Instant start = Instant.parse("2025-01-06T00:00:00Z");
    for (int t = 0; t < 8 * 48; t++) {
      csv.append(start.plus(Duration.ofMinutes(30L * t))).append(',')
          .append(50 + 10 * Math.sin(2 * Math.PI * t / 48)).append('\n');
    }
    Path file = dir.resolve("series.csv");
    Files.writeString(file, csv);
    Run r = run("forecast", "--input", file.toString(), "--horizon", "4", "--step", "30m");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(5);
    assertThat(lines[0]).isEqualTo("timestamp,point,lower80,upper80,lower95,upper95");
    assertThat(r.out()).contains("2025-01-14T00:00:00Z,");
    assertThat(r.err()).contains("model: ").contains("candidate: snaive-daily(48)");
  }

  @Test
  void badInputNamesTheLine() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "1000,1\n900,2\n");
    Run r = run("forecast", "--input", file.toString(), "--horizon", "2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("line 2: timestamp");
    assertThat(run("forecast", "--input", file.toString(), "--horizon", "2", "--step", "soon").err())
        .contains("expected a step like 30m");
    assertThat(run("forecast", "--input", dir.resolve("none.csv").toString(), "--horizon", "2").err())
        .contains("no such file");
  }
}
