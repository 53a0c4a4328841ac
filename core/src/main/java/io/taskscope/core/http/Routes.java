package io.taskscope.core.http;

import com.sun.net.httpserver.HttpHandler;

/** Where a module mounts its routes: each with the permission of every method and the way its errors look. */
@FunctionalInterface
public interface Routes {
  /**
   * Serves {@code path} and everything under it (the JDK server's longest-prefix match) with {@code handler}, behind
   * the front door's authentication and authorisation per {@code access}; errors are written by {@code errors}.
   */
  void route(String path, Access access, ErrorWriter errors, HttpHandler handler);
}
