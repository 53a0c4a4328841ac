package io.taskscope.forecast;

/**
 * Point forecasts with 80 % and 95 % prediction bounds for steps 1..h after the history's last sample.
 *
 * @param model the model's name, e.g. {@code ets(AAdA,48)}
 */
public record Forecast(String model, double[] point, double[] lower80, double[] upper80, double[] lower95,
    double[] upper95) {
  static final double Z80 = 1.2815515655446004;
  static final double Z95 = 1.959963984540054;

  public int horizon() {
    return point.length;
  }

  /** Gaussian bounds around {@code point} with standard deviation {@code sd[i]} at step {@code i + 1}. */
  static Forecast gaussian(String model, double[] point, double[] sd) {
    int h = point.length;
    double[] l80 = new double[h], u80 = new double[h], l95 = new double[h], u95 = new double[h];
    for (int i = 0; i < h; i++) {
      l80[i] = point[i] - Z80 * sd[i];
      u80[i] = point[i] + Z80 * sd[i];
      l95[i] = point[i] - Z95 * sd[i];
      u95[i] = point[i] + Z95 * sd[i];
    }
    return new Forecast(model, point, l80, u80, l95, u95);
  }

  /** This forecast with every bound's distance from the point multiplied by {@code factor}. */
  Forecast widened(double factor) {
    int h = point.length;
    double[] l80 = new double[h], u80 = new double[h], l95 = new double[h], u95 = new double[h];
    for (int i = 0; i < h; i++) {
      l80[i] = point[i] - factor * (point[i] - lower80[i]);
      u80[i] = point[i] + factor * (upper80[i] - point[i]);
      l95[i] = point[i] - factor * (point[i] - lower95[i]);
      u95[i] = point[i] + factor * (upper95[i] - point[i]);
    }
    return new Forecast(model, point, l80, u80, l95, u95);
  }

  /** This forecast shifted by {@code offset[i]} at each step (bounds move with the point). */
  Forecast plus(double[] offset, String newModel) {
    int h = point.length;
    double[] p = new double[h], l80 = new double[h], u80 = new double[h], l95 = new double[h], u95 = new double[h];
    for (int i = 0; i < h; i++) {
      p[i] = point[i] + offset[i];
      l80[i] = lower80[i] + offset[i];
      u80[i] = upper80[i] + offset[i];
      l95[i] = lower95[i] + offset[i];
      u95[i] = upper95[i] + offset[i];
    }
    return new Forecast(newModel, p, l80, u80, l95, u95);
  }
}
