package io.taskscope.core.http;

/** What a method of a route needs: nothing, any valid token, a role, or nothing will do (405 from the front door). */
public record Permission(Kind kind, Role role) {
  public enum Kind { OPEN, ANY_TOKEN, ROLE, NOT_ALLOWED }

  public static final Permission OPEN = new Permission(Kind.OPEN, null);
  public static final Permission ANY_TOKEN = new Permission(Kind.ANY_TOKEN, null);
  public static final Permission NOT_ALLOWED = new Permission(Kind.NOT_ALLOWED, null);

  public static Permission role(Role role) {
    return new Permission(Kind.ROLE, role);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case OPEN -> "anyone";
      case ANY_TOKEN -> "any valid token";
      case ROLE -> "role " + role.configName();
      case NOT_ALLOWED -> "not allowed";
    };
  }
}
