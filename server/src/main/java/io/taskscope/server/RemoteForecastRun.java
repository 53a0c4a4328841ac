package io.taskscope.server;

import java.io.PrintWriter;

/** {@code taskscope forecast --server URL}: asks a running TaskScope to run the job and follows it. */
final class RemoteForecastRun {
  private RemoteForecastRun() {}

  static int run(String server, String token, String target, PrintWriter out, PrintWriter err, boolean terminal) {
    err.println("taskscope forecast --server: not yet");
    err.flush();
    return 2;
  }
}
