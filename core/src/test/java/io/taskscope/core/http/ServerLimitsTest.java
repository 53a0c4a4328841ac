package io.taskscope.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK server's limits as {@link ServerLimits} sets them, proved on raw sockets against a server in its own JVM
 * (requestTimeout 2 s, maxConnections 3, maxHeaderBytes 4096): slow headers and slow bodies are cut, connections beyond
 * the cap are closed while the others are served.
 */
class ServerLimitsTest {
  static Process probe;
  static int port;

  @BeforeAll
  static void startProbe() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LimitsProbe.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("port ")) {
      // skip anything else the JVM prints
    }
    assertThat(line).as("probe started").isNotNull();
    port = Integer.parseInt(line.substring(5).trim());
  }

  @AfterAll
  static void stopProbe() throws Exception {
    if (probe != null) {
      probe.getOutputStream().close();
      if (!probe.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        probe.destroyForcibly();
      }
    }
  }

  static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  static String readToClose(Socket s) throws IOException {
    return io.taskscope.testkit.RawHttp.readToClose(s);
  }

  @Test
  void halfSentHeadersAreClosedAfterTheRequestTimeout() throws Exception {
    try (Socket s = connect()) {
      long t0 = System.nanoTime();
      s.getOutputStream().write("PUT /x HTTP/1.1\r\nHost: t\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
      String got = readToClose(s);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(got).isEmpty();
      assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(6));
    }
  }

  @Test
  void aSlowChunkedBodyIsCut() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write("PUT /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      boolean cut = false;
      for (int i = 0; i < 20 && !cut; i++) { // 10 s of a chunk every 500 ms, far beyond the 2 s timeout
        try {
          out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(500);
        } catch (IOException e) {
          cut = true;
        }
        if (Duration.ofNanos(System.nanoTime() - t0).toSeconds() >= 5) {
          break;
        }
      }
      // the server closes it (readToClose would time out with an exception after 10 s otherwise)
      String got = readToClose(s);
      assertThat(got).doesNotContain("HTTP/1.1 200");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void aBodyInTimeIsServed() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(("PUT /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToClose(s)).startsWith("HTTP/1.1 200").endsWith("read 5\n");
    }
  }

  @Test
  void headersOverTheLimitCloseTheConnection() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(("GET /x HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(8000) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToClose(s)).doesNotContain("HTTP/1.1 200");
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedWhileOthersAreServed() throws Exception {
    Thread.sleep(2500); // connections of earlier tests are gone (closed by the server or idle out)
    try (Socket a = connect(); Socket b = connect(); Socket c = connect()) {
      c.getOutputStream().write("GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] head = c.getInputStream().readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      long t0 = System.nanoTime();
      try (Socket d = connect()) {
        d.getOutputStream().write("GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readToClose(d)).as("fourth connection").isEmpty();
      } catch (SocketException closedEarly) {
        // the write itself may see the close
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }
    Thread.sleep(300);
    try (Socket e = connect()) {
      e.getOutputStream().write("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToClose(e)).startsWith("HTTP/1.1 200");
    }
  }
}
