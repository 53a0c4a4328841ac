package io.taskscope.push;

import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.Principal;
import io.taskscope.core.http.Role;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tenants of the push hub: their namespaces, series caps and TTLs, and the SHA-256 of their bearer tokens (tokens
 * themselves are never stored), which go into the port's {@link AccessPolicy}: the front door authenticates, this
 * class maps the principal to its tenant. Off by default: then every request acts as {@link #ANONYMOUS}, which may do
 * anything, as with Pushgateway.
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
  private static final String ADMIN_WHERE = "push.tenancy.adminTokenSha256";

  private final boolean enabled;
  private final Map<String, Tenant> byName;
  /** Token hashes by tenant name ({@code admin} for the admin token), handed to the port's access policy. */
  private final Map<String, String> hashByName;

  private Tenancy(boolean enabled, Map<String, Tenant> byName, Map<String, String> hashByName) {
    this.enabled = enabled;
    this.byName = byName;
    this.hashByName = hashByName;
  }

  public static Tenancy disabled() {
    return new Tenancy(false, Map.of(), Map.of());
  }

  /** From the config block; validates hashes, names and namespaces. */
  public static Tenancy of(PushConfig.TenancyConfig c) {
    if (c == null || Boolean.FALSE.equals(c.enabled())) {
      return disabled();
    }
    Map<String, Tenant> byName = new HashMap<>();
    Map<String, String> hashByName = new LinkedHashMap<>();
    Set<String> hashes = new java.util.HashSet<>();
    if (c.adminTokenSha256() != null) {
      String h = AccessPolicy.checkHash(c.adminTokenSha256(), ADMIN_WHERE);
      hashByName.put(ADMIN.name(), h);
      hashes.add(h);
    }
    List<PushConfig.TenantConfig> tenants = c.tenants() == null ? List.of() : c.tenants();
    for (int i = 0; i < tenants.size(); i++) {
      PushConfig.TenantConfig t = tenants.get(i);
      String at = "push.tenancy.tenants[" + i + "]";
      if (t.name() == null || t.name().isBlank()) {
        throw new IllegalArgumentException(at + ".name is required");
      }
      if (byName.containsKey(t.name()) || t.name().equals(ADMIN.name()) && hashByName.containsKey(ADMIN.name())) {
        throw new IllegalArgumentException(at + ".name: duplicate tenant " + t.name());
      }
      if (t.namespaces() == null || t.namespaces().isEmpty()) {
        throw new IllegalArgumentException(at + ".namespaces: a tenant needs at least one namespace");
      }
      String hash = AccessPolicy.checkHash(t.tokenSha256(), at + ".tokenSha256");
      if (!hashes.add(hash)) {
        throw new IllegalArgumentException(at + ".tokenSha256: the same token hash is used twice");
      }
      Long ttl = t.ttl() == null ? null : PushConfig.parseDuration(t.ttl(), at + ".ttl");
      byName.put(t.name(), new Tenant(t.name(), Set.copyOf(t.namespaces()), t.maxSeries() == null ? 0 : t.maxSeries(),
          ttl, false));
      hashByName.put(t.name(), hash);
    }
    return new Tenancy(true, Map.copyOf(byName), java.util.Collections.unmodifiableMap(hashByName));
  }

  public boolean enabled() {
    return enabled;
  }

  public static String sha256Hex(String token) {
    return AccessPolicy.sha256Hex(token);
  }

  /**
   * Adds the admin token (role admin) and each tenant's token (role tenant) to the port's access policy, which
   * authenticates every request; this class then only maps the principal to its tenant.
   */
  public void addTo(AccessPolicy.Builder policy) {
    for (var e : hashByName.entrySet()) {
      boolean admin = !byName.containsKey(e.getKey());
      String where = admin ? ADMIN_WHERE : "push.tenancy.tenants[" + e.getKey() + "]";
      policy.add(e.getKey(), e.getValue(), Set.of(admin ? Role.ADMIN : Role.TENANT), where);
    }
  }

  /**
   * The tenant a request acts as, from the principal the front door let in: any admin (and the anonymous caller of a
   * port without tokens) is the admin tenant, as before; a tenant principal is its tenant.
   *
   * @throws PushException 403 for a principal that is neither (the front door normally stops it first)
   */
  public Tenant tenantOf(Principal p) throws PushException {
    if (p.has(Role.ADMIN)) {
      return enabled ? ADMIN : ANONYMOUS;
    }
    Tenant t = p.has(Role.TENANT) ? byName.get(p.name()) : null;
    if (t == null) {
      throw new PushException(403, "token " + p.label() + " is not a push tenant: the push API needs role tenant or "
          + "admin");
    }
    return t;
  }
}
