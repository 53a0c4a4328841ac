package io.taskscope.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Reads a socket with every read bounded by one overall deadline (a {@link System#nanoTime()}), for {@link RawHttp}. */
final class DeadlineReader {
  private final Socket s;
  private final InputStream in;
  private final long deadline;

  DeadlineReader(Socket s, long deadline) throws IOException {
    this.s = s;
    this.in = s.getInputStream();
    this.deadline = deadline;
  }

  /** Arms the socket timeout with what is left of the deadline; SocketTimeoutException when nothing is. */
  private void arm() throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline");
    }
    s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
  }

  /** A line without its CRLF (or LF), null at EOF before any byte. */
  String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while (true) {
      arm();
      if ((c = in.read()) < 0) {
        break;
      }
      if (c == '\n') {
        String t = b.toString(StandardCharsets.ISO_8859_1);
        return t.endsWith("\r") ? t.substring(0, t.length() - 1) : t;
      }
      if (b.size() > 1 << 20) {
        throw new IOException("line too long");
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads up to n bytes, keeping the first 64 KiB in {@code keep}; returns how many were read before EOF. */
  long skip(long n, ByteArrayOutputStream keep) throws IOException {
    byte[] buf = new byte[65536];
    long got = 0;
    while (got < n) {
      arm();
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - got));
      if (r < 0) {
        break;
      }
      if (keep.size() < 65536) {
        keep.write(buf, 0, Math.min(r, 65536 - keep.size()));
      }
      got += r;
    }
    return got;
  }

  /** Up to n bytes, fewer at EOF. */
  byte[] bytes(int n) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (b.size() < n) {
      arm();
      int r = in.read(buf, 0, Math.min(buf.length, n - b.size()));
      if (r < 0) {
        break;
      }
      b.write(buf, 0, r);
    }
    return b.toByteArray();
  }
}
