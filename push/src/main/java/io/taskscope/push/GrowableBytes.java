package io.taskscope.push;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte array that grows as it is written, without the per-call lock of ByteArrayOutputStream: the base of the
 * push path's two writers, {@link LineBuffer} (exposition lines) and the store codec ({@link GroupCodec}).
 */
class GrowableBytes {
  protected byte[] buf;
  protected int pos;

  GrowableBytes(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  protected final void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  final void put(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  final void putAll(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** True when every char of {@code s} is ASCII (then its UTF-8 is one byte per char). */
  static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} as UTF-8; ASCII is copied char by char without a temporary array. */
  final void putUtf8(String s) {
    if (!ascii(s)) {
      putAll(s.getBytes(StandardCharsets.UTF_8));
      return;
    }
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  final byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
