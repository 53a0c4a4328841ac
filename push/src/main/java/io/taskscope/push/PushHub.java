package io.taskscope.push;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricSource;
import io.taskscope.core.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push hub: Pushgateway's store semantics over a durable {@link PushStore}.
 *
 * <p>One writer at a time owns the state used for checks (the writer lock): the groups, an index of family names (type, help, how many
 * groups use the name), an index of series identities (name + sorted labels → group) and series counts per tenant.
 * A push is checked against those indexes only, so it costs O(size of the push (and of its group for POST)), not
 * O(everything stored) as in Pushgateway, which re-gathers the whole store on every push. The writer takes requests
 * in batches, checks and applies them one after the other, writes the batch to the store in one transaction (group
 * commit) and only after the commit publishes the new groups to scrapes and answers the requests. If the commit fails,
 * the batch is undone and every request in it gets 503.
 *
 * <p>Scrapes read a separate published view: family name → (group key → pre-rendered lines), so writing
 * {@code /metrics} copies bytes and merges the families of all groups under one header.
 */
public final class PushHub implements MetricSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PushHub.class);
  private static final int MAX_BATCH = 512;

  /** Tunables; see {@link PushConfig}. */
  public record Options(boolean rejectHelpConflicts, Long defaultTtlMillis, long replicaPollMillis,
      long expiryCheckMillis, MemoryLimits limits) {
    /** With the limits of this JVM's heap. */
    public Options(boolean rejectHelpConflicts, Long defaultTtlMillis, long replicaPollMillis, long expiryCheckMillis) {
      this(rejectHelpConflicts, defaultTtlMillis, replicaPollMillis, expiryCheckMillis, MemoryLimits.current());
    }

    public static Options defaults() {
      return new Options(false, null, 1000, 1000);
    }
  }

  /** A PUT (replace) or POST of sanitized families into a group. */
  public record PushRequest(GroupingKey key, List<PushedFamily> families, boolean replace, Tenancy.Tenant tenant,
      Long ttlMillis) {}

  private final PushStore store;
  private final Options options;
  /** Series of every group in the writer state (the hub-wide cap of {@link MemoryLimits}). */
  private long totalSeries;
  /** {@link PushGroup#storedBytes} of every group in the writer state (the stored-bytes bound). */
  private long totalBytes;
  private final Clock clock;

  // ---- writer-owned state ----
  private final Map<String, PushGroup> groups = new HashMap<>();
  /**
   * Family name → type, help and number of groups, per tenant: Pushgateway's consistency rules apply among one
   * tenant's groups only, so no tenant can claim a family name for others or learn another tenant's types from a 400.
   * Without tenancy every group belongs to tenant "" (one index, as Pushgateway).
   */
  private final Map<String, Map<String, FamEntry>> famIndexes = new HashMap<>();
  private final SeriesIndex seriesIndex = new SeriesIndex();
  private final Map<String, Long> tenantSeries = new HashMap<>();
  private final PriorityQueue<Expiry> expiries = new PriorityQueue<>();
  private final Map<String, Long> versions = new HashMap<>();

  // ---- published state (scrapes, API) ----
  private final ConcurrentHashMap<String, PushGroup> published = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, PubFamily> pubFamilies = new ConcurrentSkipListMap<>();

  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>(16384);
  private final Thread writer;
  /**
   * Held by whoever applies queued requests: usually the request's own thread (no hand-off to another thread on the
   * way to the commit), or the background writer, which also runs expiry and replica polls. A request that finds
   * the lock taken waits for its result; the holder applies everything queued before letting go (group commit).
   */
  private final java.util.concurrent.locks.ReentrantLock writerLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile boolean closed;
  private volatile long lastPoll;
  private volatile long lastExpiryCheck;

  private final Counter expired;
  private final Counter commits;
  private final Histogram commitSeconds;

  private PushHub(PushStore store, Options options, Clock clock, PrometheusRegistry registry) {
    this.store = store;
    this.options = options;
    this.clock = clock;
    PrometheusRegistry r = registry == null ? new PrometheusRegistry() : registry;
    this.expired = Counter.builder().name("taskscope_push_groups_expired_total")
        .help("Pushed groups removed because their TTL ran out.").register(r);
    this.commits = Counter.builder().name("taskscope_push_store_commits_total")
        .help("Transactions committed to the push store (each holds one or more requests).").register(r);
    this.commitSeconds = Histogram.builder().name("taskscope_push_store_commit_seconds")
        .help("Time to write and commit one batch of pushes to the push store.")
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1).register(r);
    GaugeWithCallback.builder().name("taskscope_push_groups").help("Groups held by the push hub.")
        .callback(cb -> cb.call(published.size())).register(r);
    GaugeWithCallback.builder().name("taskscope_push_series").help("Series held by the push hub.")
        .callback(cb -> cb.call(published.values().stream().mapToLong(PushGroup::seriesCount).sum())).register(r);
    this.writer = new Thread(this::loop, "taskscope-push-writer");
    this.writer.setDaemon(true);
  }

  /** Loads every group from the store (dropping expired ones) and starts the writer. */
  public static PushHub open(PushStore store, Options options, Clock clock, PrometheusRegistry registry)
      throws Exception {
    PushHub hub = new PushHub(store, options, clock == null ? Clock.systemUTC() : clock, registry);
    hub.restore();
    hub.writer.start();
    return hub;
  }

  private void restore() throws Exception {
    long now = clock.millis();
    List<PushStore.Write> drop = new ArrayList<>();
    List<PushStore.Write> rekeyed = new ArrayList<>();
    int n = 0;
    int expiredRows = 0;
    for (PushStore.Row row : store.loadAll()) {
      PushGroup g;
      try {
        g = GroupCodec.decode(row.data());
      } catch (IOException e) {
        log.error("event=push_group_unreadable key=\"{}\" error=\"{}\"", printable(row.key()), e.getMessage());
        continue;
      }
      if (g.expiresAtMillis() != null && g.expiresAtMillis() <= now) {
        drop.add(new PushStore.Write(row.key(), null, null, null, null, 0));
        expiredRows++;
        continue;
      }
      String key = g.key().key();
      long version = row.version();
      if (!key.equals(row.key())) {
        // Written with the old, ambiguous key encoding (a label held U+00FF or a backslash): the row moves to its
        // escaped key. The group's labels are stored in its data, so nothing is lost; deletes go first because an
        // old key may equal another group's new key.
        drop.add(new PushStore.Write(row.key(), null, null, null, null, 0));
        version = ThreadLocalRandom.current().nextLong();
        rekeyed.add(new PushStore.Write(key, labelsJson(g.key()), g.tenant(), g.expiresAtMillis(), row.data(),
            version));
      }
      indexGroup(g);
      groups.put(key, g);
      versions.put(key, version);
      publish(key, g);
      n++;
    }
    drop.addAll(rekeyed);
    if (!drop.isEmpty()) {
      store.apply(drop);
      expired.inc(expiredRows);
    }
    if (!rekeyed.isEmpty()) {
      log.info("event=push_store_keys_migrated groups={}", rekeyed.size());
    }
    log.info("event=push_store_loaded store=\"{}\" groups={} expired={}", store.describe(), n, expiredRows);
  }

  public PushStore store() {
    return store;
  }

  // ---------------------------------------------------------------- requests (called from HTTP threads)

  public void push(PushRequest req) throws PushException {
    run(new Op(Kind.PUSH, req.key(), req, req.tenant()));
  }

  /** Records {@code push_failure_time_seconds} for a push rejected after parsing (as Pushgateway does). */
  public void recordFailure(GroupingKey key, Tenancy.Tenant tenant, Long ttlMillis) {
    try {
      run(new Op(Kind.FAILURE, key, new PushRequest(key, List.of(), false, tenant, ttlMillis), tenant));
    } catch (PushException e) {
      log.debug("event=push_failure_not_recorded error=\"{}\"", e.getMessage());
    }
  }

  public void delete(GroupingKey key, Tenancy.Tenant tenant) throws PushException {
    run(new Op(Kind.DELETE, key, null, tenant));
  }

  /** Deletes every group (admin). */
  public void wipe() throws PushException {
    run(new Op(Kind.WIPE, null, null, Tenancy.ANONYMOUS));
  }

  /** Groups as published (committed), visible to the tenant: its own, or all for the admin / without tenancy. */
  public List<PushGroup> groups(Tenancy.Tenant tenant) {
    List<PushGroup> out = new ArrayList<>();
    for (PushGroup g : new TreeMap<>(published).values()) {
      if (tenant.admin() || g.tenant().equals(tenant.name())) {
        out.add(g);
      }
    }
    return out;
  }

  public PushGroup group(String key) {
    return published.get(key);
  }

  private void run(Op op) throws PushException {
    if (closed) {
      throw new PushException(503, "push hub is shutting down");
    }
    try {
      if (!queue.offer(op, 30, TimeUnit.SECONDS)) {
        throw new PushException(503, "push hub is overloaded: write queue full");
      }
      applyQueued();
      op.done.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PushException(503, "interrupted");
    } catch (TimeoutException e) {
      throw new PushException(503, "push store did not commit in time");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PushException pe) {
        throw pe;
      }
      throw new PushException(503, "push failed: " + e.getCause());
    }
  }

  // ---------------------------------------------------------------- writer

  private enum Kind { PUSH, FAILURE, DELETE, WIPE, EXPIRE, SYNC }

  private static final class Op {
    final Kind kind;
    final GroupingKey key;
    final PushRequest req;
    final Tenancy.Tenant tenant;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    PushException result;

    Op(Kind kind, GroupingKey key, PushRequest req, Tenancy.Tenant tenant) {
      this.kind = kind;
      this.key = key;
      this.req = req;
      this.tenant = tenant;
    }
  }

  /** What one batch changed: store writes, groups to publish, previous groups to restore if the commit fails. */
  private static final class Batch {
    final List<PushStore.Write> writes = new ArrayList<>();
    final Map<String, PushGroup> changes = new LinkedHashMap<>();
    final Map<String, Long> newVersions = new HashMap<>();
    final Map<String, PushGroup> undo = new HashMap<>();
    final Set<String> undoKnown = new HashSet<>();
    int expired;
  }

  /**
   * Applies what is queued if no one else is applying: the offer of a request happens before its failed tryLock, and
   * the holder looks at the queue again after unlocking, so no request is left behind.
   */
  private void applyQueued() {
    List<Op> ops = new ArrayList<>();
    while (!queue.isEmpty() && writerLock.tryLock()) {
      try {
        queue.drainTo(ops, MAX_BATCH);
        if (!ops.isEmpty()) {
          processSafely(ops);
        }
      } finally {
        ops.clear();
        writerLock.unlock();
      }
    }
  }

  private void processSafely(List<Op> ops) {
    try {
      process(ops);
    } catch (RuntimeException e) {
      log.error("event=push_writer_error error=\"{}\"", e.toString(), e);
      for (Op op : ops) {
        op.done.completeExceptionally(new PushException(503, "push store error: " + e.getMessage()));
      }
    }
  }

  /**
   * The background writer: expiry and replica polls, and any request left in the queue (requests normally apply
   * themselves, see {@link #applyQueued}). It does not take requests from the queue as they arrive, so that a request
   * is not handed to another thread on its way to the commit.
   */
  private void loop() {
    List<Op> ops = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Thread.sleep(closed ? 0 : Math.min(100, Math.max(10, options.expiryCheckMillis())));
        writerLock.lockInterruptibly();
      } catch (InterruptedException e) {
        continue; // close() interrupts: the loop applies what is still queued, then ends
      }
      try {
        long now = clock.millis();
        queue.drainTo(ops, MAX_BATCH);
        if (now - lastExpiryCheck >= options.expiryCheckMillis()) {
          lastExpiryCheck = now;
          if (!expiries.isEmpty() && expiries.peek().at <= now) {
            ops.add(new Op(Kind.EXPIRE, null, null, Tenancy.ANONYMOUS));
          }
        }
        if (store.shared() && now - lastPoll >= options.replicaPollMillis()) {
          lastPoll = now;
          ops.add(new Op(Kind.SYNC, null, null, Tenancy.ANONYMOUS));
        }
        if (!ops.isEmpty()) {
          processSafely(ops);
        }
      } finally {
        ops.clear();
        writerLock.unlock();
      }
    }
  }

  private void process(List<Op> ops) {
    Batch b = new Batch();
    for (Op op : ops) {
      try {
        switch (op.kind) {
          case PUSH -> stagePush(op, b);
          case FAILURE -> stageFailure(op.key, op.tenant, op.req.ttlMillis(), b);
          case DELETE -> stageDelete(op, b);
          case WIPE -> {
            for (String k : new ArrayList<>(groups.keySet())) {
              setGroup(k, null, b, true);
            }
          }
          case EXPIRE -> stageExpiry(b);
          case SYNC -> stageSync(b);
        }
      } catch (PushException e) {
        op.result = e;
        if (e.recordFailure() && op.kind == Kind.PUSH) {
          stageFailure(op.key, op.tenant, op.req.ttlMillis(), b);
        }
      } catch (Exception e) {
        log.error("event=push_op_failed kind={} error=\"{}\"", op.kind, e.toString(), e);
        op.result = new PushException(503, "push store error: " + e.getMessage());
      }
    }
    try {
      if (!b.writes.isEmpty()) {
        long t0 = System.nanoTime();
        store.apply(b.writes);
        commitSeconds.observe((System.nanoTime() - t0) / 1e9);
        commits.inc();
      }
    } catch (Exception e) {
      log.error("event=push_commit_failed writes={} error=\"{}\"", b.writes.size(), e.toString());
      for (String k : b.undoKnown) {
        PushGroup current = groups.get(k);
        PushGroup previous = b.undo.get(k);
        unindexGroup(current);
        indexGroup(previous);
        if (previous == null) {
          groups.remove(k);
        } else {
          groups.put(k, previous);
        }
      }
      for (Op op : ops) {
        op.done.completeExceptionally(new PushException(503, "push store unavailable: " + e.getMessage()));
      }
      return;
    }
    for (Map.Entry<String, PushGroup> c : b.changes.entrySet()) {
      publish(c.getKey(), c.getValue());
      Long v = b.newVersions.get(c.getKey());
      if (c.getValue() == null) {
        versions.remove(c.getKey());
      } else if (v != null) {
        versions.put(c.getKey(), v);
      }
    }
    if (b.expired > 0) {
      expired.inc(b.expired);
    }
    for (Op op : ops) {
      if (op.result != null) {
        op.done.completeExceptionally(op.result);
      } else {
        op.done.complete(null);
      }
    }
  }

  private long nowNanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private void stagePush(Op op, Batch b) throws PushException {
    PushRequest req = op.req;
    GroupingKey key = req.key();
    PushGroup old = groups.get(key.key());
    Tenancy.Tenant tenant = req.tenant();
    if (old != null && !tenant.admin() && !old.tenant().equals(tenant.name())) {
      throw new PushException(403, "group " + describe(key) + " belongs to another tenant");
    }
    long now = nowNanos();
    TreeMap<String, PushGroup.Family> fams = new TreeMap<>();
    if (old != null) {
      if (req.replace()) {
        PushGroup.Family f = old.families().get(PushGroup.FAILURE_TIME);
        if (f != null) {
          fams.put(PushGroup.FAILURE_TIME, f);
        }
      } else {
        fams.putAll(old.families());
      }
    }
    List<PushedFamily> body = new ArrayList<>(req.families().size());
    for (PushedFamily f : req.families()) {
      if (f.name().equals(PushGroup.PUSH_TIME) || f.name().equals(PushGroup.FAILURE_TIME)) {
        continue;
      }
      fams.remove(f.name());
      if (!f.metrics().isEmpty()) {
        fams.put(f.name(), new PushGroup.Family(f, now));
        body.add(f);
      }
    }
    fams.put(PushGroup.PUSH_TIME, new PushGroup.Family(PushGroup.timestampFamily(PushGroup.PUSH_TIME,
        PushGroup.PUSH_TIME_HELP, key, PushGroup.seconds(now)), now));
    fams.putIfAbsent(PushGroup.FAILURE_TIME, new PushGroup.Family(PushGroup.timestampFamily(PushGroup.FAILURE_TIME,
        PushGroup.FAILURE_TIME_HELP, key, 0), now));

    List<String> errors = new ArrayList<>();
    Map<Long, PushedMetric> bodySeries = new HashMap<>();
    String owner = old == null ? tenant.name() : old.tenant();
    Map<String, FamEntry> famIndex = famIndexes.getOrDefault(owner, Map.of());
    for (PushedFamily f : body) {
      FamEntry e = famIndex.get(f.name());
      int others = e == null ? 0 : e.groups - (old != null && old.families().containsKey(f.name()) ? 1 : 0);
      if (others > 0 && e.type != f.type()) {
        for (PushedMetric m : f.metrics()) {
          errors.add("collected metric " + GoText.quote(f.name()) + " { " + m.protoText() + "} is not a "
              + e.type.name());
        }
        continue;
      }
      if (others > 0 && options.rejectHelpConflicts() && !f.helpOrEmpty().equals(e.help)) {
        errors.add("gathered metric family " + f.name() + " has help " + GoText.quote(f.helpOrEmpty())
            + " but should have " + GoText.quote(e.help));
        continue;
      }
      String collision = suffixCollision(f, fams, old, famIndex);
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
    PushGroup group = new PushGroup(key, owner, req.ttlMillis(), fams);
    checkCap(tenant, old, group);
    setGroup(key.key(), group, b, true);
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
    for (String owner : seriesIndex.owners(m.seriesHash(family))) {
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

  private void checkCap(Tenancy.Tenant tenant, PushGroup old, PushGroup group) throws PushException {
    long all = totalSeries - (old == null ? 0 : old.seriesCount()) + group.seriesCount();
    MemoryLimits limits = options.limits();
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

  /** client_golang's checkSuffixCollisions, against the other groups and the rest of the new group. */
  private static String suffixCollision(PushedFamily f, Map<String, PushGroup.Family> newFams, PushGroup old,
      Map<String, FamEntry> famIndex) {
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
      Map<String, FamEntry> famIndex) {
    PushGroup.Family own = newFams.get(name);
    if (own != null) {
      return own.type();
    }
    FamEntry e = famIndex.get(name);
    if (e == null) {
      return null;
    }
    int others = e.groups - (old != null && old.families().containsKey(name) ? 1 : 0);
    return others > 0 ? e.type : null;
  }

  private void stageFailure(GroupingKey key, Tenancy.Tenant tenant, Long ttlMillis, Batch b) {
    PushGroup old = groups.get(key.key());
    long now = nowNanos();
    PushGroup.Family fail = new PushGroup.Family(PushGroup.timestampFamily(PushGroup.FAILURE_TIME,
        PushGroup.FAILURE_TIME_HELP, key, PushGroup.seconds(now)), now);
    PushGroup group;
    if (old != null) {
      if (!tenant.admin() && !old.tenant().equals(tenant.name())) {
        return;
      }
      TreeMap<String, PushGroup.Family> fams = new TreeMap<>(old.families());
      fams.put(PushGroup.FAILURE_TIME, fail);
      fams.putIfAbsent(PushGroup.PUSH_TIME, new PushGroup.Family(PushGroup.timestampFamily(PushGroup.PUSH_TIME,
          PushGroup.PUSH_TIME_HELP, key, 0), now));
      group = new PushGroup(key, old.tenant(), old.ttlMillis(), fams);
    } else {
      TreeMap<String, PushGroup.Family> fams = new TreeMap<>();
      fams.put(PushGroup.FAILURE_TIME, fail);
      fams.put(PushGroup.PUSH_TIME, new PushGroup.Family(PushGroup.timestampFamily(PushGroup.PUSH_TIME,
          PushGroup.PUSH_TIME_HELP, key, 0), now));
      List<String> errors = new ArrayList<>();
      checkTimestampSeries(fams, key, errors);
      if (!errors.isEmpty()) {
        return; // recording would make two groups expose the same series (Pushgateway corrupts its store here)
      }
      group = new PushGroup(key, tenant.name(), ttlMillis, fams);
    }
    try {
      checkCap(tenant, old, group);
    } catch (PushException e) {
      return;
    }
    setGroup(key.key(), group, b, true);
  }

  private void stageDelete(Op op, Batch b) throws PushException {
    PushGroup old = groups.get(op.key.key());
    if (old == null) {
      return;
    }
    if (!op.tenant.admin() && !old.tenant().equals(op.tenant.name())) {
      throw new PushException(403, "group " + describe(op.key) + " belongs to another tenant");
    }
    setGroup(op.key.key(), null, b, true);
  }

  private void stageExpiry(Batch b) {
    long now = clock.millis();
    while (!expiries.isEmpty() && expiries.peek().at <= now) {
      Expiry e = expiries.poll();
      PushGroup g = groups.get(e.key);
      if (g != null && g.expiresAtMillis() != null && g.expiresAtMillis() <= now) {
        setGroup(e.key, null, b, true);
        b.expired++;
      }
    }
  }

  private void stageSync(Batch b) throws Exception {
    Map<String, Long> remote = store.versions();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, Long> e : remote.entrySet()) {
      if (!Objects.equals(versions.get(e.getKey()), e.getValue())) {
        changed.add(e.getKey());
      }
    }
    for (String k : new ArrayList<>(groups.keySet())) {
      if (!remote.containsKey(k) && versions.containsKey(k)) {
        setGroup(k, null, b, false);
        b.newVersions.remove(k);
      }
    }
    for (PushStore.Row row : store.load(changed)) {
      PushGroup g = GroupCodec.decode(row.data());
      setGroup(row.key(), g, b, false);
      b.newVersions.put(row.key(), row.version());
    }
  }

  /** Replaces a group in the writer state and stages its publication (and its store write when {@code write}). */
  private void setGroup(String key, PushGroup group, Batch b, boolean write) {
    PushGroup old = groups.get(key);
    if (b.undoKnown.add(key)) {
      b.undo.put(key, old);
    }
    unindexGroup(old);
    indexGroup(group);
    if (group == null) {
      groups.remove(key);
    } else {
      groups.put(key, group);
    }
    b.changes.put(key, group);
    if (write) {
      long version = ThreadLocalRandom.current().nextLong();
      b.newVersions.put(key, version);
      b.writes.add(group == null
          ? new PushStore.Write(key, null, null, null, null, 0)
          : new PushStore.Write(key, labelsJson(group.key()), group.tenant(), group.expiresAtMillis(),
              GroupCodec.encode(group), version));
    }
  }

  private void indexGroup(PushGroup g) {
    if (g == null) {
      return;
    }
    String owner = g.key().key();
    Map<String, FamEntry> famIndex = famIndexes.computeIfAbsent(g.tenant(), t -> new HashMap<>());
    for (PushGroup.Family f : g.families().values()) {
      FamEntry e = famIndex.computeIfAbsent(f.name(), n -> new FamEntry(f.type(), f.helpOrEmpty()));
      e.groups++;
      for (long h : f.seriesHashes()) {
        seriesIndex.add(h, owner);
      }
    }
    tenantSeries.merge(g.tenant(), (long) g.seriesCount(), Long::sum);
    totalSeries += g.seriesCount();
    totalBytes += g.storedBytes();
    Long exp = g.expiresAtMillis();
    if (exp != null) {
      expiries.add(new Expiry(exp, owner));
    }
  }

  private void unindexGroup(PushGroup g) {
    if (g == null) {
      return;
    }
    String owner = g.key().key();
    Map<String, FamEntry> famIndex = famIndexes.getOrDefault(g.tenant(), Map.of());
    for (PushGroup.Family f : g.families().values()) {
      FamEntry e = famIndex.get(f.name());
      if (e != null && --e.groups <= 0) {
        famIndex.remove(f.name());
      }
      for (long h : f.seriesHashes()) {
        seriesIndex.remove(h, owner);
      }
    }
    if (famIndex.isEmpty()) {
      famIndexes.remove(g.tenant());
    }
    tenantSeries.merge(g.tenant(), (long) -g.seriesCount(), Long::sum);
    totalSeries -= g.seriesCount();
    totalBytes -= g.storedBytes();
  }

  private static final class FamEntry {
    final PushType type;
    final String help;
    int groups;

    FamEntry(PushType type, String help) {
      this.type = type;
      this.help = help;
    }
  }

  private record Expiry(long at, String key) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      return Long.compare(at, o.at);
    }
  }

  static String labelsJson(GroupingKey key) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : key.labels().entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(GoText.quote(e.getKey())).append(':').append(jsonString(e.getValue()));
    }
    return sb.append('}').toString();
  }

  /** A JSON string literal; Jackson's encoder, not a mapper per call (this runs on every push). */
  private static String jsonString(String s) {
    return '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }

  static String describe(GroupingKey key) {
    return key.labels().toString();
  }

  private static String printable(String key) {
    return key.replace('\u00ff', ',');
  }

  // ---------------------------------------------------------------- published view

  private void publish(String key, PushGroup group) {
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

  @Override
  public void collect(FamilySink sink) {
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

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writerLock.lock(); // a request thread may be committing
    try {
      store.close();
    } finally {
      writerLock.unlock();
    }
  }
}
