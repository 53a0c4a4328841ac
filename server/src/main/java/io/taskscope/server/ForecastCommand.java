package io.taskscope.server;

import io.taskscope.forecast.ForecastCsv;
import io.taskscope.forecast.Preparation;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskscope forecast}: with {@code --input}, the offline forecast of one series ({@code timestamp,value} rows
 * in, forecast rows out, chosen model on stderr); without, one run of the prediction job over the knowledge graphs.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
    description = {"Run the prediction job once: find the targets in the knowledge graphs, read their history from "
        + "Prometheus, forecast and store (the serve config's kg and forecast blocks; --server URL asks a running "
        + "TaskScope to run it instead). Exit 0 when the run succeeded, 1 when it failed or some targets failed.",
        "With --input: forecast one series offline: reads timestamp,value rows (ISO-8601 or unix seconds), prints "
        + "timestamp,point,lower80,upper80,lower95,upper95 for the next N steps; the chosen model and every "
        + "candidate's backtest error go to stderr."})
final class ForecastCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", description = "Offline: CSV file of timestamp,value rows; - for stdin.")
  String input;

  @Option(names = "--horizon", description = "Offline: number of steps to forecast (required with --input).")
  Integer horizon;

  @Option(names = "--target", description = "Job: forecast only this target id (default: every target).")
  String target;

  @Option(names = "--config", description = "Job: the serve YAML (its kg and forecast blocks).")
  Path config;

  @Option(names = "--data-dir", defaultValue = "taskscope-data",
      description = "Job: TaskScope's data directory (the Metadata Service's store). Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--server", description = "Job: ask the TaskScope at this URL to run it (POST "
      + "/api/v1/forecasts/run) and follow its progress.")
  String server;

  @Option(names = "--token", description = "Job with --server: bearer token (graph-writer or admin); default "
      + "$TASKSCOPE_TOKEN.")
  String token;

  @Option(names = "--step", converter = StepConverter.class,
      description = "Sampling step, e.g. 30m, 5m, 1h (default: the most common interval between rows).")
  Duration step;

  @Option(names = "--counter", defaultValue = "gauge",
      description = "How to read values: gauge, monotone (counter rebuilt across resets) or rate (counter forecast "
          + "as increase per step). Default: ${DEFAULT-VALUE}.")
  String counter;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (input == null) {
      return job(err);
    }
    if (horizon == null) {
      err.println("--horizon is required with --input");
      err.flush();
      return 2;
    }
    Preparation.CounterMode mode;
    try {
      mode = Preparation.CounterMode.valueOf(counter.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("--counter must be gauge, monotone or rate, got " + counter);
      err.flush();
      return 2;
    }
    int code;
    try (Reader in = input.equals("-")
        ? new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)
        : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
      code = ForecastCsv.forecastCsv(in, horizon, step, new Preparation.Options(mode, 6), spec.commandLine().getOut(),
          err);
    } catch (java.nio.file.NoSuchFileException e) {
      err.println(input + ": no such file");
      err.flush();
      return 2;
    }
    return code == 0 ? 0 : 2;
  }

  private int job(PrintWriter err) {
    PrintWriter out = spec.commandLine().getOut();
    if (server != null) {
      return RemoteForecastRun.run(server, token != null ? token : System.getenv("TASKSCOPE_TOKEN"), target, out, err,
          System.console() != null);
    }
    ServeConfig sc;
    try {
      sc = config == null ? ServeConfig.empty() : ServeConfig.load(config);
    } catch (java.io.IOException e) {
      err.println(config + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    return ForecastRun.run(sc, dataDir, target, out, err, System.console() != null);
  }

  /** {@code 30m}, {@code 5m}, {@code 1h}, {@code 300s}, {@code 1d} (as every duration of the config), or ISO-8601. */
  static final class StepConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = value.regionMatches(true, 0, "P", 0, 1) ? Duration.parse(value)
            : io.taskscope.core.config.ConfigDuration.parse(value).toDuration();
      } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("expected a step like 30m, 5m, 1h or PT30M: " + value);
      }
      if (d.isZero() || d.isNegative()) {
        throw new CommandLine.TypeConversionException("step must be positive: " + value);
      }
      return d;
    }
  }
}
