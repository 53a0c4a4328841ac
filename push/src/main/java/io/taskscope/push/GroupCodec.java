package io.taskscope.push;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a group in the push store: everything needed to rebuild the group exactly (labels, values, help,
 * types, per-family push times, owner, TTL). Big-endian; strings as length-prefixed UTF-8.
 *
 * <p>Version 2 (written now) stores a compact family as its rendered lines, which the group already holds, so a push
 * costs no second encoding of its series; families kept in parsed form (see {@link PushGroup.Family}) are stored
 * metric by metric as in version 1, which is still read.
 */
final class GroupCodec {
  private static final int V1 = 1;
  private static final int V2 = 2;
  private static final int FORM_LINES = 0;
  private static final int FORM_METRICS = 1;

  private GroupCodec() {}

  static byte[] encode(PushGroup g) {
    return encode(g, V2);
  }

  /**
   * The group in format 1 (every family metric by metric), which older TaskScope versions read: for a downgrade, and
   * for the test that this version still reads it.
   */
  static byte[] encodeVersion1(PushGroup g) {
    return encode(g, V1);
  }

  private static byte[] encode(PushGroup g, int version) {
    int size = 64;
    for (PushGroup.Family f : g.families().values()) {
      size += 64 + f.lines().length;
    }
    Out out = new Out(size);
    out.writeByte(version);
    out.writeInt(g.key().labels().size());
    for (Map.Entry<String, String> e : g.key().labels().entrySet()) {
      str(out, e.getKey());
      str(out, e.getValue());
    }
    str(out, g.tenant());
    out.writeLong(g.ttlMillis() == null ? -1 : g.ttlMillis());
    out.writeInt(g.families().size());
    for (PushGroup.Family f : g.families().values()) {
      str(out, f.name());
      out.writeBoolean(f.help() != null);
      if (f.help() != null) {
        str(out, f.help());
      }
      out.writeByte(f.type().ordinal());
      out.writeLong(f.pushedAtNanos());
      if (version == V1) {
        writeMetrics(out, f.family().metrics());
      } else if (f.compact()) {
        out.writeByte(FORM_LINES);
        out.writeInt(f.lines().length);
        out.putAll(f.lines());
      } else {
        out.writeByte(FORM_METRICS);
        writeMetrics(out, f.family().metrics());
      }
    }
    return out.toByteArray();
  }

  private static void writeMetrics(Out out, List<PushedMetric> metrics) {
    out.writeInt(metrics.size());
    for (PushedMetric m : metrics) {
      out.writeInt(m.names.length);
      for (int i = 0; i < m.names.length; i++) {
        str(out, m.names[i]);
        str(out, m.values[i]);
      }
      out.writeByte(m.kind == null ? -1 : m.kind.ordinal());
      out.writeDouble(m.value);
      out.writeLong(m.count);
      out.writeDouble(m.sum);
      out.writeInt(m.quantiles.length);
      for (int i = 0; i < m.quantiles.length; i++) {
        out.writeDouble(m.quantiles[i]);
        out.writeDouble(m.quantileValues[i]);
      }
      out.writeInt(m.bounds.length);
      for (int i = 0; i < m.bounds.length; i++) {
        out.writeDouble(m.bounds[i]);
        out.writeLong(m.cumulative[i]);
      }
    }
  }

  static PushGroup decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int v = in.readUnsignedByte();
    if (v != V1 && v != V2) {
      throw new IOException("unknown group format version " + v);
    }
    int nl = in.readInt();
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < nl; i++) {
      labels.put(str(in), str(in));
    }
    String tenant = str(in);
    long ttl = in.readLong();
    int nf = in.readInt();
    Map<String, PushGroup.Family> families = new LinkedHashMap<>();
    for (int f = 0; f < nf; f++) {
      String name = str(in);
      String help = in.readBoolean() ? str(in) : null;
      PushType type = PushType.values()[in.readUnsignedByte()];
      long at = in.readLong();
      if (v == V2 && in.readUnsignedByte() == FORM_LINES) {
        int n = in.readInt();
        if (n < 0 || n > data.length) {
          throw new IOException("corrupt lines length " + n);
        }
        byte[] lines = new byte[n];
        in.readFully(lines);
        try {
          families.put(name, new PushGroup.Family(name, help, type, at, lines));
        } catch (TextFormatParser.ParseException e) {
          throw new IOException("stored lines of " + name + " do not parse: " + e.getMessage(), e);
        }
      } else {
        families.put(name, new PushGroup.Family(new PushedFamily(name, help, type, readMetrics(in)), at));
      }
    }
    return new PushGroup(GroupingKey.of(labels), tenant, ttl < 0 ? null : ttl, families);
  }

  private static List<PushedMetric> readMetrics(DataInputStream in) throws IOException {
    int nm = in.readInt();
    List<PushedMetric> ms = new ArrayList<>(Math.min(nm, 1 << 16));
    for (int i = 0; i < nm; i++) {
      int n = in.readInt();
      String[] names = new String[n];
      String[] values = new String[n];
      for (int j = 0; j < n; j++) {
        names[j] = str(in);
        values[j] = str(in);
      }
      byte k = in.readByte();
      PushType kind = k < 0 ? null : PushType.values()[k];
      double value = in.readDouble();
      long count = in.readLong();
      double sum = in.readDouble();
      int nq = in.readInt();
      double[] q = new double[nq];
      double[] qv = new double[nq];
      for (int j = 0; j < nq; j++) {
        q[j] = in.readDouble();
        qv[j] = in.readDouble();
      }
      int nb = in.readInt();
      double[] b = new double[nb];
      long[] c = new long[nb];
      for (int j = 0; j < nb; j++) {
        b[j] = in.readDouble();
        c[j] = in.readLong();
      }
      ms.add(new PushedMetric(LabelPool.names(names), LabelPool.values(values), kind, value, count, sum, q, qv, b, c,
          null));
    }
    return ms;
  }

  /** Big-endian fields as {@link DataInputStream} reads them back. */
  private static final class Out extends GrowableBytes {
    Out(int initial) {
      super(initial);
    }

    void writeByte(int b) {
      put(b);
    }

    void writeBoolean(boolean b) {
      put(b ? 1 : 0);
    }

    void writeInt(int v) {
      ensure(4);
      buf[pos++] = (byte) (v >>> 24);
      buf[pos++] = (byte) (v >>> 16);
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    void writeDouble(double v) {
      writeLong(Double.doubleToLongBits(v));
    }
  }

  private static void str(Out out, String s) {
    if (GrowableBytes.ascii(s)) {
      out.writeInt(s.length());
      out.putUtf8(s);
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.putAll(b);
    }
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 * 1024 * 1024) {
      throw new IOException("corrupt string length " + n);
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("truncated group record");
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
