package io.taskscope.kg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers shared by the Metadata Service handlers. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  private Http() {}

  /** Reads the body; 413 when it is larger than {@code limit} (checked on Content-Length first, then while reading). */
  static byte[] body(HttpExchange ex, long limit) throws IOException, HttpError {
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    if (cl != null) {
      try {
        if (Long.parseLong(cl.trim()) > limit) {
          throw new HttpError(413, "request body of " + cl.trim() + " bytes is over the limit of " + limit + " bytes");
        }
      } catch (NumberFormatException e) {
        throw new HttpError(400, "invalid Content-Length: " + cl);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = ex.getRequestBody()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > limit) {
          throw new HttpError(413, "request body is over the limit of " + limit + " bytes");
        }
      }
    }
    return out.toByteArray();
  }

  /** Longest query string read (a longer SPARQL text belongs in a POST body). */
  static final int MAX_QUERY_STRING = 64 * 1024;

  static Map<String, String> queryParams(HttpExchange ex) throws HttpError {
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null && raw.length() > MAX_QUERY_STRING) {
      throw new HttpError(414, "query string of " + raw.length() + " characters is over the limit of "
          + MAX_QUERY_STRING + "; send the query in a POST body");
    }
    return formParams(raw);
  }

  static Map<String, String> formParams(String raw) throws HttpError {
    try {
      return io.taskscope.core.http.FormData.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  /** Media types of an Accept header in order of preference (q-values honoured, stable). */
  static List<String> accepts(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Accept");
    List<String[]> items = new ArrayList<>();
    if (h == null || h.isBlank()) {
      return List.of("*/*");
    }
    for (String part : h.split(",")) {
      String[] p = part.trim().split(";");
      double q = 1;
      for (int i = 1; i < p.length; i++) {
        String a = p[i].trim();
        if (a.startsWith("q=")) {
          try {
            q = Double.parseDouble(a.substring(2));
          } catch (NumberFormatException ignored) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        items.add(new String[] {p[0].trim().toLowerCase(Locale.ROOT), Double.toString(q)});
      }
    }
    items.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
    return items.stream().map(a -> a[0]).toList();
  }

  /** The first of {@code offered} the client accepts, or null (406). */
  static String negotiate(HttpExchange ex, List<String> offered) {
    for (String a : accepts(ex)) {
      if (a.equals("*/*")) {
        return offered.get(0);
      }
      for (String o : offered) {
        if (o.equalsIgnoreCase(a) || (a.endsWith("/*") && o.startsWith(a.substring(0, a.length() - 1)))) {
          return o;
        }
      }
    }
    return null;
  }

  static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean head = "HEAD".equals(ex.getRequestMethod());
    if (status == 204 || status == 304) {
      ex.sendResponseHeaders(status, -1);
    } else if (head) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(value));
  }

  /** TaskScope's error body: {@code {"error": "...", "status": n}}. */
  static void error(HttpExchange ex, int status, String message) {
    try {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", message);
      m.put("status", status);
      json(ex, status, m);
    } catch (IOException | RuntimeException e) {
      ex.close();
    }
  }

  /** The upstream metadata service's error body: {@code {"detail": ...}}. */
  static void detail(HttpExchange ex, int status, Object detail) {
    try {
      json(ex, status, Map.of("detail", detail));
    } catch (IOException | RuntimeException e) {
      ex.close();
    }
  }
}
