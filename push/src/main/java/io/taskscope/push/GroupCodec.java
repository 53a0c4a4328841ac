package io.taskscope.push;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    Out out = new Out(64 + 96 * g.seriesCount());
    {
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
    }
    return out.toByteArray();
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

  /**
   * A growable big-endian buffer writing what {@link DataInputStream} reads back; unlike DataOutputStream over
   * ByteArrayOutputStream it takes no lock per field and copies ASCII strings without a temporary array.
   */
  private static final class Out {
    private byte[] buf;
    private int pos;

    Out(int initial) {
      buf = new byte[Math.max(64, initial)];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void writeByte(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
    }

    void writeBoolean(boolean b) {
      writeByte(b ? 1 : 0);
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

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static void str(Out out, String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (ascii) {
      out.writeInt(n);
      out.ensure(n);
      for (int i = 0; i < n; i++) {
        out.buf[out.pos++] = (byte) s.charAt(i); // ASCII: one byte per char, exactly its UTF-8
      }
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.ensure(b.length);
      System.arraycopy(b, 0, out.buf, out.pos, b.length);
      out.pos += b.length;
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
