package io.taskscope.prediction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The JSON bodies of {@link ForecastApi}, written straight to a generator (no tree in between). */
final class ApiJson {
  private ApiJson() {}

  /** {@code GET /api/v1/forecasts}: every stored target, then the last and the running run. */
  static void list(Forecasts forecasts, JsonGenerator g) throws IOException {
    Optional<RunReport> last = forecasts.lastRun();
    Optional<RunReport> running = forecasts.running();
    g.writeStartObject();
    g.writeArrayFieldStart("targets");
    for (String id : forecasts.targetIds()) {
      g.writeStartObject();
      g.writeStringField("id", id);
      Optional<StoredForecast> f = forecasts.forecast(id); // empty when removed since targetIds(): the id alone
      if (f.isPresent()) {
        g.writeStringField("metric", f.get().target().metric());
        g.writeStringField("model", f.get().model());
        g.writeStringField("createdAt", f.get().createdAt().toString());
      }
      outcome(g, latestOutcome(running, last, id));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("lastRun");
    run(g, last.orElse(null));
    g.writeFieldName("running");
    run(g, running.orElse(null));
    g.writeEndObject();
  }

  /** {@code GET /api/v1/forecasts/{target}}: {@link ForecastJson}'s object with the target's {@code state} added. */
  static void forecast(Forecasts forecasts, StoredForecast f, JsonGenerator g) throws IOException {
    RunReport.TargetOutcome o = latestOutcome(forecasts.running(), forecasts.lastRun(), f.target().id());
    ForecastJson.write(f, o == null ? g : new Appending(g, o));
  }

  /** A run as the API shows it; null writes JSON null. */
  static void run(JsonGenerator g, RunReport r) throws IOException {
    if (r == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("id", r.id());
    g.writeStringField("trigger", r.trigger());
    g.writeStringField("targetFilter", r.targetFilter());
    g.writeStringField("state", r.state().name());
    g.writeStringField("reason", r.reason());
    g.writeStringField("started", time(r.started()));
    g.writeStringField("finished", time(r.finished()));
    g.writeObjectFieldStart("counts");
    g.writeNumberField("ok", r.count(RunReport.Outcome.OK));
    g.writeNumberField("failed", r.count(RunReport.Outcome.FAILED));
    g.writeNumberField("skipped", r.count(RunReport.Outcome.SKIPPED));
    g.writeEndObject();
    // why targets were not forecast, so a bad graph can be found and fixed without reading the server's log
    g.writeArrayFieldStart("problems");
    int n = 0;
    for (RunReport.TargetOutcome o : r.outcomes()) {
      if (o.outcome() == RunReport.Outcome.OK) {
        continue;
      }
      if (++n > MAX_PROBLEMS) {
        break;
      }
      g.writeStartObject();
      g.writeStringField("target", o.targetId());
      g.writeStringField("metric", o.metric());
      g.writeStringField("outcome", o.outcome().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("reason", o.reason());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Problems listed per run at most (the counts above are complete). */
  static final int MAX_PROBLEMS = 1000;

  /**
   * {@code GET /prediction/{metricId}} in GLACIATION's shape: history, points, the 95 % bounds, model, horizon, the
   * points' times and the step in seconds.
   */
  static void upstream(StoredForecast f, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("metricId", f.target().id());
    values(g, "timeseries", f.history());
    values(g, "forecasting_values", f.point());
    values(g, "forecasting_upper_bounds", f.upper95());
    values(g, "forecasting_lower_bounds", f.lower95());
    g.writeStringField("forecasting_model", f.model());
    g.writeNumberField("forecasting_period", f.horizon());
    g.writeArrayFieldStart("time");
    for (int i = 0; i < f.horizon(); i++) {
      g.writeString(f.timeAt(i).toString());
    }
    g.writeEndArray();
    g.writeNumberField("aggregation_interval", f.step().toSeconds());
    g.writeEndObject();
  }

  /** The target's outcome in the running run if it got one there, else in the last run; null when neither has it. */
  static RunReport.TargetOutcome latestOutcome(Optional<RunReport> running, Optional<RunReport> last, String id) {
    RunReport.TargetOutcome o = running.map(r -> find(r, id)).orElse(null);
    return o != null ? o : last.map(r -> find(r, id)).orElse(null);
  }

  private static RunReport.TargetOutcome find(RunReport r, String id) {
    for (RunReport.TargetOutcome o : r.outcomes()) {
      if (o.targetId().equals(id)) {
        return o;
      }
    }
    return null;
  }

  private static void outcome(JsonGenerator g, RunReport.TargetOutcome o) throws IOException {
    if (o == null) {
      return;
    }
    g.writeObjectFieldStart("state");
    g.writeStringField("outcome", o.outcome().name().toLowerCase(java.util.Locale.ROOT));
    g.writeStringField("reason", o.reason());
    g.writeEndObject();
  }

  private static void values(JsonGenerator g, String field, double[] values) throws IOException {
    g.writeArrayFieldStart(field);
    for (double v : values) {
      if (Double.isFinite(v)) {
        g.writeNumber(v);
      } else {
        g.writeNull();
      }
    }
    g.writeEndArray();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Adds the {@code state} field just before the top-level object closes, so ForecastJson stays the one writer. */
  private static final class Appending extends JsonGeneratorDelegate {
    private RunReport.TargetOutcome pending;

    Appending(JsonGenerator g, RunReport.TargetOutcome o) {
      super(g, false);
      this.pending = o;
    }

    @Override
    public void writeEndObject() throws IOException {
      JsonStreamContext c = getOutputContext();
      if (pending != null && c.inObject() && c.getParent() != null && c.getParent().inRoot()) {
        RunReport.TargetOutcome o = pending;
        pending = null;
        outcome(delegate, o);
      }
      super.writeEndObject();
    }
  }
}
