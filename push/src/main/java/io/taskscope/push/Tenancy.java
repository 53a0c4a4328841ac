package io.taskscope.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tenants of the push hub, found by the SHA-256 of their bearer token (tokens themselves are never stored). Off by
 * default: then every request acts as {@link #ANONYMOUS}, which may do anything, as with Pushgateway.
 */
public final class Tenancy {
  /**
   * A tenant: its namespaces, series cap (0 = none) and default TTL (null = none). The admin may push anywhere, read
   * and delete every group and wipe.
   */
  public record Tenant(String name, Set<String> namespaces, long maxSeries, Long ttlMillis, boolean admin) {
    public boolean owns(String namespace) {
      return admin || namespaces.contains(namespace);
    }
  }

  public static final Tenant ANONYMOUS = new Tenant("", Set.of(), 0, null, true);
  private static final Tenant ADMIN = new Tenant("admin", Set.of(), 0, null, true);

  private final boolean enabled;
  private final Map<String, Tenant> byHash;

  private Tenancy(boolean enabled, Map<String, Tenant> byHash) {
    this.enabled = enabled;
    this.byHash = byHash;
  }

  public static Tenancy disabled() {
    return new Tenancy(false, Map.of());
  }

  /** From the config block; validates hashes, names and namespaces. */
  public static Tenancy of(PushConfig.TenancyConfig c) {
    if (c == null || Boolean.FALSE.equals(c.enabled())) {
      return disabled();
    }
    Map<String, Tenant> byHash = new HashMap<>();
    if (c.adminTokenSha256() != null) {
      byHash.put(checkHash(c.adminTokenSha256(), "push.tenancy.adminTokenSha256"), ADMIN);
    }
    List<PushConfig.TenantConfig> tenants = c.tenants() == null ? List.of() : c.tenants();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < tenants.size(); i++) {
      PushConfig.TenantConfig t = tenants.get(i);
      String at = "push.tenancy.tenants[" + i + "]";
      if (t.name() == null || t.name().isBlank()) {
        throw new IllegalArgumentException(at + ".name is required");
      }
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(at + ".name: duplicate tenant " + t.name());
      }
      if (t.namespaces() == null || t.namespaces().isEmpty()) {
        throw new IllegalArgumentException(at + ".namespaces: a tenant needs at least one namespace");
      }
      String hash = checkHash(t.tokenSha256(), at + ".tokenSha256");
      if (byHash.containsKey(hash)) {
        throw new IllegalArgumentException(at + ".tokenSha256: the same token hash is used twice");
      }
      Long ttl = t.ttl() == null ? null : PushConfig.parseDuration(t.ttl(), at + ".ttl");
      byHash.put(hash, new Tenant(t.name(), Set.copyOf(t.namespaces()), t.maxSeries() == null ? 0 : t.maxSeries(),
          ttl, false));
    }
    return new Tenancy(true, Map.copyOf(byHash));
  }

  private static String checkHash(String h, String where) {
    if (h == null || !h.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(where + ": expected the hex SHA-256 of the token (64 hex digits); "
          + "e.g. printf %s \"$TOKEN\" | sha256sum");
    }
    return h.toLowerCase(Locale.ROOT);
  }

  public boolean enabled() {
    return enabled;
  }

  public static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(
          StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The tenant of a request from its {@code Authorization} header.
   *
   * @throws PushException 401 without a bearer token or with an unknown one (tenancy on)
   */
  public Tenant authenticate(String authorization) throws PushException {
    if (!enabled) {
      return ANONYMOUS;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new PushException(401, "authentication required: send Authorization: Bearer <token>");
    }
    Tenant t = byHash.get(sha256Hex(authorization.substring(7).trim()));
    if (t == null) {
      throw new PushException(401, "unknown token");
    }
    return t;
  }
}
