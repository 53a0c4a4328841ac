package io.taskscope.prediction;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When the job runs: a five-field cron expression (minute hour day-of-month month day-of-week, as crontab; upstream
 * GLACIATION runs {@code 20 10 * * *}) read in a time zone, so "10:20" stays 10:20 local across daylight-saving
 * changes.
 */
public final class DailySchedule {
  /** Upstream's schedule. */
  public static final String DEFAULT_CRON = "20 10 * * *";

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private DailySchedule(String expression, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
  }

  /** Parses {@code cron} in {@code zone}; {@link IllegalArgumentException} naming the problem otherwise. */
  public static DailySchedule parse(String cron, String zone) {
    if (cron == null || cron.isBlank() || cron.length() > 200) {
      throw new IllegalArgumentException("forecast.schedule: expected a cron expression like \"" + DEFAULT_CRON
          + "\"");
    }
    ZoneId z;
    try {
      z = zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("forecast.timeZone: unknown time zone \"" + zone + "\"");
    }
    try {
      var parsed = PARSER.parse(cron.trim());
      parsed.validate();
      return new DailySchedule(cron.trim(), z, ExecutionTime.forCron(parsed));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("forecast.schedule: \"" + cron + "\" is not a cron expression (minute hour "
          + "day-of-month month day-of-week): " + e.getMessage());
    }
  }

  /** The first scheduled time strictly after {@code after}. */
  public Instant next(Instant after) {
    return times.nextExecution(ZonedDateTime.ofInstant(after, zone))
        .orElseThrow(() -> new IllegalStateException("cron " + expression + " has no next time")).toInstant();
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return expression + " " + zone;
  }
}
