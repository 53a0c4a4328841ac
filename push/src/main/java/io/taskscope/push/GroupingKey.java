package io.taskscope.push;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The grouping labels of a group ({@code job} plus the labels of the URL path) and its key: label names sorted, names
 * and values joined with U+00FF as Pushgateway builds it, except that a U+00FF or backslash inside a name or value is
 * preceded by a backslash. U+00FF is a legal label character, so without the escape {@code {x="bÿyÿc"}} and
 * {@code {x="b",y="c"}} had the same key (one group silently replaced the other). Keys without either character are
 * unchanged, so stores written before the escape only need rows with such keys rewritten ({@link PushHub} does it on
 * open). Parsing follows Pushgateway's routes
 * {@code /metrics/job[@base64]/{job}[/{label}[@base64]/{value}]*} and its error messages.
 */
public record GroupingKey(SortedMap<String, String> labels, String key) {
  public static final String BASE64_SUFFIX = "@base64";
  private static final char SEP = '\u00ff';
  private static final char ESC = '\\';

  public GroupingKey {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public static GroupingKey of(Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>(labels);
    StringBuilder sb = new StringBuilder(64);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (sb.length() > 0) {
        sb.append(SEP);
      }
      escape(sb, e.getKey());
      sb.append(SEP);
      escape(sb, e.getValue());
    }
    return new GroupingKey(sorted, sb.toString());
  }

  private static void escape(StringBuilder sb, String s) {
    if (s.indexOf(SEP) < 0 && s.indexOf(ESC) < 0) {
      sb.append(s);
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == SEP || c == ESC) {
        sb.append(ESC);
      }
      sb.append(c);
    }
  }

  /** The key as TaskScope wrote it before the escape (ambiguous): for tests of the store migration. */
  static String legacyKey(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder(64);
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      if (sb.length() > 0) {
        sb.append(SEP);
      }
      sb.append(e.getKey()).append(SEP).append(e.getValue());
    }
    return sb.toString();
  }

  /**
   * The bytes these labels add to each series line ({@code name="value",} per label, values in UTF-8): what a push
   * costs per series beyond its body, since the grouping labels are copied onto every series.
   */
  public int labelBytes() {
    long n = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String v = e.getValue();
      n += e.getKey().length() + 4 + (GrowableBytes.ascii(v) ? v.length() : v.getBytes(StandardCharsets.UTF_8).length);
    }
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  public String job() {
    return labels.get("job");
  }

  /** Thrown for a path Pushgateway answers with a redirect or 404 rather than a 400. */
  public static final class Redirect extends Exception {
    private final int status;
    private final String location;

    Redirect(int status, String location) {
      super(location, null, false, false);
      this.status = status;
      this.location = location;
    }

    public int status() {
      return status;
    }

    /** Location header, or null for a plain 404. */
    public String location() {
      return location;
    }
  }

  /**
   * Parses a raw (still percent-encoded) request path under {@code /metrics/job}.
   *
   * @throws Redirect for paths Pushgateway's router redirects (trailing slash, double slash) or does not know (404)
   * @throws PushException 400 with Pushgateway's message for bad job names, labels and base64
   */
  public static GroupingKey parsePath(String rawPath) throws Redirect, PushException {
    String path = percentDecode(rawPath);
    if (path.contains("//")) {
      throw new Redirect(301, path.replaceAll("/{2,}", "/"));
    }
    String rest;
    boolean jobBase64;
    if (path.startsWith("/metrics/job@base64")) {
      rest = path.substring("/metrics/job@base64".length());
      jobBase64 = true;
    } else if (path.startsWith("/metrics/job")) {
      rest = path.substring("/metrics/job".length());
      jobBase64 = false;
    } else {
      throw new Redirect(404, null);
    }
    if (rest.isEmpty() || !rest.startsWith("/")) {
      throw new Redirect(404, null);
    }
    if (rest.equals("/")) {
      // Pushgateway's router redirects a trailing slash after "job" but has no route for "job@base64/".
      throw jobBase64 ? new Redirect(404, null) : new Redirect(307, path.substring(0, path.length() - 1));
    }
    int slash = rest.indexOf('/', 1);
    String job = slash < 0 ? rest.substring(1) : rest.substring(1, slash);
    String labelString = slash < 0 ? "" : rest.substring(slash);
    if (jobBase64) {
      Decoded d = decodeBase64(job);
      if (d.error != null) {
        throw PushException.badRequest("invalid base64 encoding in job name " + GoText.quote(d.partial, 0,
            d.partial.length) + ": " + d.error);
      }
      job = d.value;
    }
    TreeMap<String, String> labels = splitLabels(labelString);
    if (job.isEmpty()) {
      throw PushException.badRequest("job name is required");
    }
    labels.put("job", job);
    return of(labels);
  }

  static TreeMap<String, String> splitLabels(String s) throws PushException {
    TreeMap<String, String> result = new TreeMap<>();
    if (s.length() <= 1) {
      return result;
    }
    String[] c = s.substring(1).split("/", -1);
    if (c.length % 2 != 0) {
      throw PushException.badRequest("odd number of components in label string " + GoText.quote(s));
    }
    for (int i = 0; i < c.length - 1; i += 2) {
      String name = c[i];
      String value = c[i + 1];
      String trimmed = name.endsWith(BASE64_SUFFIX) ? name.substring(0, name.length() - BASE64_SUFFIX.length()) : name;
      if (!GoText.isValidLabelName(trimmed) || trimmed.startsWith("__")) {
        throw PushException.badRequest("improper label name " + GoText.quote(trimmed));
      }
      if (name.equals(trimmed)) {
        result.put(name, value);
        continue;
      }
      Decoded d = decodeBase64(value);
      if (d.error != null) {
        throw PushException.badRequest("invalid base64 encoding for label " + trimmed + "=" + GoText.quote(value)
            + ": " + d.error);
      }
      result.put(trimmed, d.value);
    }
    return result;
  }

  record Decoded(String value, byte[] partial, String error) {}

  /**
   * URL-safe base64 without padding after trimming trailing {@code =} (Go's {@code RawURLEncoding}); errors as Go
   * words them ({@code illegal base64 data at input byte N}), with the bytes decoded before the error.
   */
  static Decoded decodeBase64(String s) {
    String t = s;
    while (t.endsWith("=")) {
      t = t.substring(0, t.length() - 1);
    }
    byte[] raw = t.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream clean = new ByteArrayOutputStream(raw.length);
    int quantumChars = 0;
    int completeQuanta = 0;
    int lastCharIndex = -1;
    for (int i = 0; i < raw.length; i++) {
      int c = raw[i] & 0xff;
      if (c == '\n' || c == '\r') {
        continue;
      }
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        byte[] partial = Base64.getUrlDecoder().decode(trimTo(clean.toByteArray(), completeQuanta * 4));
        return new Decoded(null, partial, "illegal base64 data at input byte " + i);
      }
      clean.write(c);
      lastCharIndex = i;
      if (++quantumChars == 4) {
        quantumChars = 0;
        completeQuanta++;
      }
    }
    byte[] chars = clean.toByteArray();
    if (quantumChars == 1) {
      byte[] partial = Base64.getUrlDecoder().decode(trimTo(chars, completeQuanta * 4));
      return new Decoded(null, partial, "illegal base64 data at input byte " + lastCharIndex);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(chars);
    } catch (IllegalArgumentException e) {
      return new Decoded(null, new byte[0], "illegal base64 data at input byte 0");
    }
    String v = strictUtf8(bytes);
    if (v == null) {
      // Go would store the bytes and fail later in the consistency check; no label value may be invalid UTF-8 here.
      return new Decoded(null, bytes, "decoded value is not valid UTF-8");
    }
    return new Decoded(v, bytes, null);
  }

  private static byte[] trimTo(byte[] b, int n) {
    return java.util.Arrays.copyOf(b, Math.min(n, b.length));
  }

  static String strictUtf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Decodes %XX escapes (not '+'), as Go's URL.Path; invalid UTF-8 in the result is a 400. */
  static String percentDecode(String raw) throws PushException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%') {
        if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0 || Character.digit(in[i + 2], 16) < 0) {
          throw PushException.badRequest("invalid URL escape " + GoText.quote(raw.substring(
              Math.min(i, raw.length()), Math.min(i + 3, raw.length()))));
        }
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else {
        out.write(in[i]);
      }
    }
    String s = strictUtf8(out.toByteArray());
    if (s == null) {
      throw PushException.badRequest("URL path is not valid UTF-8 after decoding: " + GoText.quote(raw));
    }
    return s;
  }

  /** The labels as a JSON object (the store's labels column). */
  String labelsJson() {
    StringBuilder sb = new StringBuilder("{");
    for (java.util.Map.Entry<String, String> e : labels().entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      // Jackson's string encoder, not a mapper per call: this runs on every push
      sb.append(GoText.quote(e.getKey())).append(':').append('"')
          .append(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(e.getValue())).append('"');
    }
    return sb.append('}').toString();
  }
}
