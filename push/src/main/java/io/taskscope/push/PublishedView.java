package io.taskscope.push;

import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricSource.FamilySink;
import io.taskscope.core.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * What scrapes and the JSON API read: the committed groups, and family name → (group key → pre-rendered lines), so
 * that the writer publishing one group never blocks a scrape and a scrape copies bytes instead of rendering. Written
 * only by the push hub's writer (after each commit); read by any thread.
 */
final class PublishedView {
  private final ConcurrentHashMap<String, PushGroup> published = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, PubFamily> pubFamilies = new ConcurrentSkipListMap<>();

  int size() {
    return published.size();
  }

  long seriesCount() {
    return published.values().stream().mapToLong(PushGroup::seriesCount).sum();
  }

  PushGroup group(String key) {
    return published.get(key);
  }

  /** The groups in key order. */
  Collection<PushGroup> sortedGroups() {
    return new TreeMap<>(published).values();
  }

  /** Makes {@code group} (null: none) what scrapes and the API see under {@code key}. */
  void publish(String key, PushGroup group) {
    PushGroup old = group == null ? published.remove(key) : published.put(key, group);
    if (old != null) {
      for (String name : old.families().keySet()) {
        if (group != null && group.families().containsKey(name)) {
          continue;
        }
        PubFamily pf = pubFamilies.get(name);
        if (pf != null) {
          pf.parts.remove(key);
          if (pf.parts.isEmpty()) {
            pubFamilies.remove(name, pf);
          }
        }
      }
    }
    if (group != null) {
      for (PushGroup.Family f : group.families().values()) {
        PubFamily pf = pubFamilies.get(f.name());
        FamilyHeader shown = pf == null ? null : pf.header;
        if (shown != null && shown.type() == f.type().coreType() && shown.help().equals(f.helpOrEmpty())) {
          pf.parts.put(key, f); // the header stays as it is: nothing to decide (the common re-push)
          continue;
        }
        FamilyHeader h = new FamilyHeader(f.name(), f.helpOrEmpty(), f.type().coreType());
        pf = pubFamilies.computeIfAbsent(f.name(), n -> new PubFamily(h));
        if (!pf.header.equals(h) && (pf.parts.isEmpty() || (pf.parts.size() == 1 && pf.parts.containsKey(key)))) {
          pf.header = h; // the only group of the family changed its type or help
        }
        if (pf.header.type() != h.type()) {
          pf.mixed = true; // tenants are checked apart, so two of them may give one name different types
        }
        pf.parts.put(key, f);
      }
    }
  }

  /** Every family, each under the header it shows (one per type when tenants differ on a name). */
  void collect(FamilySink sink) {
    for (PubFamily pf : pubFamilies.values()) {
      if (pf.parts.isEmpty()) {
        continue;
      }
      if (!pf.mixed) {
        sink.family(pf.header, pf);
        continue;
      }
      // One family per type, each under its own TYPE line, rather than lines under a type they do not have.
      Map<PushType, List<PushGroup.Family>> byType = new java.util.EnumMap<>(PushType.class);
      for (PushGroup.Family f : pf.parts.values()) {
        byType.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(f);
      }
      FamilyHeader main = pf.header;
      for (Map.Entry<PushType, List<PushGroup.Family>> e : byType.entrySet()) {
        PushGroup.Family first = e.getValue().get(0);
        FamilyHeader h = e.getKey().coreType() == main.type() ? main
            : new FamilyHeader(first.name(), first.helpOrEmpty(), e.getKey().coreType());
        sink.family(h, new Parts(e.getValue()));
      }
    }
  }

  /** Some of a family's group parts (those of one type). */
  private record Parts(List<PushGroup.Family> parts) implements FamilyBody {
    @Override
    public boolean isEmpty() {
      return parts.isEmpty();
    }

    @Override
    public void writeLines(OutputStream out) throws IOException {
      for (PushGroup.Family f : parts) {
        out.write(f.lines());
      }
    }

    @Override
    public void forEachSample(Consumer<Sample> visitor) {
      for (PushGroup.Family f : parts) {
        f.forEachSample(visitor);
      }
    }

    @Override
    public void forEachPart(Consumer<FamilyBody> part) {
      parts.forEach(part);
    }
  }

  private static final class PubFamily implements FamilyBody {
    volatile FamilyHeader header;
    /** Set once two parts had different types (only across tenants); cleared when the family is empty. */
    volatile boolean mixed;
    final ConcurrentSkipListMap<String, PushGroup.Family> parts = new ConcurrentSkipListMap<>();

    PubFamily(FamilyHeader header) {
      this.header = header;
    }

    @Override
    public boolean isEmpty() {
      return parts.isEmpty();
    }

    @Override
    public void writeLines(OutputStream out) throws IOException {
      for (PushGroup.Family f : parts.values()) {
        out.write(f.lines());
      }
    }

    @Override
    public void forEachSample(Consumer<Sample> visitor) {
      for (PushGroup.Family f : parts.values()) {
        f.forEachSample(visitor);
      }
    }

    /** Each group's family is a part: protobuf scrapes parse back one group at a time. */
    @Override
    public void forEachPart(Consumer<FamilyBody> part) {
      for (PushGroup.Family f : parts.values()) {
        part.accept(f);
      }
    }
  }
}
