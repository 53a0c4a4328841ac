package io.taskscope.push;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code push:} block of the TaskScope config (every key optional):
 *
 * <pre>
 * push:
 *   store: postgresql://taskscope@db:5432/taskscope   # default: SQLite file push.db under --data-dir
 *   sqliteSynchronous: FULL        # FULL (default) or NORMAL
 *   maxBodyBytes: 16777216         # larger bodies get 413
 *   defaultTtl: 0                  # TTL of groups without one (0 = keep until deleted), e.g. 24h
 *   maxTtl: 365d                   # largest TTL a push (X-TaskScope-TTL), a tenant or defaultTtl may ask for
 *   rejectHelpConflicts: false     # true: a family's HELP must match across groups (Pushgateway accepts)
 *   replicaPollInterval: 1s        # PostgreSQL: how often to pick up other replicas' changes
 *   tenancy:
 *     adminTokenSha256: 5e88...   # may wipe, read and delete everything
 *     tenants:
 *       - {name: alice, tokenSha256: 9f86..., namespaces: [alice], maxSeries: 10000, ttl: 24h}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PushConfig(String store, String sqliteSynchronous, Long maxBodyBytes, String defaultTtl,
    Boolean rejectHelpConflicts, String replicaPollInterval, TenancyConfig tenancy, String maxTtl) {

  public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;
  public static final long DEFAULT_MAX_TTL = 365L * 86_400_000;

  @com.fasterxml.jackson.annotation.JsonCreator
  public PushConfig {} // the canonical constructor is the one the config reader uses

  /** Without {@code maxTtl} (the default applies). */
  public PushConfig(String store, String sqliteSynchronous, Long maxBodyBytes, String defaultTtl,
      Boolean rejectHelpConflicts, String replicaPollInterval, TenancyConfig tenancy) {
    this(store, sqliteSynchronous, maxBodyBytes, defaultTtl, rejectHelpConflicts, replicaPollInterval, tenancy, null);
  }

  /** This config with another body limit (the command line's {@code --max-body-bytes}). */
  public PushConfig withMaxBodyBytes(Long bytes) {
    return new PushConfig(store, sqliteSynchronous, bytes, defaultTtl, rejectHelpConflicts, replicaPollInterval,
        tenancy, maxTtl);
  }

  /** {@code maxTtl} in millis (365d by default); 0 is a config error, since no TTL at all would then be allowed. */
  public long maxTtlMillis() {
    if (maxTtl == null) {
      return DEFAULT_MAX_TTL;
    }
    Long m = parseDuration(maxTtl, "push.maxTtl");
    if (m == null) {
      throw new IllegalArgumentException("push.maxTtl: must be a positive duration such as 365d");
    }
    return m;
  }

  /**
   * Checks every TTL of the config against {@code maxTtl}: a {@code defaultTtl} or tenant {@code ttl} above it is a
   * config error (it would make every push of that tenant a 400).
   */
  public void checkTtls() {
    long max = maxTtlMillis();
    checkTtl(defaultTtl, "push.defaultTtl", max);
    if (tenancy != null && tenancy.tenants() != null) {
      for (int i = 0; i < tenancy.tenants().size(); i++) {
        checkTtl(tenancy.tenants().get(i).ttl(), "push.tenancy.tenants[" + i + "].ttl", max);
      }
    }
  }

  private void checkTtl(String ttl, String where, long max) {
    Long t = ttl == null ? null : parseDuration(ttl, where);
    if (t != null && t > max) {
      throw new IllegalArgumentException(where + ": " + ttl.trim() + " is above push.maxTtl ("
          + formatDuration(max) + ")");
    }
  }

  /** Millis as the largest whole unit that divides them: {@code 365d}, {@code 90s}, {@code 1500ms}. */
  public static String formatDuration(long millis) {
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    } else if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  public record TenancyConfig(Boolean enabled, String adminTokenSha256, List<TenantConfig> tenants) {}

  public record TenantConfig(String name, String tokenSha256, List<String> namespaces, Long maxSeries, String ttl) {}

  public static PushConfig defaults() {
    return new PushConfig(null, null, null, null, null, null, null);
  }

  public long maxBody() {
    return maxBodyBytes == null ? DEFAULT_MAX_BODY : maxBodyBytes;
  }

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** Durations such as {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 7d}; {@code 0} means none (returns null). */
  public static Long parseDuration(String s, String where) {
    String t = s == null ? "" : s.trim();
    if (t.equals("0")) {
      return null;
    }
    Matcher m = PART.matcher(t);
    long total = 0;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      try {
        long n = Long.parseLong(m.group(1));
        // exact arithmetic: 9223372036854775807ms plus anything, or 10^18d, must not wrap round to a small TTL
        total = Math.addExact(total, Math.multiplyExact(n, switch (m.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        }));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(where + ": duration " + GoText.quote(t) + " is too large");
      }
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException(where + ": invalid duration " + GoText.quote(t)
          + "; use e.g. 90s, 15m, 24h, 1h30m or 0 for none");
    }
    return total == 0 ? null : total;
  }
}
