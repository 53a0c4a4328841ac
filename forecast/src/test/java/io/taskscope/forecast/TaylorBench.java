package io.taskscope.forecast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 13's protocol on R's {@code taylor} (half-hourly electricity demand, 4032 points), by hand, not in CI:
 * {@code java ... TaylorBench taylor.csv} where the file is R's {@code write.csv(data.frame(value=as.numeric(taylor)))}.
 * Seven origins spread evenly from 8 weeks in to the last day ({@code round(seq(2688, 3984, length.out = 7))} in R),
 * each with the 8 weeks before it as history, forecasting 48 steps; prints sMAPE, MASE (weekly scale) and 80 %/95 %
 * coverage of the chosen model and of weekly seasonal-naive.
 *
 * <p>R's side on the same windows (Debian r-cran-forecast 8.x), which gives snaive 2.427 and stlf 1.562:
 * <pre>
 * y &lt;- as.numeric(taylor); h &lt;- 48; hist &lt;- 8 * 336
 * for (o in round(seq(hist, length(y) - h, length.out = 7))) {
 *   tr &lt;- msts(y[(o - hist + 1):o], seasonal.periods = c(48, 336)); a &lt;- y[(o + 1):(o + h)]
 *   # sMAPE: mean(200 * abs(a - f) / (abs(a) + abs(f))) for f in snaive(tr, h)$mean, stlf(tr, h = h)$mean
 * }
 * </pre>
 * Measured when written: TaskScope 1.357 (robust MSTL s.window 11/15 + ETS(A,N,N) chosen at every origin; 1.478
 * without the robust pass), 80 % coverage 0.85, 95 % 0.95; stlf's 80 % coverage on the same windows 0.69.
 */
public final class TaylorBench {
  private TaylorBench() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    double[] y = lines.stream().skip(1).mapToDouble(Double::parseDouble).toArray();
    int hist = 8 * 336;
    int h = 48;
    int origins = 7;
    double chosen = 0, snaive = 0, maseChosen = 0, cov80 = 0, cov95 = 0;
    long t0 = System.nanoTime();
    for (int j = 0; j < origins; j++) {
      int o = (int) Math.round(hist + j * (double) (y.length - h - hist) / (origins - 1));
      double[] train = Arrays.copyOfRange(y, o - hist, o);
      double[] actual = Arrays.copyOfRange(y, o, o + h);
      ModelSelector.Selection s = new ModelSelector().select(new Series(java.time.Instant.EPOCH,
          Duration.ofMinutes(30), train), Preparation.Options.gauge(), h);
      Forecast f = s.forecast();
      double sm = Accuracy.smape(actual, f.point());
      double sn = Accuracy.smape(actual, new SeasonalNaive(336, "weekly").fit(train, h).point());
      chosen += sm / origins;
      snaive += sn / origins;
      maseChosen += Accuracy.mase(actual, f.point(), train, 336) / origins;
      cov80 += Accuracy.coverage(actual, f.lower80(), f.upper80()) / origins;
      cov95 += Accuracy.coverage(actual, f.lower95(), f.upper95()) / origins;
      System.out.printf("origin %d: chose %-32s sMAPE %.3f (snaive-weekly %.3f)%n", o, s.model(), sm, sn);
      if (args.length > 1) {
        s.candidates().forEach(c -> System.out.printf("    %-36s backtest sMAPE %.3f%n", c.model(), c.smape()));
      }
    }
    System.out.printf("TaskScope chosen sMAPE %.3f MASE %.3f  80%% coverage %.3f  95%% coverage %.3f%n", chosen,
        maseChosen, cov80, cov95);
    System.out.printf("snaive-weekly sMAPE %.3f  ratio chosen/snaive %.3f  time %.1f s%n", snaive, chosen / snaive,
        (System.nanoTime() - t0) / 1e9);
  }
}
