package io.taskscope.kb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the KB database is, parsed from Sedna's {@code KB_URL} (SQLAlchemy style) or from a JDBC URL.
 *
 * <ul>
 *   <li>{@code sqlite:///db/kb.sqlite3}: SQLAlchemy's three slashes = a path relative to the working directory (Sedna's
 *       KB container has none set, so there it is {@code /db/kb.sqlite3}); relative paths are resolved against
 *       {@code baseDir}.</li>
 *   <li>{@code sqlite:////opt/kb-data/kb.sqlite3}: four slashes = absolute path.</li>
 *   <li>{@code jdbc:sqlite:/path} or {@code jdbc:sqlite:file:/path?...}; a plain file path is read as SQLite too.</li>
 *   <li>{@code postgresql://user:pass@host:5432/db?sslmode=require} (also {@code postgres://},
 *       {@code postgresql+psycopg2://}), or {@code jdbc:postgresql://host/db?user=..}.</li>
 * </ul>
 * In-memory SQLite ({@code sqlite://}, {@code :memory:}) is refused: it cannot be shared with the KB server.
 */
public record KbUrl(Kind kind, String jdbcUrl, Path sqliteFile, Properties properties, String display) {
  public enum Kind { SQLITE, POSTGRESQL }

  public static KbUrl parse(String url, Path baseDir) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("kb.url is empty");
    }
    String u = url.trim();
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      String rest = u.substring("jdbc:sqlite:".length());
      String path = rest.startsWith("file:") ? rest.substring(5) : rest;
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      if (path.isEmpty() || path.equals(":memory:")) {
        throw new IllegalArgumentException("in-memory SQLite cannot be a KB database: " + url);
      }
      Path file = baseDir.resolve(path).normalize();
      return new KbUrl(Kind.SQLITE, "jdbc:sqlite:" + file, file, new Properties(), u);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new KbUrl(Kind.POSTGRESQL, u, null, new Properties(), redactJdbc(u));
    }
    if (lower.startsWith("sqlite")) {
      // sqlite://<nothing>/<path>: SQLAlchemy has no host part for SQLite; sqlite+pysqlite:// etc. are the same.
      int scheme = u.indexOf("://");
      if (scheme < 0) {
        throw new IllegalArgumentException("not a SQLAlchemy sqlite URL (expected sqlite:///path): " + url);
      }
      String rest = u.substring(scheme + 3);
      int q = rest.indexOf('?');
      if (q >= 0) {
        rest = rest.substring(0, q);
      }
      if (!rest.startsWith("/") || rest.length() == 1 || rest.equals("/:memory:")) {
        throw new IllegalArgumentException("in-memory SQLite cannot be a KB database: " + url);
      }
      String path = rest.substring(1); // "db/kb.sqlite3" (relative) or "/opt/kb.sqlite3" (absolute)
      Path file = baseDir.resolve(path).normalize();
      return new KbUrl(Kind.SQLITE, "jdbc:sqlite:" + file, file, new Properties(), u);
    }
    if (lower.startsWith("postgresql") || lower.startsWith("postgres://")) {
      int scheme = u.indexOf("://");
      if (scheme < 0) {
        throw new IllegalArgumentException("not a SQLAlchemy postgresql URL: " + url);
      }
      String rest = u.substring(scheme + 3);
      Properties props = new Properties();
      int at = rest.lastIndexOf('@', firstOf(rest, '/', rest.length()));
      String hostPart = rest;
      if (at >= 0) {
        String userInfo = rest.substring(0, at);
        hostPart = rest.substring(at + 1);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        if (!user.isEmpty()) {
          props.setProperty("user", decode(user));
        }
        if (colon >= 0) {
          props.setProperty("password", decode(userInfo.substring(colon + 1)));
        }
      }
      String jdbc = "jdbc:postgresql://" + hostPart;
      String display = u.substring(0, scheme + 3)
          + (props.containsKey("user") ? props.getProperty("user") + (props.containsKey("password") ? ":***" : "") + "@"
              : "")
          + hostPart;
      return new KbUrl(Kind.POSTGRESQL, jdbc, null, props, display);
    }
    if (lower.contains("://") || lower.startsWith("jdbc:")) {
      throw new IllegalArgumentException("unsupported KB database URL (sqlite or postgresql only): " + redactJdbc(u));
    }
    Path file = baseDir.resolve(u).normalize();
    return new KbUrl(Kind.SQLITE, "jdbc:sqlite:" + file, file, new Properties(), u);
  }

  /** Short word for the {@code database} kind in labels and logs. */
  public String kindName() {
    return kind == Kind.SQLITE ? "sqlite" : "postgresql";
  }

  private static int firstOf(String s, char c, int dflt) {
    int i = s.indexOf(c);
    return i < 0 ? dflt : i;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Hides {@code password=...} in a JDBC URL's query and {@code user:pass@} user info. */
  static String redactJdbc(String u) {
    return u.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
  }
}
