package io.taskscope.e2e.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send exactly the bytes it means (paths, methods and bodies that
 * {@code java.net.http} would refuse or rewrite). One request per connection ({@code Connection: close}).
 */
final class RawHttp {
  private RawHttp() {}

  /** A request: method, raw path (with query), headers, body bytes; plus the corpus metadata of its file. */
  record Request(String name, String method, String path, Map<String, String> headers, byte[] body,
                 Map<String, String> meta) {
    Request(String method, String path, String contentType, String body) {
      this("", method, path, contentType == null ? Map.of() : Map.of("Content-Type", contentType),
          body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    String meta(String key) {
      return meta.get(key);
    }

    @Override
    public String toString() {
      String b = new String(body, StandardCharsets.UTF_8);
      return (name.isEmpty() ? "" : name + ": ") + method + " " + path + headers
          + (body.length == 0 ? "" : " body=" + (b.length() > 200 ? b.substring(0, 200) + "..." : b).replace("\n", "\\n"));
    }
  }

  /** A response: status, headers (lower-case names), body as text. */
  record Response(int status, Map<String, String> headers, String body) {}

  /**
   * Reads a corpus file: lines starting with {@code #} before the request line are metadata ({@code # key: value};
   * the first line without a colon is the description); then {@code METHOD PATH}; then header lines; then an empty
   * line and the body, byte for byte to the end of the file. {@code # body-base64: ...} gives a binary body instead.
   */
  static Request load(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int pos = 0;
    Map<String, String> meta = new LinkedHashMap<>();
    String requestLine = null;
    Map<String, String> headers = new LinkedHashMap<>();
    while (pos < all.length) {
      int nl = indexOf(all, (byte) '\n', pos);
      int end = nl < 0 ? all.length : nl;
      String line = new String(all, pos, end - pos, StandardCharsets.UTF_8);
      pos = nl < 0 ? all.length : nl + 1;
      if (requestLine == null) {
        if (line.startsWith("#")) {
          String m = line.substring(1).trim();
          int colon = m.indexOf(':');
          if (colon > 0 && m.substring(0, colon).matches("[a-z0-9-]+")) {
            meta.put(m.substring(0, colon), m.substring(colon + 1).trim());
          } else {
            meta.merge("description", m, (a, b) -> a + " " + b);
          }
          continue;
        }
        requestLine = line;
        continue;
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    if (requestLine == null) {
      throw new IOException(file + ": no request line");
    }
    int sp = requestLine.indexOf(' ');
    byte[] body = pos < all.length ? java.util.Arrays.copyOfRange(all, pos, all.length) : new byte[0];
    if (meta.containsKey("body-base64")) {
      body = Base64.getDecoder().decode(meta.get("body-base64"));
    }
    String name = file.getFileName().toString();
    return new Request(name, requestLine.substring(0, sp), requestLine.substring(sp + 1), headers, body, meta);
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static Response send(int port, Request r) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      StringBuilder sb = new StringBuilder();
      sb.append(r.method()).append(' ').append(r.path()).append(" HTTP/1.1\r\n");
      sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
      boolean hasLength = false;
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        hasLength |= h.getKey().equalsIgnoreCase("content-length");
      }
      if (!hasLength && (r.body().length > 0 || !r.method().equals("GET") && !r.method().equals("HEAD"))) {
        sb.append("Content-Length: ").append(r.body().length).append("\r\n");
      }
      sb.append("Connection: close\r\n\r\n");
      head.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write(head.toByteArray());
      out.write(r.body());
      out.flush();
      return read(s.getInputStream(), r.method().equals("HEAD"));
    }
  }

  private static Response read(InputStream in, boolean head) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed without a response");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
    }
    byte[] body;
    if (head || code == 204 || code == 304) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        String sz = line(in);
        int n = Integer.parseInt(sz.split(";")[0].trim(), 16);
        if (n == 0) {
          line(in);
          break;
        }
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(code, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  static List<Request> loadAll(Path dir) throws IOException {
    List<Request> out = new ArrayList<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".req")).sorted().toList()) {
        out.add(load(p));
      }
    }
    return out;
  }
}
