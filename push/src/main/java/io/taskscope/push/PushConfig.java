package io.taskscope.push;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.taskscope.core.config.ConfigDuration;
import java.util.List;

/**
 * The {@code push:} block of the TaskScope config (every key optional; durations in {@link ConfigDuration}'s syntax):
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
    Long m = millisOrNone(maxTtl, "push.maxTtl");
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
    Long t = ttl == null ? null : millisOrNone(ttl, where);
    if (t != null && t > max) {
      throw new IllegalArgumentException(where + ": " + ttl.trim() + " is above push.maxTtl ("
          + ConfigDuration.format(max) + ")");
    }
  }

  public record TenancyConfig(Boolean enabled, String adminTokenSha256, List<TenantConfig> tenants) {}

  public record TenantConfig(String name, String tokenSha256, List<String> namespaces, Long maxSeries, String ttl) {}

  public static PushConfig defaults() {
    return new PushConfig(null, null, null, null, null, null, null);
  }

  public long maxBody() {
    return maxBodyBytes == null ? DEFAULT_MAX_BODY : maxBodyBytes;
  }

  /** A TTL or interval in millis, null for 0 (push's "none"); errors name {@code where}. */
  static Long millisOrNone(String s, String where) {
    ConfigDuration d = ConfigDuration.parse(s, where);
    return d.isZero() ? null : d.toMillis();
  }
}
