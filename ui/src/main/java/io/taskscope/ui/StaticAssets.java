package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /ui/static/*}: the bundle built from npm at build time (ui.js, ui.css, bundle.json), from the jar. Only
 * those names are served; nothing else on the class path or disk is reachable from a request.
 */
final class StaticAssets {
  private static final Map<String, String> TYPES = Map.of("ui.js", "text/javascript; charset=utf-8", "ui.css",
      "text/css; charset=utf-8", "bundle.json", "application/json");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /** True when {@code name} was one of the bundle's files and has been answered. */
  boolean serve(HttpExchange ex, String name) throws IOException {
    String type = TYPES.get(name);
    if (type == null) {
      return false;
    }
    byte[] body = cache.get(name);
    if (body == null) {
      try (InputStream in = StaticAssets.class.getResourceAsStream("static/" + name)) {
        if (in == null) {
          return false;
        }
        body = in.readAllBytes();
      }
      cache.put(name, body);
    }
    UiHttp.send(ex, 200, type, body, "public, max-age=300");
    return true;
  }
}
