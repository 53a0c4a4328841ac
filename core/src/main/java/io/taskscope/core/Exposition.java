package io.taskscope.core;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes {@code /metrics}: TaskScope's own instruments (a client_java {@link PrometheusRegistry}) followed by the
 * families of every {@link MetricSource}. Format choice follows the scraper's Accept header through client_java's
 * {@link ExpositionFormats}. Text formats copy pre-rendered lines; protobuf goes through client_java snapshots.
 */
public final class Exposition {
  /** The wire formats TaskScope serves. */
  public enum Format {
    TEXT("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS(OpenMetricsTextFormatWriter.CONTENT_TYPE),
    PROTOBUF(PrometheusProtobufWriter.CONTENT_TYPE);

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final ExpositionFormats formats = ExpositionFormats.init();
  private final PrometheusRegistry registry;
  private final Supplier<List<MetricSource>> sources;
  private final HeaderRules headerRules;

  public Exposition(PrometheusRegistry registry, Supplier<List<MetricSource>> sources, HeaderRules headerRules) {
    this.registry = registry;
    this.sources = sources;
    this.headerRules = headerRules;
  }

  public Exposition(PrometheusRegistry registry, Supplier<List<MetricSource>> sources) {
    this(registry, sources, HeaderRules.KUBE_STATE_METRICS);
  }

  public Format negotiate(String acceptHeader) {
    ExpositionFormatWriter w = formats.findWriter(acceptHeader);
    if (w instanceof PrometheusProtobufWriter && w.isAvailable()) {
      return Format.PROTOBUF;
    }
    if (w instanceof OpenMetricsTextFormatWriter) {
      return Format.OPENMETRICS;
    }
    return Format.TEXT;
  }

  public void write(OutputStream out, Format format) throws IOException {
    switch (format) {
      case TEXT -> writeText(out, false);
      case OPENMETRICS -> writeText(out, true);
      case PROTOBUF -> writeProtobuf(out);
    }
  }

  /**
   * The families of all sources, merged by name and type (first header wins), in first-seen order. A name a source
   * gives under two types (tenants of the push hub may disagree) stays two families: merged, one type's lines would
   * show under the other's TYPE line, and protobuf would mix both in one message.
   */
  Map<String, MergedFamily> families() {
    Map<String, MergedFamily> merged = new LinkedHashMap<>();
    for (MetricSource source : sources.get()) {
      source.collect((header, body) -> merged.computeIfAbsent(header.name() + '\u0000' + header.type(),
          n -> new MergedFamily(header)).bodies.add(body));
    }
    return merged;
  }

  private void writeText(OutputStream out, boolean openMetrics) throws IOException {
    ByteArrayOutputStream own = new ByteArrayOutputStream(4096);
    MetricSnapshots snapshots = registry.scrape();
    if (openMetrics) {
      formats.getOpenMetricsTextFormatWriter().write(own, snapshots);
      byte[] b = own.toByteArray();
      // client_java ends its OpenMetrics output with "# EOF"; our families follow, so drop it and add one at the end.
      int len = b.length;
      if (endsWith(b, EOF)) {
        len -= EOF.length;
      }
      out.write(b, 0, len);
    } else {
      formats.getPrometheusTextFormatWriter().write(own, snapshots);
      own.writeTo(out);
    }
    for (MergedFamily f : families().values()) {
      boolean empty = f.isEmpty();
      if (empty && !headerRules.headersForEmptyFamilies()) {
        continue;
      }
      FamilyHeader h = f.header;
      String name = openMetrics ? h.openMetricsName() : h.name();
      String type = openMetrics ? h.openMetricsType() : headerRules.textType(h.type());
      StringBuilder sb = new StringBuilder(name.length() * 2 + h.help().length() + 24);
      sb.append("# HELP ").append(name).append(' ').append(TextLines.escapeHelp(h.help())).append('\n');
      sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      if (!empty) {
        for (FamilyBody body : f.bodies) {
          body.writeLines(out);
        }
      }
    }
    if (openMetrics) {
      out.write(EOF);
    }
  }

  /**
   * The registry's own metrics, then each family as one length-delimited {@code MetricFamily} message assembled from
   * its parts: a message is the concatenation of the parts' encodings (protobuf merges repeated encodings of a message:
   * name, help and type repeat, the metrics append), so only one part at a time becomes objects. A push hub's family
   * of 100,000 series in 1,000 groups would otherwise be 100,000 snapshot objects at once. The parts are encoded twice,
   * once to learn the family's length and once to write it, so that no family is held encoded in memory either.
   */
  private void writeProtobuf(OutputStream out) throws IOException {
    PrometheusProtobufWriter writer = formats.getPrometheusProtobufWriter();
    writer.write(out, registry.scrape());
    for (MergedFamily f : families().values()) {
      long[] length = {0};
      encodeParts(writer, f, (b, off, len) -> length[0] += len);
      if (length[0] > 0) {
        writeVarint(out, length[0]);
        encodeParts(writer, f, out::write);
      }
    }
  }

  private interface Piece {
    void accept(byte[] b, int off, int len) throws IOException;
  }

  /** Each part of the family encoded as a {@code MetricFamily} message, without the writer's length prefix. */
  private static void encodeParts(PrometheusProtobufWriter writer, MergedFamily f, Piece sink) throws IOException {
    ByteArrayOutputStream piece = new ByteArrayOutputStream();
    try {
      for (FamilyBody b : f.bodies) {
        b.forEachPart(part -> {
          MetricSnapshot s = SnapshotConverter.toSnapshot(f.header, List.of(part));
          if (s == null) {
            return;
          }
          try {
            piece.reset();
            writer.write(piece, MetricSnapshots.of(s));
            byte[] p = piece.toByteArray();
            int skip = varintLength(p);
            sink.accept(p, skip, p.length - skip);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int varintLength(byte[] b) {
    int i = 0;
    while (i < b.length && (b[i] & 0x80) != 0) {
      i++;
    }
    return Math.min(b.length, i + 1);
  }

  private static void writeVarint(OutputStream out, long v) throws IOException {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static boolean endsWith(byte[] b, byte[] suffix) {
    if (b.length < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (b[b.length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  /** All bodies of the sources that share one family name. */
  public static final class MergedFamily {
    private final FamilyHeader header;
    private final List<FamilyBody> bodies = new ArrayList<>(2);

    MergedFamily(FamilyHeader header) {
      this.header = header;
    }

    public FamilyHeader header() {
      return header;
    }

    public List<FamilyBody> bodies() {
      return bodies;
    }

    public boolean isEmpty() {
      for (FamilyBody b : bodies) {
        if (!b.isEmpty()) {
          return false;
        }
      }
      return true;
    }
  }
}
