package io.taskscope.push;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushgateway's consistency rules for a push against what the hub holds: one type (and, when asked, one help) per
 * family name within a tenant, no histogram/summary suffix collisions, no series held by two groups. Keeps the
 * indexes that make a check cost the size of the push, not of the hub. Owned by the push hub's writer.
 */
final class Consistency {
  private final FamilyIndex families = new FamilyIndex();
  private final SeriesIndex series = new SeriesIndex();
  /** The writer's groups by key (read here to compare labels of series whose hashes match). */
  private final Map<String, PushGroup> groups;
  private final boolean rejectHelpConflicts;

  Consistency(Map<String, PushGroup> groups, boolean rejectHelpConflicts) {
    this.groups = groups;
    this.rejectHelpConflicts = rejectHelpConflicts;
  }

  void add(PushGroup g) {
    families.add(g);
    String owner = g.key().key();
    for (PushGroup.Family f : g.families().values()) {
      for (long h : f.seriesHashes()) {
        series.add(h, owner);
      }
    }
  }

  void remove(PushGroup g) {
    families.remove(g);
    String owner = g.key().key();
    for (PushGroup.Family f : g.families().values()) {
      for (long h : f.seriesHashes()) {
        series.remove(h, owner);
      }
    }
  }

  /**
   * Checks the families of a push ({@code body}) that would make the group {@code fams} (replacing {@code old}) of
   * {@code owner}; a 400 with Pushgateway's messages, every problem listed, when any rule is broken.
   */
  void check(List<PushedFamily> body, Map<String, PushGroup.Family> fams, PushGroup old, GroupingKey key,
      String owner) throws PushException {
    List<String> errors = new ArrayList<>();
    Map<Long, PushedMetric> bodySeries = new HashMap<>();
    Map<String, FamilyIndex.Entry> famIndex = families.of(owner);
    for (PushedFamily f : body) {
      FamilyIndex.Entry e = famIndex.get(f.name());
      int others = e == null ? 0 : e.groups - (old != null && old.families().containsKey(f.name()) ? 1 : 0);
      if (others > 0 && e.type != f.type()) {
        for (PushedMetric m : f.metrics()) {
          errors.add("collected metric " + GoText.quote(f.name()) + " { " + m.protoText() + "} is not a "
              + e.type.name());
        }
        continue;
      }
      if (others > 0 && rejectHelpConflicts && !f.helpOrEmpty().equals(e.help)) {
        errors.add("gathered metric family " + f.name() + " has help " + GoText.quote(f.helpOrEmpty())
            + " but should have " + GoText.quote(e.help));
        continue;
      }
      String collision = FamilyIndex.suffixCollision(f, fams, old, famIndex);
      if (collision != null) {
        errors.add(collision);
        continue;
      }
      long[] hashes = fams.get(f.name()).seriesHashes();
      // A group re-pushing exactly the series it holds cannot take them from another group (no two groups hold one
      // series), so the index lookups, the costly part with many series stored, are only made for new series.
      PushGroup.Family before = old == null ? null : old.families().get(f.name());
      boolean sameSeries = before != null && Arrays.equals(before.seriesHashes(), hashes);
      boolean repeats = hasRepeats(hashes);
      List<PushedMetric> ms = f.metrics();
      for (int i = 0; i < ms.size(); i++) {
        PushedMetric m = ms.get(i);
        PushedMetric same = repeats ? bodySeries.putIfAbsent(hashes[i], m) : null;
        if ((same != null && same.hasLabels(m.names, m.values))
            || (!sameSeries && heldElsewhere(f.name(), m, key.key()))) {
          errors.add("collected metric " + GoText.quote(f.name()) + " { " + m.protoText()
              + "} was collected before with the same name and label values");
        }
      }
    }
    if (old == null) {
      checkTimestampSeries(fams, key, errors);
    }
    if (!errors.isEmpty()) {
      throw PushException.inconsistent(joinErrors(errors));
    }
  }

  /** True when some hash occurs twice (then the body may repeat a series and the labels are compared). */
  private static boolean hasRepeats(long[] hashes) {
    if (hashes.length < 2) {
      return false;
    }
    long[] sorted = hashes.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return true;
      }
    }
    return false;
  }

  /** True when another group already holds this new group's push_time_seconds or push_failure_time_seconds. */
  boolean timestampSeriesHeldElsewhere(Map<String, PushGroup.Family> fams, GroupingKey key) {
    List<String> errors = new ArrayList<>();
    checkTimestampSeries(fams, key, errors);
    return !errors.isEmpty();
  }

  private void checkTimestampSeries(Map<String, PushGroup.Family> fams, GroupingKey key, List<String> errors) {
    for (String n : List.of(PushGroup.PUSH_TIME, PushGroup.FAILURE_TIME)) {
      PushedMetric m = fams.get(n).family().metrics().get(0);
      if (heldElsewhere(n, m, key.key())) {
        errors.add("collected metric " + GoText.quote(n) + " { " + m.protoText()
            + "} was collected before with the same name and label values");
      }
    }
  }

  /** True when a group other than {@code self} holds a series with this family name and these labels. */
  private boolean heldElsewhere(String family, PushedMetric m, String self) {
    for (String owner : series.owners(m.seriesHash(family))) {
      if (owner.equals(self)) {
        continue;
      }
      PushGroup g = groups.get(owner);
      PushGroup.Family f = g == null ? null : g.families().get(family);
      if (f != null) {
        for (PushedMetric held : f.family().metrics()) {
          if (held.hasLabels(m.names, m.values)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static String joinErrors(List<String> errors) {
    if (errors.size() == 1) {
      return errors.get(0);
    }
    StringBuilder sb = new StringBuilder().append(errors.size()).append(" error(s) occurred:");
    for (String e : errors) {
      sb.append("\n* ").append(e);
    }
    return sb.toString();
  }
}
