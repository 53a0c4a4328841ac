package io.taskscope.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP on a raw loopback socket, for tests that must see what a client library hides or refuses to send: whether a
 * chunked body got its last chunk, a connection closed without an answer, a request sent in pieces, exact bytes
 * (lying lengths, smuggling, odd request lines). Reads are bounded by a deadline, answer bodies by {@link #MAX_BODY}.
 */
public final class RawHttp {
  private RawHttp() {}

  /** {@link Result#status()} when the connection closed (EOF or reset) before an answer. */
  public static final int CLOSED = -1;
  /** {@link Result#status()} when nothing came back in time (the connection still open). */
  public static final int SILENT = -2;
  /** Largest answer body kept: a test never needs more, and a runaway answer cannot fill the test heap. */
  public static final int MAX_BODY = 8 << 20;

  /** Sends {@code request} as written (ASCII) to 127.0.0.1:{@code port}; returns everything until the server closes. */
  public static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return readToClose(s);
    }
  }

  /** Reads until the server closes the connection, or resets it (an aborted answer may end so); what arrived. */
  public static String readToClose(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      // a reset is as good as a close here
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * One parsed answer.
   *
   * @param status HTTP status, {@link #CLOSED} or {@link #SILENT}
   * @param headers lower-case names; repeated headers joined with ", "
   * @param complete the body ended as framed (Content-Length reached, the last chunk seen, or close-delimited)
   */
  public record Result(int status, Map<String, String> headers, String body, boolean complete, long millis) {
    @Override
    public String toString() {
      String s = status == CLOSED ? "connection closed without an answer"
          : status == SILENT ? "no answer (connection still open)" : Integer.toString(status);
      String b = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return s + (b.isEmpty() ? "" : " " + b.replace("\n", "\\n")) + (complete ? "" : " [body incomplete]")
          + " after " + millis + " ms";
    }
  }

  /** A socket connected to 127.0.0.1:{@code port} (5 s connect timeout). */
  public static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return s;
  }

  /** Sends {@code request} on a connection of its own and reads one answer for at most {@code readFor}. */
  public static Result exchange(int port, byte[] request, Duration readFor) {
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
      return new Result(CLOSED, Map.of(), "(" + e + ")", false, ms(t0));
    }
  }

  /** Reads one answer from {@code s}, for at most {@code readFor} (the deadline bounds every read). */
  public static Result read(Socket s, Duration readFor, long t0) {
    DeadlineReader in;
    try {
      in = new DeadlineReader(s, System.nanoTime() + readFor.toNanos());
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
    int code;
    try {
      code = Integer.parseInt(statusLine.split(" ")[1]);
    } catch (RuntimeException e) {
      return new Result(CLOSED, Map.of(), "(not HTTP: " + statusLine + ")", false, ms(t0));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete = false;
    try {
      readHeaders(in, headers);
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

  private static void readHeaders(DeadlineReader in, Map<String, String> headers) throws IOException {
    for (String l = in.line(); l != null && !l.isEmpty(); l = in.line()) {
      int c = l.indexOf(':');
      if (c > 0) {
        headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
  }

  /**
   * Waits up to {@code max} for the server to close {@code s} (EOF or reset); returns the milliseconds since
   * {@code t0} when it did, or -1 when it is still open (bytes the server sends are skipped).
   */
  public static long awaitClose(Socket s, Duration max, long t0) {
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
  public record Streamed(int status, String head, boolean complete, boolean cut, boolean stillStreaming, long bytes,
                         long millis) {
    @Override
    public String toString() {
      return status + " " + (complete ? "complete" : cut ? "cut" : stillStreaming ? "still streaming" : "?") + " after "
          + bytes + " body bytes and " + millis + " ms: " + (head.length() > 300 ? head.substring(0, 300) : head)
          .replace("\n", "\\n");
    }
  }

  /** Sends {@code request} and follows a possibly huge answer to its end, for at most {@code max}. */
  public static Streamed stream(int port, byte[] request, Duration max) {
    long t0 = System.nanoTime();
    try (Socket s = connect(port)) {
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      DeadlineReader in = new DeadlineReader(s, t0 + max.toNanos());
      String statusLine;
      try {
        statusLine = in.line();
      } catch (SocketTimeoutException e) {
        return new Streamed(SILENT, "", false, false, true, 0, ms(t0));
      } catch (IOException e) {
        return new Streamed(CLOSED, "", false, true, false, 0, ms(t0));
      }
      if (statusLine == null) {
        return new Streamed(CLOSED, "", false, true, false, 0, ms(t0));
      }
      int code = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      readHeaders(in, headers);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      long bytes = 0;
      try {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          while (true) {
            String sz = in.line();
            long n = sz == null ? -1 : Long.parseLong(sz.split(";")[0].trim(), 16);
            if (n == 0) {
              return new Streamed(code, head.toString(StandardCharsets.UTF_8), true, false, false, bytes, ms(t0));
            }
            long got = n < 0 ? 0 : in.skip(n, head);
            bytes += got;
            if (n < 0 || got < n) {
              return new Streamed(code, head.toString(StandardCharsets.UTF_8), false, true, false, bytes, ms(t0));
            }
            in.line();
          }
        }
        long n = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : Long.MAX_VALUE;
        bytes = in.skip(n, head);
        boolean complete = n != Long.MAX_VALUE && bytes == n;
        return new Streamed(code, head.toString(StandardCharsets.UTF_8), complete, !complete, false, bytes, ms(t0));
      } catch (SocketTimeoutException e) {
        return new Streamed(code, head.toString(StandardCharsets.UTF_8), false, false, true, bytes, ms(t0));
      } catch (IOException e) {
        return new Streamed(code, head.toString(StandardCharsets.UTF_8), false, true, false, bytes, ms(t0));
      }
    } catch (IOException e) {
      return new Streamed(CLOSED, "(" + e + ")", false, true, false, 0, ms(t0));
    }
  }

  /** Milliseconds since {@code t0} (a {@link System#nanoTime()}). */
  public static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** A request head: request line, Host, the given header lines, Connection: close, blank line (ISO-8859-1). */
  public static byte[] head(String requestLine, int port, String... headerLines) {
    StringBuilder sb = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
