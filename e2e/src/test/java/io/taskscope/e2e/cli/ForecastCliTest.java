package io.taskscope.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/taskscope forecast} as the job runner, as users run it: one run in-process over the data directory's
 * graphs, bad {@code forecast:} blocks refused with the key named (also by {@code serve}, before it binds), and
 * {@code --server} against nothing. The run against real graphs and Prometheus is ForecastE2eTest's.
 */
class ForecastCliTest {
  static Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void files() throws Exception {
    dir = Files.createTempDirectory("taskscope-forecast-cli");
    Files.writeString(dir.resolve("ok.yaml"), """
        kg: {cluster: edge-dc-1, metadataService: true, prometheusUrl: "http://127.0.0.1:1"}
        forecast: {schedule: "20 10 * * *", timeZone: Europe/Berlin, lookback: 2d, step: 30m}
        """);
    Files.writeString(dir.resolve("bad-schedule.yaml"), """
        kg: {cluster: edge-dc-1, metadataService: true}
        forecast: {schedule: "every day at ten"}
        """);
    Files.writeString(dir.resolve("bad-datasource.yaml"), """
        kg: {cluster: edge-dc-1, metadataService: true}
        forecast: {datasources: ["file:///etc/passwd"]}
        """);
    Files.writeString(dir.resolve("bad-lookback.yaml"), """
        kg: {cluster: edge-dc-1, metadataService: true}
        forecast: {lookback: 10m, step: 5m}
        """);
    Files.writeString(dir.resolve("bad-retention.yaml"), """
        kg: {cluster: edge-dc-1, metadataService: true}
        forecast: {retention: "a week"}
        """);
    Files.writeString(dir.resolve("no-graphs.yaml"), "forecast: {}\n");
  }

  @AfterAll
  static void clean() throws Exception {
    ServerProcess.deleteTree(dir);
  }

  static Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "JAVA_HOME=" + System.getProperty("java.home"),
        CliProcessTest.LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/taskscope " + String.join(" ", args) + " did not exit within 180 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String lastLine(String err) {
    String[] lines = err.replaceAll("\u001B\\[[0-9;]*m", "").strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void oneRunOverADataDirectoryWithoutGraphs() throws Exception {
    Run r = run("forecast", "--config", "ok.yaml", "--data-dir", dir.resolve("data").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("forecast run 1: 0 targets")
        .contains("forecast run 1 succeeded: 0 ok, 0 failed, 0 skipped")
        .contains("(no targets in the knowledge graphs)");
    // the forecasts' store is the Metadata Service's TDB2 under the data directory
    assertThat(dir.resolve("data").resolve("kg")).isDirectory();
    Run one = run("forecast", "--config", "ok.yaml", "--data-dir", dir.resolve("data").toString(), "--target",
        "edge-dc-1/ml/Deployment/trainer/cpu_usage");
    assertThat(one.exit()).isEqualTo(1);
    assertThat(lastLine(one.err())).contains("failed")
        .contains("no target edge-dc-1/ml/Deployment/trainer/cpu_usage in the knowledge graphs");
  }

  @Test
  void badForecastBlocksNameTheKeyForForecastAndServe() throws Exception {
    Run schedule = run("forecast", "--config", "bad-schedule.yaml", "--data-dir", dir.resolve("d1").toString());
    assertThat(schedule.exit()).isEqualTo(2);
    assertThat(lastLine(schedule.err())).startsWith("taskscope forecast: forecast.schedule: \"every day at ten\"");
    Run datasource = run("forecast", "--config", "bad-datasource.yaml", "--data-dir", dir.resolve("d2").toString());
    assertThat(datasource.exit()).isEqualTo(2);
    assertThat(lastLine(datasource.err())).contains("forecast.datasources[0]: expected an http(s) URL");
    Run retention = run("forecast", "--config", "bad-retention.yaml", "--data-dir", dir.resolve("d5").toString());
    assertThat(retention.exit()).isEqualTo(2);
    assertThat(lastLine(retention.err())).contains("forecast.retention");
    Run noGraphs = run("forecast", "--config", "no-graphs.yaml", "--data-dir", dir.resolve("d3").toString());
    assertThat(noGraphs.exit()).isEqualTo(2);
    assertThat(lastLine(noGraphs.err())).contains("kg.metadataService: true").contains("forecast.metadataService");
    Run serve = run("serve", "--config", "bad-lookback.yaml", "--data-dir", dir.resolve("d4").toString(), "--port",
        "0");
    assertThat(serve.exit()).isEqualTo(2);
    assertThat(lastLine(serve.err())).contains("forecast.lookback must be at least 10 steps");
  }

  @Test
  void serverThatIsNotThereAndOfflineWithoutHorizon() throws Exception {
    int port = ServerProcess.freePort();
    Run r = run("forecast", "--server", "http://127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(lastLine(r.err())).startsWith("taskscope forecast: cannot reach http://127.0.0.1:" + port);
    Run noHorizon = run("forecast", "--input", "series.csv");
    assertThat(noHorizon.exit()).isEqualTo(2);
    assertThat(lastLine(noHorizon.err())).isEqualTo("--horizon is required with --input");
  }
}
