package io.taskscope.core.http;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who sent a request: the name of its token and its roles. {@link #OPEN} is the anonymous caller of a port without
 * tokens (the demo, a laptop), which may do what an admin may, as before tokens existed; {@link #ANONYMOUS} is a caller
 * without a token on a port with tokens, which only reaches the routes open to anyone.
 */
public record Principal(String name, Set<Role> roles, boolean authenticated) {
  public static final Principal OPEN = new Principal("", Set.of(Role.ADMIN), false);
  public static final Principal ANONYMOUS = new Principal("", Set.of(), false);

  public Principal {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public static Principal of(String name, Set<Role> roles) {
    return new Principal(name, roles, true);
  }

  public boolean has(Role needed) {
    for (Role r : roles) {
      if (r.grants(needed)) {
        return true;
      }
    }
    return false;
  }

  /** An admin who showed a token: what may see paths and store URLs ({@code /api/v1/status}). */
  public boolean isAuthenticatedAdmin() {
    return authenticated && has(Role.ADMIN);
  }

  /** For logs: the token's name, or "anonymous". */
  public String label() {
    return authenticated ? name : "anonymous";
  }
}
