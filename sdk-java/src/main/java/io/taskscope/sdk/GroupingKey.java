package io.taskscope.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Pushgateway grouping-key path {@code /metrics/job/{job}{/{label}/{value}}*}. Values that a path segment
 * cannot carry verbatim (empty, containing {@code /}, or a dot segment) are sent as {@code {label}@base64/{url-safe base64}}, an
 * empty value as {@code =}; other values are percent-encoded (UTF-8, everything but RFC 3986 unreserved characters).
 */
public final class GroupingKey {
  private GroupingKey() {}

  /** The path for {@code job} and the grouping labels (sorted by name, as other clients send them). */
  public static String path(String job, Map<String, String> labels) {
    if (job == null || job.isEmpty()) {
      throw new IllegalArgumentException("job name must not be empty");
    }
    StringBuilder sb = new StringBuilder("/metrics");
    segment(sb, "job", job);
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      segment(sb, e.getKey(), e.getValue());
    }
    return sb.toString();
  }

  private static void segment(StringBuilder sb, String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException("grouping label " + name + " has no value");
    }
    if (value.isEmpty()) {
      sb.append('/').append(name).append("@base64/=");
    } else if (value.indexOf('/') >= 0 || value.equals(".") || value.equals("..")) {
      // "/" would split the segment; "." and ".." would be removed by path normalisation on the way.
      sb.append('/').append(name).append("@base64/")
          .append(Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    } else {
      sb.append('/').append(name).append('/').append(percentEncode(value));
    }
  }

  /** Percent-encodes every byte of the UTF-8 form of {@code s} except RFC 3986 unreserved characters. */
  static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
