package io.taskscope.prediction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of a {@link StoredForecast}: what the store keeps and what {@code GET /api/v1/forecasts/{target}}
 * answers. Series are arrays aligned with their {@code start} and {@code stepSeconds}; a missing sample is null.
 */
public final class ForecastJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ForecastJson() {}

  public static String write(StoredForecast f) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
      write(f, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  public static void write(StoredForecast f, JsonGenerator g) throws IOException {
    Target t = f.target();
    g.writeStartObject();
    g.writeObjectFieldStart("target");
    g.writeStringField("id", t.id());
    g.writeStringField("metric", t.metric());
    g.writeStringField("resource", t.resourceIri());
    g.writeStringField("metricNode", t.metricIri());
    g.writeStringField("prometheus", t.prometheusUrl());
    g.writeStringField("query", t.query());
    g.writeEndObject();
    g.writeStringField("createdAt", f.createdAt().toString());
    g.writeNumberField("stepSeconds", f.step().toMillis() / 1000.0);
    g.writeStringField("model", f.model());
    g.writeStringField("reason", f.reason());
    g.writeArrayFieldStart("candidates");
    for (StoredForecast.Candidate c : f.candidates()) {
      g.writeStartObject();
      g.writeStringField("model", c.model());
      number(g, "smape", c.smape());
      number(g, "mase", c.mase());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notes");
    for (String n : f.notes()) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("history");
    g.writeStringField("start", f.historyStart().toString());
    array(g, "values", f.history());
    g.writeEndObject();
    g.writeObjectFieldStart("forecast");
    g.writeStringField("start", f.forecastStart().toString());
    array(g, "point", f.point());
    array(g, "lower80", f.lower80());
    array(g, "upper80", f.upper80());
    array(g, "lower95", f.lower95());
    array(g, "upper95", f.upper95());
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Reads what {@link #write} wrote; a malformed text is an {@link IllegalArgumentException}. */
  public static StoredForecast read(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      JsonNode t = n.path("target");
      Target target = new Target(t.path("id").asText(), t.path("metric").asText(), t.path("resource").asText(),
          t.path("metricNode").asText(), t.path("prometheus").asText(), t.path("query").asText());
      List<StoredForecast.Candidate> candidates = new ArrayList<>();
      for (JsonNode c : n.path("candidates")) {
        candidates.add(new StoredForecast.Candidate(c.path("model").asText(), num(c.path("smape")),
            num(c.path("mase"))));
      }
      List<String> notes = new ArrayList<>();
      n.path("notes").forEach(x -> notes.add(x.asText()));
      JsonNode h = n.path("history");
      JsonNode fc = n.path("forecast");
      Duration step = Duration.ofMillis(Math.round(n.path("stepSeconds").asDouble() * 1000));
      return new StoredForecast(target, Instant.parse(n.path("createdAt").asText()), step,
          Instant.parse(h.path("start").asText()), doubles(h.path("values")), Instant.parse(fc.path("start").asText()),
          doubles(fc.path("point")), doubles(fc.path("lower80")), doubles(fc.path("upper80")),
          doubles(fc.path("lower95")), doubles(fc.path("upper95")), n.path("model").asText(),
          n.path("reason").asText(), List.copyOf(candidates), List.copyOf(notes));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("stored forecast does not parse: " + e.getMessage(), e);
    }
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    g.writeFieldName(field);
    value(g, v);
  }

  private static void value(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }

  private static void array(JsonGenerator g, String field, double[] values) throws IOException {
    g.writeArrayFieldStart(field);
    for (double v : values) {
      value(g, v);
    }
    g.writeEndArray();
  }

  private static double num(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = num(a.get(i));
    }
    return d;
  }
}
