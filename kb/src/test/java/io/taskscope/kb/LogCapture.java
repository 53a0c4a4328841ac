package io.taskscope.kb;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what slf4j-simple writes (it resolves System.err on each log call) while open. */
final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  LogCapture() {
    System.setErr(new PrintStream(new TeeStream(), true, StandardCharsets.UTF_8));
  }

  String text() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  long count(String needle) {
    return text().lines().filter(l -> l.contains(needle)).count();
  }

  @Override
  public void close() {
    System.setErr(original);
  }

  private final class TeeStream extends java.io.OutputStream {
    @Override
    public void write(int b) {
      synchronized (buffer) {
        buffer.write(b);
      }
      original.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (buffer) {
        buffer.write(b, off, len);
      }
      original.write(b, off, len);
    }
  }
}
