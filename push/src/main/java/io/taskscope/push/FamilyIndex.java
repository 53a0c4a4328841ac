package io.taskscope.push;

import java.util.HashMap;
import java.util.Map;

/**
 * Family name → type, help and number of groups, per tenant: Pushgateway's consistency rules apply among one
 * tenant's groups only, so no tenant can claim a family name for others or learn another tenant's types from a 400.
 * Without tenancy every group belongs to tenant "" (one index, as Pushgateway). Owned by the push hub's writer.
 */
final class FamilyIndex {
  /** One family name of one tenant: its type and help, and how many groups hold it. */
  static final class Entry {
    final PushType type;
    final String help;
    int groups;

    Entry(PushType type, String help) {
      this.type = type;
      this.help = help;
    }
  }

  private final Map<String, Map<String, Entry>> byTenant = new HashMap<>();

  /** The tenant's families (read-only use). */
  Map<String, Entry> of(String tenant) {
    return byTenant.getOrDefault(tenant, Map.of());
  }

  void add(PushGroup g) {
    Map<String, Entry> index = byTenant.computeIfAbsent(g.tenant(), t -> new HashMap<>());
    for (PushGroup.Family f : g.families().values()) {
      index.computeIfAbsent(f.name(), n -> new Entry(f.type(), f.helpOrEmpty())).groups++;
    }
  }

  void remove(PushGroup g) {
    Map<String, Entry> index = byTenant.get(g.tenant());
    if (index == null) {
      return;
    }
    for (PushGroup.Family f : g.families().values()) {
      Entry e = index.get(f.name());
      if (e != null && --e.groups <= 0) {
        index.remove(f.name());
      }
    }
    if (index.isEmpty()) {
      byTenant.remove(g.tenant());
    }
  }

  /** client_golang's checkSuffixCollisions, against the other groups and the rest of the new group. */
  static String suffixCollision(PushedFamily f, Map<String, PushGroup.Family> newFams, PushGroup old,
      Map<String, Entry> famIndex) {
    String n = f.name();
    for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
      if (n.endsWith(suffix)) {
        String base = n.substring(0, n.length() - suffix.length());
        PushType bt = otherType(base, newFams, old, famIndex);
        if (bt == PushType.SUMMARY && !suffix.equals("_bucket")) {
          return "collected metric named " + GoText.quote(n) + " collides with previously collected summary named "
              + GoText.quote(base);
        }
        if (bt == PushType.HISTOGRAM) {
          return "collected metric named " + GoText.quote(n)
              + " collides with previously collected histogram named " + GoText.quote(base);
        }
        break;
      }
    }
    if (f.type() == PushType.SUMMARY || f.type() == PushType.HISTOGRAM) {
      for (String suffix : new String[] {"_count", "_sum"}) {
        if (otherType(n + suffix, newFams, old, famIndex) != null) {
          return "collected histogram or summary named " + GoText.quote(n)
              + " collides with previously collected metric named " + GoText.quote(n + suffix);
        }
      }
    }
    if (f.type() == PushType.HISTOGRAM && otherType(n + "_bucket", newFams, old, famIndex) != null) {
      return "collected histogram named " + GoText.quote(n) + " collides with previously collected metric named "
          + GoText.quote(n + "_bucket");
    }
    return null;
  }

  private static PushType otherType(String name, Map<String, PushGroup.Family> newFams, PushGroup old,
      Map<String, Entry> famIndex) {
    PushGroup.Family own = newFams.get(name);
    if (own != null) {
      return own.type();
    }
    Entry e = famIndex.get(name);
    if (e == null) {
      return null;
    }
    int others = e.groups - (old != null && old.families().containsKey(name) ? 1 : 0);
    return others > 0 ? e.type : null;
  }
}
