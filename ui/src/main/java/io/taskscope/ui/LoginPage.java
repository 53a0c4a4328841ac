package io.taskscope.ui;

import com.sun.net.httpserver.HttpExchange;
import io.taskscope.core.http.Access;
import io.taskscope.core.http.Permission;
import io.taskscope.core.RequestBodies;
import io.taskscope.core.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /ui/login} and {@code /ui/logout}: when the port has tokens, a browser keeps its token in an HttpOnly,
 * SameSite=Strict cookie that only the UI's read-only pages accept (an auth proxy may instead send
 * {@code Authorization: Bearer} itself). The token is checked by the front door on the next page, not here.
 */
final class LoginPage {
  static final int MAX_FORM = 8192;

  private LoginPage() {}

  static void mount(Routes routes) {
    Access open = Access.builder().allow(Permission.OPEN, "GET", "HEAD", "POST").otherwise(Permission.NOT_ALLOWED)
        .build();
    routes.route("/ui/login", open, OpsUi.errorPage(), LoginPage::login);
    routes.route("/ui/logout", open, OpsUi.errorPage(), ex -> {
      RequestBodies.discard(ex);
      ex.getResponseHeaders().add("Set-Cookie", Access.TOKEN_COOKIE
          + "=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict");
      ex.getResponseHeaders().set("Location", "/ui/login");
      ex.sendResponseHeaders(303, -1);
      ex.close();
    });
  }

  private static void login(HttpExchange ex) throws IOException {
    try (ex) {
      if (ex.getRequestMethod().equals("POST")) {
        String form;
        try (InputStream in = ex.getRequestBody()) {
          byte[] b = in.readNBytes(MAX_FORM + 1);
          if (b.length > MAX_FORM) {
            UiHttp.html(ex, 413, form("The form is larger than " + MAX_FORM + " bytes.", "/ui/"));
            return;
          }
          form = new String(b, StandardCharsets.UTF_8);
        }
        String token = field(form, "token");
        String next = safeNext(field(form, "next"));
        if (token == null || token.isBlank()) {
          UiHttp.html(ex, 400, form("Enter a token.", next));
          return;
        }
        ex.getResponseHeaders().add("Set-Cookie", Access.TOKEN_COOKIE + "=" + Html.url(token.strip())
            + "; Path=/ui; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().set("Location", next);
        ex.sendResponseHeaders(303, -1);
        return;
      }
      String q = ex.getRequestURI().getRawQuery();
      String next = safeNext(q == null ? null : field(q, "next"));
      UiHttp.html(ex, 200, form(null, next));
    }
  }

  /** The login form; {@code problem} (escaped) above it when set. */
  static String form(String problem, String next) {
    Html h = new Html().raw("<h1>Sign in</h1>");
    if (problem != null) {
      h.raw("<p class=\"banner\" role=\"alert\">").text(problem).raw("</p>");
    }
    h.raw("<p>This TaskScope needs a token (ask your platform team). It is kept in a cookie for this UI only.</p>")
        .raw("<form method=\"post\" action=\"/ui/login\"><input type=\"hidden\" name=\"next\" value=\"")
        .text(next).raw("\"><label>Token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" ")
        .raw("required></label> <button type=\"submit\">Sign in</button></form>");
    return Layout.page("Sign in", "", h);
  }

  /** Only a path of this UI: no scheme, no host, no {@code //} (an open redirect would send tokens away). */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/ui/") || next.startsWith("//") || next.contains("\\")
        || next.length() > 2048 || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/ui/";
    }
    return next;
  }

  /** A field of form-encoded text, or null when absent or the text is malformed. */
  static String field(String form, String name) {
    try {
      return io.taskscope.core.http.FormData.parse(form).get(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
