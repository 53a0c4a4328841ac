package io.taskscope.core.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection limits of the JDK HTTP server, which it reads from system properties once, when its implementation
 * class initialises (sun.net.httpserver.ServerConfig / ServerImpl): so they are set here, before the first server of
 * the JVM is created, unless the user set them ({@code -D...} wins).
 * <ul>
 *   <li>{@code requestTimeout} ({@code sun.net.httpserver.maxReqTime}, whole seconds): request line, headers and body
 *       must have arrived within it, counted from the request's first byte; else the connection is closed (a slow
 *       header or a slow body is cut). It also bounds how long a new connection may stay silent.</li>
 *   <li>{@code maxConnections} ({@code jdk.httpserver.maxConnections}): connections beyond it are accepted and closed
 *       at once, until open ones end.</li>
 *   <li>{@code maxHeaderBytes} ({@code sun.net.httpserver.maxReqHeaderSize}): names + values + 32 per header line;
 *       over it the connection is closed.</li>
 *   <li>{@code idleTimeout} ({@code sun.net.httpserver.idleInterval}, seconds): a kept-alive connection idle this long
 *       is closed.</li>
 * </ul>
 */
public record ServerLimits(Duration requestTimeout, int maxConnections, int maxHeaderBytes, Duration idleTimeout) {
  private static final Logger log = LoggerFactory.getLogger(ServerLimits.class);
  public static final ServerLimits DEFAULTS = new ServerLimits(Duration.ofSeconds(30), 1024, 65536,
      Duration.ofSeconds(30));
  static final String REQ_TIME = "sun.net.httpserver.maxReqTime";
  static final String MAX_CONN = "jdk.httpserver.maxConnections";
  static final String HEADER_SIZE = "sun.net.httpserver.maxReqHeaderSize";
  static final String IDLE = "sun.net.httpserver.idleInterval";
  private static ServerLimits applied;

  public ServerLimits {
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("limits.requestTimeout must be positive");
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("limits.idleTimeout must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("limits.maxConnections must be at least 1");
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("limits.maxHeaderBytes must be at least 1024");
    }
  }

  /** Defaults with the given values replacing them where not null. */
  public static ServerLimits of(Duration requestTimeout, Integer maxConnections, Integer maxHeaderBytes,
      Duration idleTimeout) {
    return new ServerLimits(requestTimeout == null ? DEFAULTS.requestTimeout : requestTimeout,
        maxConnections == null ? DEFAULTS.maxConnections : maxConnections,
        maxHeaderBytes == null ? DEFAULTS.maxHeaderBytes : maxHeaderBytes,
        idleTimeout == null ? DEFAULTS.idleTimeout : idleTimeout);
  }

  /** The system properties these limits stand for. */
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(REQ_TIME, Long.toString(seconds(requestTimeout)));
    m.put(MAX_CONN, Integer.toString(maxConnections));
    m.put(HEADER_SIZE, Integer.toString(maxHeaderBytes));
    m.put(IDLE, Long.toString(seconds(idleTimeout)));
    return m;
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /**
   * Sets the properties the user has not set. Call before the JVM's first {@code HttpServer.create}: later calls
   * cannot change a running JDK server, so a second, different set is only logged.
   */
  public static synchronized void apply(ServerLimits limits) {
    if (applied != null) {
      if (!applied.equals(limits)) {
        log.warn("event=limits_not_applied reason=\"the JDK HTTP server reads its limits once per JVM\" "
            + "in_effect=\"{}\"", applied);
      }
      return;
    }
    for (var e : limits.properties().entrySet()) {
      String user = System.getProperty(e.getKey());
      if (user == null) {
        System.setProperty(e.getKey(), e.getValue());
      } else if (!user.equals(e.getValue())) {
        log.info("event=limit_from_system_property property={} value={} config={}", e.getKey(), user, e.getValue());
      }
    }
    applied = limits;
  }
}
