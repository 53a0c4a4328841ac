package io.taskscope.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.taskscope.core.RequestBodies;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into TaskScope's port: every route is registered here with the permission each of its methods needs,
 * and every request passes the same filter. It authenticates ({@code Authorization: Bearer}), authorises against the
 * route's {@link Access}, makes the {@link Principal} available to the handler ({@link #principal()}), and turns
 * whatever the handler throws into an answer in the route's error format:
 * <ul>
 *   <li>{@link Problem}: its status and message;</li>
 *   <li>{@link StackOverflowError}: 400 (input nested too deeply);</li>
 *   <li>{@link OutOfMemoryError}: 503 with {@code Retry-After};</li>
 *   <li>anything else: 500, logged with its stack.</li>
 * </ul>
 * When the status line was already sent (a streamed answer) or the handler threw {@link AbortedResponse}, the exchange
 * is not closed and the exception leaves the JDK handler: the JDK server then closes the connection, so the client
 * sees a broken answer instead of a short one that looks complete (closing the exchange would end a chunked body
 * properly). Every rejection by the door itself is one log line {@code event=request_rejected}; tokens are never
 * logged.
 */
public final class FrontDoor implements Routes {
  private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);
  static final String TOO_DEEP = "input is nested too deeply or too complex";
  static final String NO_MEMORY = "server is short of memory; retry later";
  /**
   * The principal of the request this thread handles, set for the handler call only. (Exchange attributes would not
   * do: the JDK server keeps them per context, shared by concurrent requests.)
   */
  private static final ThreadLocal<Principal> CURRENT = new ThreadLocal<>();
  /** Whether the request on this thread has had its rejection line, so that a 4xx is logged once. */
  private static final ThreadLocal<Boolean> LOGGED = new ThreadLocal<>();

  private final HttpServer server;
  private final AccessPolicy policy;

  public FrontDoor(HttpServer server, AccessPolicy policy) {
    this.server = server;
    this.policy = policy;
  }

  public AccessPolicy policy() {
    return policy;
  }

  /**
   * The principal of the request being handled on this thread. Outside a handler behind the door there is none: a
   * handler must never be reachable without the door, so this throws instead of guessing.
   */
  public static Principal principal() {
    Principal p = CURRENT.get();
    if (p == null) {
      throw new IllegalStateException("no principal: the handler is not mounted behind the front door");
    }
    return p;
  }

  /**
   * Whom a request's resources are accounted to (fair shares): its principal's name, or its remote address when it
   * came without a token.
   */
  public static String client(HttpExchange ex) {
    Principal p = CURRENT.get();
    if (p != null && p.authenticated()) {
      return "principal:" + p.name();
    }
    var a = ex.getRemoteAddress();
    return "address:" + (a == null || a.getAddress() == null ? "?" : a.getAddress().getHostAddress());
  }

  @Override
  public void route(String path, Access access, ErrorWriter errors, HttpHandler handler) {
    server.createContext(path, ex -> handle(ex, path, access, errors, handler));
  }

  private void handle(HttpExchange ex, String route, Access access, ErrorWriter errors, HttpHandler handler)
      throws IOException {
    Principal p;
    try {
      p = admit(ex, access, errors);
    } catch (IOException | RuntimeException e) {
      throw new AbortedResponse("could not answer a rejected request: " + e);
    }
    if (p == null) {
      ex.close();
      return;
    }
    CURRENT.set(p);
    try {
      handler.handle(ex);
      if (ex.getResponseCode() >= 400 && LOGGED.get() == null) {
        // a handler that answers its own errors (the Metadata Service's): the line without the handler's words
        logRejection(ex.getResponseCode(), ex, p, "answered by the handler");
      }
    } catch (Throwable t) {
      failed(ex, route, p, errors, t);
      return;
    } finally {
      CURRENT.remove();
      LOGGED.remove();
    }
    ex.close();
  }

  /** A cookie's value from the request's Cookie headers, or null (first match; values are not unquoted). */
  static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
          String v = part.substring(eq + 1).trim();
          try {
            // the UI's login writes the token URL-encoded: any token survives the cookie syntax
            v = java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return null;
          }
          return v.isEmpty() ? null : v;
        }
      }
    }
    return null;
  }

  /** The principal allowed in, or null after answering 401/403/405. */
  private Principal admit(HttpExchange ex, Access access, ErrorWriter errors) throws IOException {
    String method = ex.getRequestMethod();
    Permission need = access.needed(method);
    if (need.kind() == Permission.Kind.NOT_ALLOWED) {
      ex.getResponseHeaders().set("Allow", access.allowed());
      reject(ex, errors, 405, Principal.ANONYMOUS, "method " + method + " is not allowed on "
          + ex.getRequestURI().getPath() + "; allowed: " + access.allowed());
      return null;
    }
    if (!policy.tokensConfigured()) {
      return Principal.OPEN;
    }
    if (need.kind() == Permission.Kind.OPEN) {
      return Principal.ANONYMOUS;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null && access.tokenCookie()) {
      String fromCookie = cookie(ex, Access.TOKEN_COOKIE);
      auth = fromCookie == null ? null : "Bearer " + fromCookie;
    }
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskscope\"");
      reject(ex, errors, 401, Principal.ANONYMOUS, "authentication required: send Authorization: Bearer <token>");
      return null;
    }
    Principal p = policy.byToken(auth.substring(7).trim());
    if (p == null) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskscope\", error=\"invalid_token\"");
      reject(ex, errors, 401, Principal.ANONYMOUS, "unknown token");
      return null;
    }
    if (need.kind() == Permission.Kind.ROLE && !p.has(need.role())) {
      reject(ex, errors, 403, p, "token " + p.name() + " may not " + method + " " + ex.getRequestURI().getPath()
          + ": needs role " + need.role().configName());
      return null;
    }
    return p;
  }

  private static void reject(HttpExchange ex, ErrorWriter errors, int status, Principal p, String reason)
      throws IOException {
    logRejection(status, ex, p, reason);
    RequestBodies.discard(ex);
    errors.write(ex, status, reason);
  }

  /** The one log line of a rejected request (never the token; the path is cut and stripped of control characters). */
  public static void logRejection(int status, HttpExchange ex, Principal p, String reason) {
    if (CURRENT.get() != null) {
      LOGGED.set(Boolean.TRUE);
    }
    if (log.isInfoEnabled()) {
      log.info("event=request_rejected status={} method={} path=\"{}\" principal={} remote={} reason=\"{}\"", status,
          clean(ex.getRequestMethod()), clean(ex.getRequestURI().getRawPath()), p == null ? "anonymous" : p.label(),
          ex.getRemoteAddress() == null ? "?" : ex.getRemoteAddress().getAddress().getHostAddress(), clean(reason));
    }
  }

  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '"' ? '?' : c);
    }
    return s.length() > 200 ? b.append("...").toString() : b.toString();
  }

  private static void failed(HttpExchange ex, String route, Principal p, ErrorWriter errors, Throwable t) {
    if (t instanceof AbortedResponse a) {
      log.warn("event=response_aborted route={} path=\"{}\" principal={} reason=\"{}\"", route,
          clean(ex.getRequestURI().getRawPath()), p.label(), clean(a.getMessage()));
      throw a;
    }
    if (ex.getResponseCode() != -1) {
      // The status line is out: any answer now would be appended to a started body.
      if (!(t instanceof IOException)) {
        log.error("event=response_aborted route={} path=\"{}\" error=\"{}\"", route,
            clean(ex.getRequestURI().getRawPath()), clean(t.toString()), t);
      }
      throw new AbortedResponse("failed after the answer started: " + t, t);
    }
    if (t instanceof IOException) {
      // The client went away or the request did not arrive in time (the server closed the connection).
      log.debug("event=client_gone route={} error=\"{}\"", route, t.toString());
      throw new AbortedResponse("client gone: " + t, t);
    }
    int status;
    String message;
    if (t instanceof Problem pr) {
      status = pr.status();
      message = pr.getMessage();
      logRejection(status, ex, p, message);
    } else if (t instanceof StackOverflowError) {
      status = 400;
      message = TOO_DEEP;
      logRejection(status, ex, p, "stack overflow while handling the request");
    } else if (t instanceof OutOfMemoryError) {
      status = 503;
      message = NO_MEMORY;
      ex.getResponseHeaders().set("Retry-After", "5");
      log.error("event=out_of_memory route={} path=\"{}\"", route, clean(ex.getRequestURI().getRawPath()));
    } else {
      status = 500;
      message = "internal error";
      log.error("event=handler_failed route={} path=\"{}\" error=\"{}\"", route, clean(ex.getRequestURI().getRawPath()),
          clean(t.toString()), t);
    }
    try {
      if ((status == 429 || status == 503) && ex.getResponseHeaders().getFirst("Retry-After") == null) {
        ex.getResponseHeaders().set("Retry-After", "1");
      }
      RequestBodies.discard(ex);
      errors.write(ex, status, message);
      ex.close();
    } catch (Throwable e) {
      // also an Error (memory still short): one leaving the JDK handler would not even close the connection
      throw new AbortedResponse("could not write the error answer: " + e, e);
    }
  }
}
