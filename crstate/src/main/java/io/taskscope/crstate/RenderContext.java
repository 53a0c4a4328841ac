package io.taskscope.crstate;

import java.util.HashMap;
import java.util.Map;

/** Per object, per metric scratch state of one render: parsed {@code @json} strings and the first hard failure. */
final class RenderContext {
  static final Object CORRUPT = new Object();

  final Map<String, Object> jsonCache = new HashMap<>();
  String failure;

  void corruptJson(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }
}
