package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writing UI answers: HTML with the page's security headers, gzip when asked for, and reading query parameters. */
public final class UiHttp {
  /** Scripts and styles from this origin only; no inline script; forms post here; never framed. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** Query strings longer than this are refused (filters and keywords are short). */
  static final int MAX_QUERY = 4096;

  private UiHttp() {}

  public static void html(HttpExchange ex, int status, String page) throws IOException {
    send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-store");
  }

  public static void send(HttpExchange ex, int status, String type, byte[] body, String cacheControl)
      throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", cacheControl);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Content-Security-Policy", CSP);
    h.set("Referrer-Policy", "same-origin");
    h.add("Vary", "Accept-Encoding");
    boolean head = ex.getRequestMethod().equals("HEAD");
    String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
    if (!head && body.length > 1024 && accept != null && accept.contains("gzip")) {
      h.set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(status, 0);
      try (OutputStream out = new GZIPOutputStream(ex.getResponseBody())) {
        out.write(body);
      }
      return;
    }
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The query parameters (first value of each); a malformed or overlong query is a {@link BadRequest}. */
  public static Map<String, String> query(HttpExchange ex) throws BadRequest {
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null && raw.length() > MAX_QUERY) {
      throw new BadRequest("query string longer than " + MAX_QUERY + " characters");
    }
    try {
      return io.taskscope.core.http.FormData.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed query string: " + e.getMessage());
    }
  }

  /** A request the UI cannot serve as asked: answered 400 with a page naming the problem. */
  public static final class BadRequest extends Exception {
    public BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
