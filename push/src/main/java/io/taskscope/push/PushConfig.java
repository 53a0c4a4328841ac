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
    Boolean rejectHelpConflicts, String replicaPollInterval, TenancyConfig tenancy) {

  public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

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
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException(where + ": invalid duration " + GoText.quote(t)
          + "; use e.g. 90s, 15m, 24h, 1h30m or 0 for none");
    }
    return total == 0 ? null : total;
  }
}
