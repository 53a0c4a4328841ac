package io.taskscope.server;

import io.taskscope.prediction.ForecastJob;
import io.taskscope.prediction.RunReport;
import java.io.PrintWriter;

/**
 * The forecast run's progress on standard error: one line redrawn in place on a terminal, else a line per tenth of
 * the targets (so logs of a CronJob stay short).
 */
final class ProgressBar implements ForecastJob.Listener {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean terminal;
  private int ok;
  private int failed;
  private int skipped;
  private int lastTenth = -1;

  ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void started(long runId, int total) {
    err.println("forecast run " + runId + ": " + total + " targets");
    err.flush();
  }

  @Override
  public synchronized void target(RunReport.TargetOutcome o, int done, int total) {
    switch (o.outcome()) {
      case OK -> ok++;
      case FAILED -> failed++;
      case SKIPPED -> skipped++;
    }
    int tenth = total == 0 ? 10 : done * 10 / total;
    if (!terminal && tenth == lastTenth && done != total) {
      return;
    }
    lastTenth = tenth;
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    String line = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
        + "  ok " + ok + "  failed " + failed + "  skipped " + skipped;
    if (terminal) {
      err.print("\r" + line + (done == total ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }
}
