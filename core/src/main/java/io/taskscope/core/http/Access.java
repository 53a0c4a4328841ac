package io.taskscope.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The permission each method of a route needs. A method not declared needs any valid token (the handler then
 * answers 405), except OPTIONS, which is open so that CORS preflights (which carry no credentials) keep working.
 */
public final class Access {
  /** The cookie a browser holds its token in (the ops UI's login sets it). */
  public static final String TOKEN_COOKIE = "taskscope_token";

  private final Map<String, Permission> byMethod;
  private final Permission otherwise;
  private final boolean tokenCookie;

  private Access(Map<String, Permission> byMethod, Permission otherwise, boolean tokenCookie) {
    this.byMethod = Map.copyOf(byMethod);
    this.otherwise = otherwise;
    this.tokenCookie = tokenCookie;
  }

  /**
   * Whether a token may come in the {@link #TOKEN_COOKIE} cookie when there is no {@code Authorization} header: only
   * for routes that change nothing (the UI's pages), so a cross-site request riding on the cookie cannot act.
   */
  public boolean tokenCookie() {
    return tokenCookie;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every method open: health and readiness. */
  public static Access open(String... methods) {
    return builder().allow(Permission.OPEN, methods).build();
  }

  public Permission needed(String method) {
    Permission p = byMethod.get(method);
    if (p != null) {
      return p;
    }
    if (otherwise != null) {
      return otherwise;
    }
    return method.equals("OPTIONS") ? Permission.OPEN : Permission.ANY_TOKEN;
  }

  /** The methods that can succeed, for an {@code Allow} header. */
  public String allowed() {
    StringBuilder b = new StringBuilder();
    byMethod.entrySet().stream().filter(e -> e.getValue() != Permission.NOT_ALLOWED).map(Map.Entry::getKey).sorted()
        .forEach(m -> b.append(b.isEmpty() ? "" : ", ").append(m));
    return b.toString();
  }

  public static final class Builder {
    private final Map<String, Permission> m = new LinkedHashMap<>();

    public Builder allow(Permission p, String... methods) {
      for (String method : methods) {
        m.put(method, p);
      }
      return this;
    }

    private Permission otherwise;
    private boolean tokenCookie;

    /** Accept the token from the {@link #TOKEN_COOKIE} cookie too (read-only routes only). */
    public Builder tokenCookie() {
      this.tokenCookie = true;
      return this;
    }

    public Builder role(Role r, String... methods) {
      return allow(Permission.role(r), methods);
    }

    /** What every method not named needs (default: any valid token; OPTIONS open). */
    public Builder otherwise(Permission p) {
      this.otherwise = p;
      return this;
    }

    public Access build() {
      return new Access(m, otherwise, tokenCookie);
    }
  }
}
