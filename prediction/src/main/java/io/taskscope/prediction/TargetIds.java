package io.taskscope.prediction;

/**
 * What a target id from a URL must look like before it is looked up: ids come from the graphs ({@code cluster/
 * namespace/kind/name/metric}), so anything else is a client error, answered 400 without touching the service. The id
 * is never used for anything but a lookup key; this check only keeps junk (and log noise) out.
 */
final class TargetIds {
  static final int MAX_LENGTH = 1024;

  private TargetIds() {}

  /** Null when {@code id} is plausible, else why not (the message does not echo the id: it may be huge or binary). */
  static String problem(String id) {
    if (id == null || id.isEmpty()) {
      return "target id is empty";
    }
    if (id.length() > MAX_LENGTH) {
      return "target id has " + id.length() + " characters; at most " + MAX_LENGTH + " are allowed";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return "target id contains a control character at index " + i;
      }
    }
    if (id.startsWith("/") || id.endsWith("/") || id.contains("//")) {
      return "target id has an empty segment (ids look like cluster/namespace/kind/name/metric)";
    }
    return null;
  }
}
