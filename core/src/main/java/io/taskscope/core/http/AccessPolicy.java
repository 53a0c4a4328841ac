package io.taskscope.core.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bearer tokens of the port, kept only as their SHA-256 (a leaked config or heap dump does not leak tokens), each
 * naming a {@link Principal}. Built from the {@code access:} block and {@code push.tenancy} together, so one token hash
 * and one name appear once across both. Tokens are never logged; a request's token is hashed and looked up.
 */
public final class AccessPolicy {
  private final Map<String, Principal> byHash;
  private final boolean anonymousMetrics;

  private AccessPolicy(Map<String, Principal> byHash, boolean anonymousMetrics) {
    this.byHash = Map.copyOf(byHash);
    this.anonymousMetrics = anonymousMetrics;
  }

  /** No tokens: everything anonymous, as on a laptop or in the demo. */
  public static AccessPolicy open() {
    return new AccessPolicy(Map.of(), true);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether any token is configured; without, every caller is {@link Principal#OPEN}. */
  public boolean tokensConfigured() {
    return !byHash.isEmpty();
  }

  /** Whether {@code GET /metrics} is open to callers without a token when tokens are configured. */
  public boolean anonymousMetrics() {
    return anonymousMetrics;
  }

  /** The principals, for tests and the start-up log (names only). */
  public Set<String> names() {
    Set<String> n = new java.util.TreeSet<>();
    byHash.values().forEach(p -> n.add(p.name()));
    return n;
  }

  /** The principal of a bearer token, or null when the token is unknown. */
  public Principal byToken(String token) {
    return byHash.get(sha256Hex(token));
  }

  public static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Validates a configured hash (64 hex digits) and returns it in lower case. */
  public static String checkHash(String h, String where) {
    if (h == null || !h.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(where + ": expected the hex SHA-256 of the token (64 hex digits); "
          + "e.g. printf %s \"$TOKEN\" | sha256sum");
    }
    return h.toLowerCase(Locale.ROOT);
  }

  public static final class Builder {
    private final Map<String, Principal> byHash = new HashMap<>();
    private final Map<String, String> whereByHash = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private boolean anonymousMetrics = true;

    /**
     * Adds a principal; {@code where} names the config entry for errors.
     *
     * @throws IllegalArgumentException for a bad hash, a blank or repeated name, no roles, or a hash used before
     */
    public Builder add(String name, String tokenSha256, Set<Role> roles, String where) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(where + ".name is required");
      }
      String hash = checkHash(tokenSha256, where + ".tokenSha256");
      if (roles == null || roles.isEmpty()) {
        throw new IllegalArgumentException(where + ".roles: a token needs at least one role");
      }
      if (byHash.containsKey(hash)) {
        throw new IllegalArgumentException(where + ".tokenSha256: the same token hash is used twice (also at "
            + whereByHash.get(hash) + "); each token names one principal");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + ".name: the name " + name
            + " is used twice across access.tokens and push.tenancy");
      }
      byHash.put(hash, Principal.of(name, roles));
      whereByHash.put(hash, where);
      return this;
    }

    public Builder anonymousMetrics(boolean open) {
      this.anonymousMetrics = open;
      return this;
    }

    public AccessPolicy build() {
      return new AccessPolicy(byHash, anonymousMetrics);
    }
  }
}
