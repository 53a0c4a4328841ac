package io.taskscope.core.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How a family of routes writes an error, so that the front door's own answers (401, 403, 405, 5xx) look like the
 * route's: Pushgateway's plain text for the push API, {@code {"error","status"}} for TaskScope's JSON routes,
 * {@code {"detail"}} for GLACIATION's.
 */
@FunctionalInterface
public interface ErrorWriter {
  void write(HttpExchange ex, int status, String message) throws IOException;

  /** Pushgateway style: the message and a newline as {@code text/plain}. */
  ErrorWriter TEXT = (ex, status, message) -> send(ex, status, "text/plain; charset=utf-8", message + "\n");

  /** TaskScope's JSON errors: {@code {"error": "...", "status": n}}. */
  ErrorWriter JSON = (ex, status, message) -> send(ex, status, "application/json",
      "{\"error\":" + jsonString(message) + ",\"status\":" + status + "}");

  /** The upstream metadata service's errors (FastAPI): {@code {"detail": "..."}}. */
  ErrorWriter DETAIL = (ex, status, message) -> send(ex, status, "application/json",
      "{\"detail\":" + jsonString(message) + "}");

  static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
