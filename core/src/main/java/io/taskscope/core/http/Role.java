package io.taskscope.core.http;

import java.util.Locale;

/**
 * What a principal may do on the port (docs/security.md has the route table). {@code admin} includes every other
 * role; {@code graph-writer} includes {@code graph-reader}; {@code tenant} is push only (its namespaces).
 */
public enum Role {
  ADMIN, TENANT, GRAPH_READER, GRAPH_WRITER;

  /** The name in config and messages: admin, tenant, graph-reader, graph-writer. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Role parse(String s, String where) {
    for (Role r : values()) {
      if (r.configName().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(where + ": unknown role \"" + s + "\"; use admin, tenant, graph-reader or "
        + "graph-writer");
  }

  /** Whether holding {@code this} grants {@code needed}. */
  boolean grants(Role needed) {
    return this == needed || this == ADMIN || (this == GRAPH_WRITER && needed == GRAPH_READER);
  }
}
