package io.taskscope.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The permission each method of a route needs. A method not declared needs any valid token (the handler then
 * answers 405), except OPTIONS, which is open so that CORS preflights (which carry no credentials) keep working.
 */
public final class Access {
  private final Map<String, Permission> byMethod;

  private Access(Map<String, Permission> byMethod) {
    this.byMethod = Map.copyOf(byMethod);
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

    public Builder role(Role r, String... methods) {
      return allow(Permission.role(r), methods);
    }

    public Access build() {
      return new Access(m);
    }
  }
}
