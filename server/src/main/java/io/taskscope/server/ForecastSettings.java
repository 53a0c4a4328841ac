package io.taskscope.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.taskscope.core.config.ConfigDuration;
import io.taskscope.prediction.DailySchedule;
import io.taskscope.prediction.JobOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code forecast:} block of {@code serve} (docs/forecast.md); absent = the prediction service does not run.
 *
 * <pre>
 * forecast:
 *   schedule: "20 10 * * *"     # cron, five fields (default: upstream GLACIATION's)
 *   timeZone: Europe/Berlin     # default UTC
 *   lookback: 14d               # history per target
 *   step: 5m                    # sampling step of history and forecast
 *   horizon: 24h
 *   concurrency: 4              # targets at once
 *   datasources: [http://prometheus.monitoring:9090]   # Prometheus URLs the job may call (default: kg.prometheusUrl)
 *   metadataService: http://other-taskscope:9470/sparql  # where graphs are read (default: the embedded one)
 *   counters: [energy_joules]   # metrics forecast as increase per step
 *   retries: 3                  # retries of failed targets after a scheduled run
 *   retryBackoff: 5m            # first retry delay, doubled each time
 *   retention: 7d               # forecasts of targets gone from the graphs kept this long (0: for ever)
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ForecastSettings(Boolean enabled, String schedule, String timeZone, String lookback, String step,
    String horizon, Integer concurrency, List<String> datasources, String metadataService, List<String> counters,
    Integer retries, String retryBackoff, String retention) {

  public boolean on() {
    return enabled == null || enabled;
  }

  public DailySchedule dailySchedule() {
    return DailySchedule.parse(schedule == null ? DailySchedule.DEFAULT_CRON : schedule, timeZone);
  }

  public JobOptions jobOptions() {
    JobOptions d = JobOptions.DEFAULTS;
    return new JobOptions(duration(lookback, "forecast.lookback", d.lookback()),
        duration(step, "forecast.step", d.step()), duration(horizon, "forecast.horizon", d.horizon()),
        concurrency == null ? d.concurrency() : concurrency,
        counters == null ? d.counters() : Set.copyOf(counters), d.http(),
        duration(retention, "forecast.retention", d.retention()));
  }

  public int retryCount() {
    if (retries != null && (retries < 0 || retries > 20)) {
      throw new IllegalArgumentException("forecast.retries must be 0..20: " + retries);
    }
    return retries == null ? 3 : retries;
  }

  public Duration retryBase() {
    return duration(retryBackoff, "forecast.retryBackoff", Duration.ofMinutes(5));
  }

  /** The remote Metadata Service's query URL, or null for the embedded one. */
  public URI metadataServiceUrl() {
    if (metadataService == null || metadataService.isBlank() || metadataService.equals("embedded")) {
      return null;
    }
    URI u = httpUrl(metadataService, "forecast.metadataService");
    return u;
  }

  /** Which datasource URLs the job may call: {@code datasources}, else {@code fallback} (kg.prometheusUrl). */
  public Predicate<String> datasourceAllowed(String fallback) {
    List<String> allowed = (datasources == null || datasources.isEmpty())
        ? (fallback == null ? List.of() : List.of(fallback)) : datasources;
    for (int i = 0; i < allowed.size(); i++) {
      httpUrl(allowed.get(i), "forecast.datasources[" + i + "]");
    }
    Set<String> set = allowed.stream().map(ForecastSettings::normal).collect(java.util.stream.Collectors.toSet());
    return url -> set.contains(normal(url));
  }

  /** Checks every key; the first problem as an {@link IllegalArgumentException} naming the key. */
  public void validate(String kgPrometheusUrl) {
    dailySchedule();
    jobOptions();
    retryCount();
    retryBase();
    metadataServiceUrl();
    datasourceAllowed(kgPrometheusUrl);
  }

  private static String normal(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static URI httpUrl(String text, String key) {
    try {
      URI u = URI.create(text);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(key + ": expected an http(s) URL, got \"" + text + "\"");
  }

  private static Duration duration(String text, String key, Duration fallback) {
    return text == null ? fallback : ConfigDuration.parse(text, key).toDuration();
  }
}
