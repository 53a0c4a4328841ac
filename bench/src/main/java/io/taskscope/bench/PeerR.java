package io.taskscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * R's forecast package as the peer: writes the windows for {@code bench/forecast/peer.R}, runs it in {@code jobs}
 * Rscript processes (each takes every jobs-th window) and reads the forecasts and R's own time per model back.
 */
final class PeerR {
  /** One R model's forecast of one window (rows: point, lo80, hi80, lo95, hi95) and the seconds R took. */
  record Result(double[][] bands, double seconds, String error) {}

  private final Path script;
  private final Path dir;

  PeerR(Path script, Path dir) {
    this.script = script;
    this.dir = dir;
  }

  static boolean available() {
    try {
      return new ProcessBuilder("Rscript", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Exports R's taylor to {@code dir/taylor.csv} (not kept in the repository). */
  Path exportTaylor() throws Exception {
    Path out = dir.resolve("taylor.csv");
    run(List.of("Rscript", script.toString(), "export-taylor", out.toString()), dir.resolve("r-taylor.log"));
    return out;
  }

  void write(List<ForecastWindows.Window> windows) throws IOException {
    StringBuilder index = new StringBuilder("id,day,week,h\n");
    for (ForecastWindows.Window w : windows) {
      index.append(w.id()).append(',').append(w.day()).append(',').append(w.week()).append(',').append(w.h())
          .append('\n');
      StringBuilder v = new StringBuilder("value\n");
      for (double x : w.peer()) {
        v.append(Double.isNaN(x) ? "NA" : String.format(Locale.ROOT, "%.10g", x)).append('\n');
      }
      Files.writeString(dir.resolve("w" + w.id() + ".csv"), v);
    }
    Files.writeString(dir.resolve("index.csv"), index);
  }

  /** Runs the peers and returns their results by window id and model; R's wall time is printed by the caller. */
  Map<Integer, Map<String, Result>> run(String models, int jobs, boolean fullTbats) throws Exception {
    List<Process> running = new ArrayList<>();
    for (int k = 1; k <= jobs; k++) {
      List<String> cmd = new ArrayList<>(List.of("Rscript", script.toString(), "forecast", dir.toString(), models,
          Integer.toString(k), Integer.toString(jobs)));
      if (fullTbats) {
        cmd.add("full");
      }
      running.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("r-" + k + ".log").toFile()).start());
    }
    for (int k = 0; k < jobs; k++) {
      if (running.get(k).waitFor() != 0) {
        throw new IllegalStateException("Rscript failed, see " + dir.resolve("r-" + (k + 1) + ".log"));
      }
    }
    return read(jobs);
  }

  /** Results already in {@code dir} (a run with --reuse-peers on the same windows). */
  Map<Integer, Map<String, Result>> read(int jobs) throws IOException {
    Map<Integer, Map<String, Result>> out = new HashMap<>();
    for (int k = 1; k <= jobs; k++) {
      Map<String, double[][]> bands = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("peer-" + k + ".csv")).stream().skip(1).toList()) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        double[][] b = bands.computeIfAbsent(f[0] + "," + f[1], x -> new double[5][0]);
        int i = Integer.parseInt(f[2]) - 1;
        for (int c = 0; c < 5; c++) {
          if (b[c].length <= i) {
            b[c] = java.util.Arrays.copyOf(b[c], i + 1);
          }
          b[c][i] = Double.parseDouble(f[3 + c]);
        }
      }
      for (String line : Files.readAllLines(dir.resolve("peer-time-" + k + ".csv")).stream().skip(1).toList()) {
        String[] f = line.split(",", 4);
        String error = f.length > 3 && !f[3].isBlank() ? f[3] : null;
        out.computeIfAbsent(Integer.parseInt(f[0]), x -> new HashMap<>()).put(f[1],
            new Result(bands.get(f[0] + "," + f[1]), Double.parseDouble(f[2]), error));
      }
    }
    return out;
  }

  private static void run(List<String> cmd, Path log) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(log));
    }
  }
}
