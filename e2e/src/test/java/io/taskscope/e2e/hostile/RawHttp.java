package io.taskscope.e2e.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Exact bytes on a plain socket to 127.0.0.1, and what came back within a bounded time. */
final class RawHttp {
  private RawHttp() {}

  /** Read outcome kinds: an answer, the connection closed (EOF or reset) first, or nothing at all in time. */
  static final int CLOSED = -1;
  static final int SILENT = -2;
  /** Largest answer body read: a test never needs more, and a runaway answer cannot fill the test heap. */
  static final int MAX_BODY = 8 << 20;

  /**
   * @param status HTTP status, {@link #CLOSED} or {@link #SILENT}
   * @param complete the body ended as framed (Content-Length reached or the last chunk seen)
   */
  record Result(int status, Map<String, String> headers, String body, boolean complete, long millis) {
    @Override
    public String toString() {
      String s = status == CLOSED ? "connection closed without an answer"
          : status == SILENT ? "no answer (connection still open)" : Integer.toString(status);
      String b = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return s + (b.isEmpty() ? "" : " " + b.replace("\n", "\\n")) + (complete ? "" : " [body incomplete]")
          + " after " + millis + " ms";
    }
  }

  static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return s;
  }

  static Result exchange(int port, byte[] request, Duration readFor) {
    long t0 = System.nanoTime();
    try (Socket s = connect(port)) {
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (IOException closedWhileWriting) {
        // the server may answer and close before reading everything: read what it said
      }
      return read(s, readFor, t0);
    } catch (IOException e) {
      return new Result(CLOSED, Map.of(), "(" + e + ")", false, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** Reads one answer from {@code s}, for at most {@code readFor} (the deadline bounds every read). */
  static Result read(Socket s, Duration readFor, long t0) {
    long deadline = System.nanoTime() + readFor.toNanos();
    Deadlined in;
    try {
      in = new Deadlined(s, deadline);
    } catch (IOException e) {
      return new Result(CLOSED, Map.of(), "(" + e + ")", false, ms(t0));
    }
    String statusLine;
    try {
      statusLine = in.line();
    } catch (SocketTimeoutException e) {
      return new Result(SILENT, Map.of(), "", false, ms(t0));
    } catch (IOException e) {
      return new Result(CLOSED, Map.of(), "(" + e + ")", false, ms(t0));
    }
    if (statusLine == null) {
      return new Result(CLOSED, Map.of(), "", false, ms(t0));
    }
    String[] parts = statusLine.split(" ");
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      return new Result(CLOSED, Map.of(), "(not HTTP: " + statusLine + ")", false, ms(t0));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete = false;
    try {
      for (String l = in.line(); l != null && !l.isEmpty(); l = in.line()) {
        int c = l.indexOf(':');
        if (c > 0) {
          headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(),
              (a, b) -> a + ", " + b);
        }
      }
      if (code == 204 || code == 304 || code / 100 == 1) {
        complete = true;
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        while (body.size() < MAX_BODY) {
          String sz = in.line();
          if (sz == null) {
            break;
          }
          long n = Long.parseLong(sz.split(";")[0].trim(), 16);
          if (n == 0) {
            complete = true;
            break;
          }
          body.write(in.bytes((int) Math.min(n, MAX_BODY)));
          in.line();
        }
      } else if (headers.containsKey("content-length")) {
        long n = Long.parseLong(headers.get("content-length"));
        byte[] b = in.bytes((int) Math.min(n, MAX_BODY));
        body.write(b);
        complete = b.length == n;
      } else {
        body.write(in.bytes(MAX_BODY));
        complete = true; // close-delimited
      }
    } catch (IOException | RuntimeException e) {
      complete = false;
    }
    return new Result(code, headers, body.toString(StandardCharsets.UTF_8), complete, ms(t0));
  }

  /**
   * Waits up to {@code max} for the server to close {@code s} (EOF or reset); returns the milliseconds since
   * {@code t0} when it did, or -1 when it is still open (bytes the server sends are skipped).
   */
  static long awaitClose(Socket s, Duration max, long t0) {
    long deadline = System.nanoTime() + max.toNanos();
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (System.nanoTime() < deadline) {
        s.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
        try {
          if (in.read(buf) < 0) {
            return ms(t0);
          }
        } catch (SocketTimeoutException e) {
          // still open
        }
      }
      return -1;
    } catch (IOException reset) {
      return ms(t0);
    }
  }


  /**
   * How a streamed answer ended: its status, whether the body ended as framed ({@code complete}), whether it was cut
   * (EOF or reset before its end), or was still streaming at the deadline; bytes counted, only the first 64 KiB kept.
   */
  record Stream(int status, String head, boolean complete, boolean cut, boolean stillStreaming, long bytes,
                long millis) {
    @Override
    public String toString() {
      return status + " " + (complete ? "complete" : cut ? "cut" : stillStreaming ? "still streaming" : "?") + " after "
          + bytes + " body bytes and " + millis + " ms: " + (head.length() > 300 ? head.substring(0, 300) : head)
          .replace("\n", "\\n");
    }
  }

  static Stream stream(int port, byte[] request, Duration max) {
    long t0 = System.nanoTime();
    long deadline = t0 + max.toNanos();
    try (Socket s = connect(port)) {
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      Deadlined in = new Deadlined(s, deadline);
      String statusLine;
      try {
        statusLine = in.line();
      } catch (SocketTimeoutException e) {
        return new Stream(SILENT, "", false, false, true, 0, ms(t0));
      } catch (IOException e) {
        return new Stream(CLOSED, "", false, true, false, 0, ms(t0));
      }
      if (statusLine == null) {
        return new Stream(CLOSED, "", false, true, false, 0, ms(t0));
      }
      int code = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = in.line(); l != null && !l.isEmpty(); l = in.line()) {
        int c = l.indexOf(':');
        if (c > 0) {
          headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
      }
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      long bytes = 0;
      try {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          while (true) {
            String sz = in.line();
            if (sz == null) {
              return new Stream(code, head.toString(StandardCharsets.UTF_8), false, true, false, bytes, ms(t0));
            }
            long n = Long.parseLong(sz.split(";")[0].trim(), 16);
            if (n == 0) {
              return new Stream(code, head.toString(StandardCharsets.UTF_8), true, false, false, bytes, ms(t0));
            }
            long got = in.skip(n, head);
            bytes += got;
            if (got < n) {
              return new Stream(code, head.toString(StandardCharsets.UTF_8), false, true, false, bytes, ms(t0));
            }
            in.line();
          }
        }
        long n = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : Long.MAX_VALUE;
        bytes = in.skip(n, head);
        boolean complete = n != Long.MAX_VALUE && bytes == n;
        return new Stream(code, head.toString(StandardCharsets.UTF_8), complete, !complete, false, bytes, ms(t0));
      } catch (SocketTimeoutException e) {
        return new Stream(code, head.toString(StandardCharsets.UTF_8), false, false, true, bytes, ms(t0));
      } catch (IOException e) {
        return new Stream(code, head.toString(StandardCharsets.UTF_8), false, true, false, bytes, ms(t0));
      }
    } catch (IOException e) {
      return new Stream(CLOSED, "(" + e + ")", false, true, false, 0, ms(t0));
    }
  }

  static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Reads with every read bounded by one overall deadline. */
  private static final class Deadlined {
    final Socket s;
    final InputStream in;
    final long deadline;

    Deadlined(Socket s, long deadline) throws IOException {
      this.s = s;
      this.in = s.getInputStream();
      this.deadline = deadline;
    }

    int read() throws IOException {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline");
      }
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      return in.read();
    }

    String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = read()) >= 0) {
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
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("deadline");
        }
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
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

    byte[] bytes(int n) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (b.size() < n) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("deadline");
        }
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int r = in.read(buf, 0, Math.min(buf.length, n - b.size()));
        if (r < 0) {
          break;
        }
        b.write(buf, 0, r);
      }
      return b.toByteArray();
    }
  }

  /** A request head: request line, Host, the given header lines, Connection: close, blank line. */
  static byte[] head(String requestLine, int port, String... headerLines) {
    StringBuilder sb = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
