package io.taskscope.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline forecast command: {@code timestamp,value} rows in (ISO-8601 or unix seconds; an optional header; empty
 * or {@code NaN} values are gaps), {@code timestamp,point,lower80,upper80,lower95,upper95} rows out for the next
 * {@code horizon} steps, and the chosen model with every candidate's backtest error on {@code err}.
 */
public final class ForecastCsv {
  /** Ten million steps: years at one second, far beyond any history a forecast needs, yet 80 MB at most. */
  static final long MAX_SLOTS = 10_000_000;

  private ForecastCsv() {}

  /** Bad input, with the line it was found on. */
  public static final class InputException extends Exception {
    InputException(String message) {
      super(message);
    }
  }

  /**
   * Forecasts the series read from {@code in}. {@code step} may be null: it is then the most common interval between
   * rows. Returns the exit code: 0 on success, 1 on bad input (the reason written to {@code err}).
   */
  public static int forecastCsv(Reader in, int horizon, Duration step, Writer out, Writer err) throws IOException {
    return forecastCsv(in, horizon, step, Preparation.Options.gauge(), out, err);
  }

  public static int forecastCsv(Reader in, int horizon, Duration step, Preparation.Options options, Writer out,
      Writer err) throws IOException {
    PrintWriter e = new PrintWriter(err);
    try {
      if (horizon < 1) {
        throw new InputException("horizon must be at least 1, got " + horizon);
      }
      Series series = read(in, step);
      ModelSelector.Selection s = new ModelSelector().select(series, options, horizon);
      PrintWriter o = new PrintWriter(out);
      o.println("timestamp,point,lower80,upper80,lower95,upper95");
      Forecast f = s.forecast();
      Series h = s.history();
      for (int i = 0; i < horizon; i++) {
        o.println(h.timeAt(h.length() + i) + "," + num(f.point()[i]) + "," + num(f.lower80()[i]) + ","
            + num(f.upper80()[i]) + "," + num(f.lower95()[i]) + "," + num(f.upper95()[i]));
      }
      o.flush();
      e.println("model: " + s.model() + " (" + s.reason() + ")");
      for (SeasonalityDetector.Season season : s.seasons()) {
        e.printf(Locale.ROOT, "season: %s period=%d acf=%.3f%n", season.name(), season.period(), season.acf());
      }
      for (String note : s.notes()) {
        e.println("note: " + note);
      }
      for (ModelSelector.CandidateScore c : s.candidates()) {
        e.printf(Locale.ROOT, "candidate: %s smape=%.4f mase=%.4f interval-scale=%.2f%s%n", c.model(), c.smape(),
            c.mase(), c.intervalScale(),
            c.note().isEmpty() ? "" : " " + c.note());
      }
      e.flush();
      return 0;
    } catch (InputException | IllegalArgumentException ex) {
      e.println("error: " + ex.getMessage());
      e.flush();
      return 1;
    }
  }

  static Series read(Reader in, Duration step) throws IOException, InputException {
    BufferedReader r = new BufferedReader(in);
    List<Instant> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int comma = t.indexOf(',');
      if (comma < 0) {
        throw new InputException("line " + lineNo + ": expected timestamp,value but got '" + abbreviate(t) + "'");
      }
      String ts = t.substring(0, comma).strip();
      String vs = t.substring(comma + 1).strip();
      if (times.isEmpty() && ts.equalsIgnoreCase("timestamp")) {
        continue;
      }
      Instant time = parseTime(ts, lineNo);
      double value = parseValue(vs, lineNo);
      if (!times.isEmpty() && !time.isAfter(times.get(times.size() - 1))) {
        throw new InputException("line " + lineNo + ": timestamp " + time + " is not after the previous row's "
            + times.get(times.size() - 1));
      }
      times.add(time);
      values.add(value);
    }
    if (times.isEmpty()) {
      throw new InputException("no rows: expected timestamp,value lines");
    }
    Duration st = step != null ? step : inferStep(times);
    if (st == null) {
      throw new InputException("a single row cannot give the step; pass --step");
    }
    Instant start = times.get(0);
    long stepMs = st.toMillis();
    long last = Duration.between(start, times.get(times.size() - 1)).toMillis();
    long slots = Math.round((double) last / stepMs) + 1;
    if (slots > MAX_SLOTS) {
      throw new InputException("the rows span " + slots + " steps of " + st + " (at most " + MAX_SLOTS
          + "): is the step right?");
    }
    double[] v = new double[(int) slots];
    java.util.Arrays.fill(v, Double.NaN);
    for (int i = 0; i < times.size(); i++) {
      // Rows off the grid go to the nearest slot; a later row in the same slot wins.
      int slot = (int) Math.round((double) Duration.between(start, times.get(i)).toMillis() / stepMs);
      v[slot] = values.get(i);
    }
    return new Series(start, st, v);
  }

  private static Instant parseTime(String ts, int lineNo) throws InputException {
    try {
      if (ts.matches("-?\\d+(\\.\\d+)?")) {
        BigDecimal seconds = new BigDecimal(ts);
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
            .longValueExact());
      }
      try {
        return Instant.parse(ts);
      } catch (DateTimeParseException e) {
        return OffsetDateTime.parse(ts).toInstant();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InputException("line " + lineNo + ": unparseable timestamp '" + abbreviate(ts)
          + "' (expected ISO-8601 like 2024-01-01T00:00:00Z or unix seconds)");
    }
  }

  private static double parseValue(String vs, int lineNo) throws InputException {
    if (vs.isEmpty() || vs.equalsIgnoreCase("nan") || vs.equalsIgnoreCase("na")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(vs);
    } catch (NumberFormatException e) {
      throw new InputException("line " + lineNo + ": unparseable value '" + abbreviate(vs) + "'");
    }
  }

  /** The most common interval between consecutive rows (gaps make longer intervals, but rarer ones). */
  private static Duration inferStep(List<Instant> times) {
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 1; i < times.size(); i++) {
      counts.merge(Duration.between(times.get(i - 1), times.get(i)).toMillis(), 1, Integer::sum);
    }
    return counts.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
        .map(en -> Duration.ofMillis(en.getKey())).orElse(null);
  }

  private static String num(double x) {
    if (!Double.isFinite(x)) {
      return "NaN";
    }
    return new BigDecimal(x).round(new MathContext(8)).stripTrailingZeros().toPlainString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
