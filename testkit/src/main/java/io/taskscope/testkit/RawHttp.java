package io.taskscope.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP on a raw loopback socket, for tests that must see what a client library hides: whether a chunked body got its
 * last chunk, a connection closed without an answer, a request sent in pieces.
 */
public final class RawHttp {
  private RawHttp() {}

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
}
