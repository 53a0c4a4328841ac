package io.taskscope.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForecastCsvTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String csv, int horizon, Duration step) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ForecastCsv.forecastCsv(new StringReader(csv), horizon, step, out, err);
    return new Run(code, out.toString(), err.toString());
  }

  private static String dailyCsv(int days, boolean iso) {
    double[] y = Synthetic.shape().daily(20).noise(1).values(days * Synthetic.DAY, 5);
    StringBuilder b = new StringBuilder("timestamp,value\n");
    for (int t = 0; t < y.length; t++) {
      var time = Synthetic.START.plus(Synthetic.STEP.multipliedBy(t));
      b.append(iso ? time.toString() : Long.toString(time.getEpochSecond())).append(',').append(y[t]).append('\n');
    }
    return b.toString();
  }

  @Test
  void forecastsTheNextStepsAfterTheLastRow() throws IOException {
    Run r = run(dailyCsv(8, true), 3, null);
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo("timestamp,point,lower80,upper80,lower95,upper95");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("2025-01-14T00:00:00Z,");
    assertThat(lines[3]).startsWith("2025-01-14T01:00:00Z,");
    String[] f = lines[1].split(",");
    assertThat(Double.parseDouble(f[4])).isLessThan(Double.parseDouble(f[2]));
    assertThat(Double.parseDouble(f[5])).isGreaterThan(Double.parseDouble(f[3]));
    assertThat(r.err()).contains("model: ").contains("candidate: snaive-daily(48) smape=")
        .contains("season: daily period=48");
  }

  @Test
  void readsUnixSecondsAndKeepsGapsOnTheGrid() throws IOException {
    String csv = dailyCsv(8, false).replaceFirst("\n1736125200,[^\n]*", "");
    Run r = run(csv, 2, Duration.ofMinutes(30));
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("short gaps");
  }

  @Test
  void badRowsNameTheirLine() throws IOException {
    assertThat(run("timestamp,value\n2025-01-01T00:00:00Z,1\nyesterday,2\n", 2, null).err())
        .contains("error: line 3: unparseable timestamp 'yesterday'");
    assertThat(run("1000,1\n1060,x\n", 2, null).err()).contains("error: line 2: unparseable value 'x'");
    assertThat(run("1000,1\n1060\n", 2, null).err()).contains("error: line 2: expected timestamp,value");
    Run r = run("1000,1\n1060,2\n1060,3\n", 2, null);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("error: line 3: timestamp 1970-01-01T00:17:40Z is not after the previous row's");
    assertThat(run("timestamp,value\n", 2, null).err()).contains("error: no rows");
    assertThat(run("1000,1\n", 2, null).err()).contains("pass --step");
    assertThat(run("1000,1\n1060,2\n", 0, null).err()).contains("horizon must be at least 1");
    assertThat(run("0,1\n100000000,2\n", 2, Duration.ofSeconds(1)).err()).contains("is the step right?");
  }

  @Test
  void shortInputFallsBackAndSaysWhy() throws IOException {
    Run r = run("1000,1\n1060,2\n1120,3\n", 2, null);
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("model: fallback-median").contains("shorter than two daily periods");
    assertThat(r.out()).contains("1970-01-01T00:19:40Z,2,");
  }
}
