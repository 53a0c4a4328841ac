package io.taskscope.kb;

import io.taskscope.core.config.ConfigDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the KB source.
 *
 * @param url Sedna's {@code KB_URL} ({@code sqlite:///db/kb.sqlite3}) or a JDBC URL, see {@link KbUrl}
 * @param server {@code kb.server}: where the KB server listens (KBServerIP), e.g. {@code 10.96.0.12:9020} or
 *     {@code http://kb.sedna:9020}; empty when unknown
 * @param node {@code kb.node}: node the KB pod runs on (KBNodeName)
 * @param nodeType {@code kb.nodeType}: {@code cloud} or {@code edge} (KBNodeType)
 * @param pollInterval how often the database is read (default 15 s)
 * @param busyTimeout how long one SQLite statement waits for a lock held by the KB server (default 2 s); after it the
 *     poll fails as {@code locked} and the next poll tries again
 * @param baseDir directory relative SQLite paths ({@code sqlite:///db/kb.sqlite3}) are resolved against
 */
public record KbConfig(String url, String server, String node, String nodeType, Duration pollInterval,
    Duration busyTimeout, Path baseDir) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(2);
  private static final Set<String> KEYS =
      Set.of("kb.url", "kb.server", "kb.node", "kb.nodeType", "kb.pollInterval", "kb.busyTimeout", "kb.baseDir");

  public KbConfig {
    Objects.requireNonNull(url, "kb.url");
    server = server == null ? "" : server;
    node = node == null ? "" : node;
    nodeType = nodeType == null ? "" : nodeType;
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    busyTimeout = busyTimeout == null ? DEFAULT_BUSY_TIMEOUT : busyTimeout;
    baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("kb.pollInterval must be positive: " + pollInterval);
    }
  }

  public static KbConfig of(String url) {
    return new KbConfig(url, "", "", "", null, null, null);
  }

  /**
   * From flat keys {@code kb.url} (required), {@code kb.server}, {@code kb.node}, {@code kb.nodeType},
   * {@code kb.pollInterval} / {@code kb.busyTimeout} ({@link ConfigDuration}: {@code 15s}, {@code 500ms}, {@code 1m}),
   * {@code kb.baseDir}. Unknown {@code kb.*} keys are errors.
   */
  public static KbConfig fromMap(Map<String, String> values) {
    for (String k : values.keySet()) {
      if (k.startsWith("kb.") && !KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key " + k + " (known: " + KEYS + ")");
      }
    }
    String base = values.get("kb.baseDir");
    return new KbConfig(values.get("kb.url"), values.get("kb.server"), values.get("kb.node"),
        values.get("kb.nodeType"), duration(values, "kb.pollInterval"), duration(values, "kb.busyTimeout"),
        base == null ? null : Path.of(base));
  }

  public KbConfig withPollInterval(Duration d) {
    return new KbConfig(url, server, node, nodeType, d, busyTimeout, baseDir);
  }

  public KbConfig withBusyTimeout(Duration d) {
    return new KbConfig(url, server, node, nodeType, pollInterval, d, baseDir);
  }

  public KbConfig withPlacement(String server, String node, String nodeType) {
    return new KbConfig(url, server, node, nodeType, pollInterval, busyTimeout, baseDir);
  }

  private static Duration duration(Map<String, String> values, String key) {
    String s = values.get(key);
    return s == null || s.isBlank() ? null : ConfigDuration.parse(s, key).toDuration();
  }
}
