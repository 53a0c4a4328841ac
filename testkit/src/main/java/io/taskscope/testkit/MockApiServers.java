package io.taskscope.testkit;

/** Stopping fabric8's mock API server at the end of a test. */
public final class MockApiServers {
  private static final String CLOSE_TIMEOUT = "Unable to close MockWebServer";

  private MockApiServers() {}

  /**
   * Runs {@code stop} (the server's {@code destroy} or {@code shutdown}) and tolerates the one failure that belongs to
   * the mock, not to the test: on Vert.x 5 closing the server waits for every WebSocket, and a watch whose close is in
   * flight (the mock's watch listener blocks its event loop while closing) makes it give up after 10 s. The listening
   * socket is closed by then; fabric8's own fix (kubernetes-client pull request 8131) goes on the same way.
   */
  public static void stop(Runnable stop) {
    try {
      stop.run();
    } catch (IllegalStateException e) {
      if (!CLOSE_TIMEOUT.equals(e.getMessage())) {
        throw e;
      }
      System.err.println("mock API server stopped with WebSockets still open: " + e.getCause());
    }
  }
}
