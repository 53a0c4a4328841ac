package io.taskscope.push;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Length-delimited protobuf {@code io.prometheus.client.MetricFamily} bodies
 * ({@code application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited}), decoded with
 * client_java's shaded protobuf classes. As in Pushgateway a later family of the same name replaces an earlier one and
 * families without metrics are kept (a POST of one removes that family from the group).
 */
public final class ProtobufBody {
  private ProtobufBody() {}

  /** True when the Content-Type selects this format, by the rule Pushgateway applies. */
  public static boolean selects(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/vnd.google.protobuf")) {
      return false;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        return false; // mime.ParseMediaType fails: the text parser gets the body
      }
      String v = p.substring(eq + 1).trim();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
    }
    return "delimited".equals(params.get("encoding")) && "io.prometheus.client.MetricFamily".equals(params.get("proto"));
  }

  public static List<PushedFamily> parse(byte[] body) throws PushException {
    Map<String, PushedFamily> out = new LinkedHashMap<>();
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    while (in.available() > 0) {
      // Read the length prefix ourselves: protobuf's parseDelimitedFrom accepts a message cut short, which
      // Pushgateway rejects with "unexpected EOF".
      int length = readVarint(in);
      if (length < 0 || length > in.available()) {
        throw PushException.badRequest("unexpected EOF");
      }
      byte[] message = new byte[length];
      in.read(message, 0, length);
      Metrics.MetricFamily mf;
      try {
        mf = Metrics.MetricFamily.parseFrom(message);
      } catch (IOException | RuntimeException e) {
        throw PushException.badRequest("invalid protobuf body: " + e.getMessage());
      }
      out.put(mf.getName(), convert(mf));
    }
    return new ArrayList<>(out.values());
  }

  /** A base-128 varint, or -1 when the body ends inside it or it does not fit an int. */
  private static int readVarint(ByteArrayInputStream in) {
    int result = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = in.read();
      if (b < 0) {
        return -1;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    return -1;
  }

  private static PushedFamily convert(Metrics.MetricFamily mf) throws PushException {
    if (!mf.getNameBytes().isValidUtf8() || !GoText.isValidMetricName(mf.getName())) {
      throw PushException.badRequest("invalid metric name " + GoText.quote(mf.getName()));
    }
    PushType type = PushType.ofNumber(mf.getType().getNumber());
    if (type == null) {
      throw PushException.badRequest("metric family " + GoText.quote(mf.getName()) + " has unsupported type "
          + mf.getType());
    }
    List<PushedMetric> ms = new ArrayList<>(mf.getMetricCount());
    for (Metrics.Metric m : mf.getMetricList()) {
      ms.add(convert(mf.getName(), type, m));
    }
    return new PushedFamily(mf.getName(), mf.hasHelp() ? mf.getHelp() : null, type, ms);
  }

  private static PushedMetric convert(String family, PushType type, Metrics.Metric m) throws PushException {
    int n = m.getLabelCount();
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      Metrics.LabelPair lp = m.getLabel(i);
      names[i] = lp.getName();
      values[i] = lp.getValue();
      if (!lp.getNameBytes().isValidUtf8()) {
        throw PushException.inconsistent("collected metric " + GoText.quote(family)
            + " has a label with an invalid name: " + GoText.quote(names[i]));
      }
      if (!lp.getValueBytes().isValidUtf8()) {
        throw PushException.inconsistent("collected metric " + GoText.quote(family) + " has a label named "
            + GoText.quote(names[i]) + " whose value is not utf8");
      }
    }
    PushType kind = present(type, m) ? type : null;
    if (kind == null) {
      for (PushType t : new PushType[] {PushType.GAUGE, PushType.COUNTER, PushType.SUMMARY, PushType.UNTYPED,
          PushType.HISTOGRAM}) {
        if (present(t, m)) {
          kind = t;
          break;
        }
      }
    }
    Long ts = m.hasTimestampMs() ? m.getTimestampMs() : null;
    if (kind == null) {
      return new PushedMetric(names, values, null, 0, 0, 0, null, null, null, null, ts);
    }
    return switch (kind) {
      case GAUGE -> new PushedMetric(names, values, kind, m.getGauge().getValue(), 0, 0, null, null, null, null, ts);
      case COUNTER -> new PushedMetric(names, values, kind, m.getCounter().getValue(), 0, 0, null, null, null, null,
          ts);
      case UNTYPED -> new PushedMetric(names, values, kind, m.getUntyped().getValue(), 0, 0, null, null, null, null,
          ts);
      case SUMMARY -> {
        Metrics.Summary s = m.getSummary();
        double[] q = new double[s.getQuantileCount()];
        double[] qv = new double[q.length];
        for (int i = 0; i < q.length; i++) {
          q[i] = s.getQuantile(i).getQuantile();
          qv[i] = s.getQuantile(i).getValue();
        }
        yield new PushedMetric(names, values, kind, 0, s.getSampleCount(), s.getSampleSum(), q, qv, null, null, ts);
      }
      case HISTOGRAM -> {
        Metrics.Histogram h = m.getHistogram();
        double[] b = new double[h.getBucketCount()];
        long[] c = new long[b.length];
        for (int i = 0; i < b.length; i++) {
          b[i] = h.getBucket(i).getUpperBound();
          c[i] = h.getBucket(i).getCumulativeCount();
        }
        yield new PushedMetric(names, values, kind, 0, h.getSampleCount(), h.getSampleSum(), null, null, b, c, ts);
      }
    };
  }

  private static boolean present(PushType t, Metrics.Metric m) {
    return switch (t) {
      case GAUGE -> m.hasGauge();
      case COUNTER -> m.hasCounter();
      case SUMMARY -> m.hasSummary();
      case UNTYPED -> m.hasUntyped();
      case HISTOGRAM -> m.hasHistogram();
    };
  }

  /** Encodes families as a delimited protobuf body (used by tests and clients of this module). */
  public static byte[] encode(List<PushedFamily> families) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      for (PushedFamily f : families) {
        Metrics.MetricFamily.Builder b = Metrics.MetricFamily.newBuilder().setName(f.name())
            .setType(Metrics.MetricType.forNumber(f.type().ordinal()));
        if (f.help() != null) {
          b.setHelp(f.help());
        }
        for (PushedMetric m : f.metrics()) {
          Metrics.Metric.Builder mb = Metrics.Metric.newBuilder();
          for (int i = 0; i < m.labelCount(); i++) {
            mb.addLabel(Metrics.LabelPair.newBuilder().setName(m.labelName(i)).setValue(m.labelValue(i)));
          }
          if (m.kind != null) {
            switch (m.kind) {
              case GAUGE -> mb.setGauge(Metrics.Gauge.newBuilder().setValue(m.value));
              case COUNTER -> mb.setCounter(Metrics.Counter.newBuilder().setValue(m.value));
              case UNTYPED -> mb.setUntyped(Metrics.Untyped.newBuilder().setValue(m.value));
              case SUMMARY -> {
                Metrics.Summary.Builder s = Metrics.Summary.newBuilder().setSampleCount(m.count).setSampleSum(m.sum);
                for (int i = 0; i < m.quantiles.length; i++) {
                  s.addQuantile(Metrics.Quantile.newBuilder().setQuantile(m.quantiles[i])
                      .setValue(m.quantileValues[i]));
                }
                mb.setSummary(s);
              }
              case HISTOGRAM -> {
                Metrics.Histogram.Builder h = Metrics.Histogram.newBuilder().setSampleCount(m.count)
                    .setSampleSum(m.sum);
                for (int i = 0; i < m.bounds.length; i++) {
                  h.addBucket(Metrics.Bucket.newBuilder().setUpperBound(m.bounds[i])
                      .setCumulativeCount(m.cumulative[i]));
                }
                mb.setHistogram(h);
              }
            }
          }
          if (m.timestampMs != null) {
            mb.setTimestampMs(m.timestampMs);
          }
          b.addMetric(mb);
        }
        b.build().writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
