package io.taskscope.server;

import io.taskscope.kg.MetadataService;
import io.taskscope.prediction.ForecastService;
import io.taskscope.prediction.RunReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code taskscope forecast [--target ID]} without {@code --input}: one run of the job in this process, over the
 * serve config's graphs and store (a running server holds its data directory: then use {@code --server}).
 */
final class ForecastRun {
  private ForecastRun() {}

  static int run(ServeConfig sc, Path dataDir, String target, PrintWriter out, PrintWriter err, boolean terminal) {
    ForecastSettings fs = sc.forecast() != null ? sc.forecast()
        : new ForecastSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
    MetadataService metadata = null;
    try {
      if (fs.metadataServiceUrl() == null && sc.kg() != null && sc.kg().runsMetadataService()) {
        metadata = MetadataService.open(dataDir.resolve("kg"), sc.kg().metadataServiceOptions());
      }
      Prediction.Built built = Prediction.build(fs, sc.kg(), metadata, dataDir, Clock.systemUTC());
      try {
        ForecastService service = built.service();
        RunReport r = service.runAndWait("cli", target, target == null ? null : target::equals,
            new ProgressBar(err, terminal)).orElseThrow();
        for (RunReport.TargetOutcome o : r.outcomes()) {
          out.println(o.outcome().name().toLowerCase(Locale.ROOT) + " " + o.targetId() + " "
              + (o.model() == null || o.model().isEmpty() ? o.reason() : o.model()) + " " + o.millis() + "ms");
        }
        out.flush();
        err.println("forecast run " + r.id() + " " + r.state().name().toLowerCase(Locale.ROOT) + ": "
            + r.count(RunReport.Outcome.OK) + " ok, " + r.count(RunReport.Outcome.FAILED) + " failed, "
            + r.count(RunReport.Outcome.SKIPPED) + " skipped in "
            + Duration.between(r.started(), r.finished()).toMillis() / 1000.0 + " s"
            + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        err.flush();
        return r.state() == RunReport.State.SUCCEEDED ? 0 : 1;
      } finally {
        for (AutoCloseable c : built.closeables()) {
          c.close();
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("taskscope forecast: " + e.getMessage());
      err.flush();
      return 2;
    } catch (Exception e) {
      // e.g. TDB2 refusing a data directory a running server holds
      err.println("taskscope forecast: " + e.getMessage() + (e.getMessage() != null
          && e.getMessage().contains("lock") ? " (a running server holds it: use --server URL)" : ""));
      err.flush();
      return 1;
    } finally {
      if (metadata != null) {
        metadata.close();
      }
    }
  }
}
