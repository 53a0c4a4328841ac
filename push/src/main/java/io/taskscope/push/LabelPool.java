package io.taskscope.push;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares the strings and label-name arrays of metrics read back from the store in metric form (families kept parsed,
 * see {@link PushGroup.Family}, and groups written by format version 1), so that a restored hub does not hold one copy
 * of {@code "instance"}, of each job name and of each repeated label value per series. Label values go through the
 * JVM's string table; name arrays, of which there are few distinct ones, through a bounded map. Pushes do not go
 * through it: their compact families keep no label strings at all.
 */
final class LabelPool {
  private static final int MAX_NAME_SETS = 4096;
  private static final int MAX_POOLED_VALUE = 128;
  private static final ConcurrentHashMap<List<String>, String[]> NAME_SETS = new ConcurrentHashMap<>();

  private LabelPool() {}

  /** The shared array equal to {@code names} (whose strings are interned), or {@code names} once the pool is full. */
  static String[] names(String[] names) {
    if (names.length == 0) {
      return names;
    }
    String[] shared = NAME_SETS.get(Arrays.asList(names));
    if (shared != null) {
      return shared;
    }
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].intern();
    }
    if (NAME_SETS.size() >= MAX_NAME_SETS) {
      return names;
    }
    shared = NAME_SETS.putIfAbsent(Arrays.asList(names), names);
    return shared == null ? names : shared;
  }

  /** Interns short values in place (long ones are rarely repeated and would only fill the table). */
  static String[] values(String[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].length() <= MAX_POOLED_VALUE) {
        values[i] = values[i].intern();
      }
    }
    return values;
  }
}
