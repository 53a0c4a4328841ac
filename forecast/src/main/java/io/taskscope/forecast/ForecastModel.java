package io.taskscope.forecast;

/**
 * A forecasting method: fits itself to a gap-free history and forecasts the next {@code horizon} steps.
 * Implementations are stateless, so one instance serves every series and every backtest origin.
 */
public interface ForecastModel {
  String name();

  /** The shortest history this model can be fitted to. */
  int minHistory();

  Forecast fit(double[] history, int horizon);
}
