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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The offline forecast (issue 13): {@code timestamp,value} rows in, forecast rows out, chosen model on stderr. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
    description = "Forecast a series offline: reads timestamp,value rows (ISO-8601 or unix seconds), prints "
        + "timestamp,point,lower80,upper80,lower95,upper95 for the next N steps; the chosen model and every "
        + "candidate's backtest error go to stderr.")
final class ForecastCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", required = true, description = "CSV file of timestamp,value rows; - for stdin.")
  String input;

  @Option(names = "--horizon", required = true, description = "Number of steps to forecast.")
  int horizon;

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

  /** {@code 30m}, {@code 5m}, {@code 1h}, {@code 300s}, {@code 1d}, or ISO-8601 ({@code PT30M}). */
  static final class StepConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value);
      Duration d;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        try {
          d = Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
          throw new CommandLine.TypeConversionException("expected a step like 30m, 5m, 1h or PT30M: " + value);
        }
      }
      if (d.isZero() || d.isNegative()) {
        throw new CommandLine.TypeConversionException("step must be positive: " + value);
      }
      return d;
    }
  }
}
