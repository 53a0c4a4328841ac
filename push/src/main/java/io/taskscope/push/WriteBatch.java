package io.taskscope.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one batch of the push hub's writer changed: store writes, groups to publish, what to restore on failure. */
final class WriteBatch {
  final List<PushStore.Write> writes = new ArrayList<>();
  final Map<String, PushGroup> changes = new LinkedHashMap<>();
  final Map<String, Long> newVersions = new HashMap<>();
  final Map<String, PushGroup> undo = new HashMap<>();
  final Set<String> undoKnown = new HashSet<>();
  int expired;
}
