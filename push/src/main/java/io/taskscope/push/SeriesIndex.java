package io.taskscope.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which group holds a series, by the series' 64-bit hash ({@link PushedMetric#seriesHash}): an open-addressing table
 * of primitive longs and owner references, about 24 bytes per stored series instead of a string key and a map node
 * (over 150 bytes). The rare second owner of a hash (a hash collision, or a conflicting push being checked) goes to a
 * small overflow map, so the index never loses an owner; callers confirm a match against the owner's group.
 * Not thread-safe: the hub's writer thread owns it.
 */
final class SeriesIndex {
  private static final long EMPTY = 0;
  private static final long REMOVED = 1;

  private long[] hashes = new long[1024];
  private String[] owners = new String[1024];
  private int used; // live + removed slots
  private int size;
  private final Map<Long, List<String>> overflow = new HashMap<>();

  /** Hashes 0 and 1 mark empty and removed slots, so real hashes are moved off them. */
  private static long key(long h) {
    return h == EMPTY || h == REMOVED ? h + 2 : h;
  }

  private int slot(long k) {
    long x = k * 0x9E3779B97F4A7C15L;
    return (int) (x >>> 40) & (hashes.length - 1);
  }

  /** Records that {@code owner} holds a series with hash {@code h} (idempotent). */
  void add(long h, String owner) {
    long k = key(h);
    int free = -1;
    for (int i = slot(k); ; i = (i + 1) & (hashes.length - 1)) {
      long at = hashes[i];
      if (at == EMPTY) {
        if (free < 0) {
          free = i;
          used++;
        }
        hashes[free] = k;
        owners[free] = owner;
        size++;
        if (used * 2 > hashes.length) {
          rehash(size * 4 > hashes.length ? hashes.length * 2 : hashes.length);
        }
        return;
      }
      if (at == REMOVED) {
        if (free < 0) {
          free = i;
        }
      } else if (at == k) {
        if (!owners[i].equals(owner)) {
          List<String> more = overflow.computeIfAbsent(k, x -> new ArrayList<>(1));
          if (!more.contains(owner)) {
            more.add(owner);
          }
        }
        return;
      }
    }
  }

  /** Forgets that {@code owner} holds a series with hash {@code h}. */
  void remove(long h, String owner) {
    long k = key(h);
    for (int i = slot(k); ; i = (i + 1) & (hashes.length - 1)) {
      long at = hashes[i];
      if (at == EMPTY) {
        return;
      }
      if (at == k) {
        List<String> more = overflow.get(k);
        if (owners[i].equals(owner)) {
          if (more == null) {
            hashes[i] = REMOVED;
            owners[i] = null;
            size--;
          } else {
            owners[i] = more.remove(more.size() - 1);
          }
        } else if (more != null) {
          more.remove(owner);
        }
        if (more != null && more.isEmpty()) {
          overflow.remove(k);
        }
        return;
      }
    }
  }

  /** Every group that holds a series with hash {@code h}; usually none or one. */
  List<String> owners(long h) {
    long k = key(h);
    for (int i = slot(k); ; i = (i + 1) & (hashes.length - 1)) {
      long at = hashes[i];
      if (at == EMPTY) {
        return List.of();
      }
      if (at == k) {
        List<String> more = overflow.get(k);
        if (more == null) {
          return List.of(owners[i]);
        }
        List<String> all = new ArrayList<>(more.size() + 1);
        all.add(owners[i]);
        all.addAll(more);
        return all;
      }
    }
  }

  int size() {
    return size;
  }

  private void rehash(int capacity) {
    long[] oldHashes = hashes;
    String[] oldOwners = owners;
    hashes = new long[capacity];
    owners = new String[capacity];
    used = 0;
    for (int j = 0; j < oldHashes.length; j++) {
      long k = oldHashes[j];
      if (k != EMPTY && k != REMOVED) {
        int i = slot(k);
        while (hashes[i] != EMPTY) {
          i = (i + 1) & (hashes.length - 1);
        }
        hashes[i] = k;
        owners[i] = oldOwners[j];
        used++;
      }
    }
  }
}
