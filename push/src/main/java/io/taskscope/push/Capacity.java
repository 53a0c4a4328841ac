package io.taskscope.push;

import java.util.HashMap;
import java.util.Map;

/**
 * The push hub's bounds on what it holds: series and stored bytes hub-wide (from the heap, {@link MemoryLimits}) and
 * series per tenant. Counts every group of the writer state; owned by the writer.
 */
final class Capacity {
  private final MemoryLimits limits;
  /** Series of every group (the hub-wide cap). */
  private long totalSeries;
  /** {@link PushGroup#storedBytes} of every group (the stored-bytes bound). */
  private long totalBytes;
  private final Map<String, Long> tenantSeries = new HashMap<>();

  Capacity(MemoryLimits limits) {
    this.limits = limits;
  }

  void add(PushGroup g) {
    tenantSeries.merge(g.tenant(), (long) g.seriesCount(), Long::sum);
    totalSeries += g.seriesCount();
    totalBytes += g.storedBytes();
  }

  void remove(PushGroup g) {
    tenantSeries.merge(g.tenant(), (long) -g.seriesCount(), Long::sum);
    totalSeries -= g.seriesCount();
    totalBytes -= g.storedBytes();
  }

  /** 429 when {@code group}, replacing {@code old}, would take the hub or the tenant past its bound. */
  void check(Tenancy.Tenant tenant, PushGroup old, PushGroup group) throws PushException {
    long all = totalSeries - (old == null ? 0 : old.seriesCount()) + group.seriesCount();
        if (all > limits.maxSeries() && all > totalSeries) {
      throw new PushException(429, "series limit exceeded: the hub would hold " + all + " series, its heap of "
          + limits.heapText() + " holds at most " + limits.maxSeries() + " (a larger -Xmx raises it)");
    }
    long bytes = totalBytes - (old == null ? 0 : old.storedBytes()) + group.storedBytes();
    if (bytes > limits.maxStoredBytes() && bytes > totalBytes) {
      throw new PushException(429, "stored data limit exceeded: the hub would hold " + bytes + " bytes of series "
          + "lines, its heap of " + limits.heapText() + " holds at most " + limits.maxStoredBytes()
          + " (long grouping or series labels count on every series; a larger -Xmx raises it)");
    }
    if (tenant.admin() || tenant.maxSeries() <= 0) {
      return;
    }
    long total = tenantSeries.getOrDefault(tenant.name(), 0L) - (old == null ? 0 : old.seriesCount())
        + group.seriesCount();
    if (total > tenant.maxSeries()) {
      throw new PushException(429, "series limit exceeded: tenant " + tenant.name() + " would hold " + total
          + " series, its limit is " + tenant.maxSeries());
    }
  }
}
