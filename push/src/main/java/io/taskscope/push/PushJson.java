package io.taskscope.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pushgateway's JSON for {@code /api/v1/metrics}, written as it is built: group by group and family by family (each
 * parsed back from its lines only while it is written), so the answer for 100,000 series never sits in memory whole.
 * The keys of a group come in sorted order, as Pushgateway's encoder writes them.
 */
final class PushJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Writes values into a streamed answer without flushing after each one (the stream is flushed at its end). */
  private static final com.fasterxml.jackson.databind.ObjectWriter PART = JSON.writer()
      .without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  static final DateTimeFormatter RFC3339_NANO = new java.time.format.DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
      .appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

  private PushJson() {}

  /**
   * Writes {@code {"status":"success","data":[...]}} for {@code groups}. The generator is closed only when the answer
   * is complete: closing it on a failure would write the missing brackets, a truncated list that parses.
   */
  static void writeGroups(OutputStream out, List<PushGroup> groups) throws IOException {
    com.fasterxml.jackson.core.JsonGenerator gen = JSON.getFactory().createGenerator(out);
    {
      gen.writeStartObject();
      gen.writeStringField("status", "success");
      gen.writeArrayFieldStart("data");
      for (PushGroup g : groups) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(g.families().keySet());
        keys.add("labels");
        keys.add("last_push_successful");
        if (g.ttlMillis() != null) {
          // not in Pushgateway: where TaskScope shows expiry (a key no metric name can take)
          keys.add("taskscope:expires_at");
        }
        gen.writeStartObject();
        for (String k : keys) {
          gen.writeFieldName(k);
          PushGroup.Family f = g.families().get(k); // a family named like a fixed key wins, as it did in a map
          if (f != null) {
            PART.writeValue(gen, familyJson(f));
          } else if (k.equals("labels")) {
            PART.writeValue(gen, new TreeMap<>(g.key().labels()));
          } else if (k.equals("last_push_successful")) {
            gen.writeBoolean(g.lastPushSuccessful());
          } else {
            gen.writeString(RFC3339_NANO.format(Instant.ofEpochMilli(g.expiresAtMillis())));
          }
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
    gen.close();
  }

  private static Map<String, Object> familyJson(PushGroup.Family f) {
    PushedFamily pf = f.family();
    Map<String, Object> fam = new LinkedHashMap<>();
    fam.put("time_stamp", RFC3339_NANO.format(Instant.ofEpochSecond(0, f.pushedAtNanos())));
    fam.put("type", pf.type().name());
    if (!pf.helpOrEmpty().isEmpty()) {
      fam.put("help", pf.help());
    }
    List<Object> metrics = new ArrayList<>(pf.metrics().size());
    for (PushedMetric m : pf.metrics()) {
      TreeMap<String, Object> jm = new TreeMap<>();
      TreeMap<String, String> labels = new TreeMap<>();
      for (int i = 0; i < m.labelCount(); i++) {
        labels.put(m.labelName(i), m.labelValue(i));
      }
      jm.put("labels", labels);
      switch (pf.type()) {
        case SUMMARY -> {
          TreeMap<String, String> q = new TreeMap<>();
          for (int i = 0; i < m.quantiles.length; i++) {
            q.put(GoText.formatFloat(m.quantiles[i]), GoText.formatFloat(m.quantileValues[i]));
          }
          jm.put("quantiles", q);
          jm.put("count", Long.toUnsignedString(m.count()));
          jm.put("sum", GoText.formatFloat(m.sum()));
        }
        case HISTOGRAM -> {
          TreeMap<String, String> bk = new TreeMap<>();
          for (int i = 0; i < m.bounds.length; i++) {
            bk.put(GoText.formatFloat(m.bounds[i]), Long.toUnsignedString(m.cumulative[i]));
          }
          jm.put("buckets", bk);
          jm.put("count", Long.toUnsignedString(m.count()));
          jm.put("sum", GoText.formatFloat(m.sum()));
        }
        default -> jm.put("value", GoText.formatFloat(m.value()));
      }
      metrics.add(jm);
    }
    fam.put("metrics", metrics);
    return fam;
  }
}
