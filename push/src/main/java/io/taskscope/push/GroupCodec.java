package io.taskscope.push;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a group in the push store: everything needed to rebuild the group exactly (labels, values, help,
 * types, per-family push times, owner, TTL). Format version 1; big-endian; strings as length-prefixed UTF-8.
 */
final class GroupCodec {
  private static final int VERSION = 1;

  private GroupCodec() {}

  static byte[] encode(PushGroup g) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(g.key().labels().size());
      for (Map.Entry<String, String> e : g.key().labels().entrySet()) {
        str(out, e.getKey());
        str(out, e.getValue());
      }
      str(out, g.tenant());
      out.writeLong(g.ttlMillis() == null ? -1 : g.ttlMillis());
      out.writeInt(g.families().size());
      for (PushGroup.Family f : g.families().values()) {
        PushedFamily pf = f.family();
        str(out, pf.name());
        out.writeBoolean(pf.help() != null);
        if (pf.help() != null) {
          str(out, pf.help());
        }
        out.writeByte(pf.type().ordinal());
        out.writeLong(f.pushedAtNanos());
        out.writeInt(pf.metrics().size());
        for (PushedMetric m : pf.metrics()) {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PushGroup decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int v = in.readUnsignedByte();
    if (v != VERSION) {
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
      int nm = in.readInt();
      List<PushedMetric> ms = new ArrayList<>(nm);
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
        ms.add(new PushedMetric(LabelPool.names(names), LabelPool.values(values), kind, value, count, sum, q, qv, b, c, null));
      }
      families.put(name, new PushGroup.Family(new PushedFamily(name, help, type, ms), at));
    }
    return new PushGroup(GroupingKey.of(labels), tenant, ttl < 0 ? null : ttl, families);
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
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
