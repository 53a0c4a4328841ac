package io.taskscope.push;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.taskscope.core.MetricSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final Clock clock;

  // ---- writer-owned state ----
  private final Map<String, PushGroup> groups = new HashMap<>();
  private final Consistency consistency;
  private final Capacity capacity;
  private final PriorityQueue<Expiry> expiries = new PriorityQueue<>();
  private final Map<String, Long> versions = new HashMap<>();

  // ---- published state (scrapes, API) ----
  private final PublishedView published = new PublishedView();

  private final LinkedBlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>(16384);
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
    this.consistency = new Consistency(groups, options.rejectHelpConflicts());
    this.capacity = new Capacity(options.limits());
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
        .callback(cb -> cb.call(published.seriesCount())).register(r);
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
        rekeyed.add(new PushStore.Write(key, g.key().labelsJson(), g.tenant(), g.expiresAtMillis(), row.data(),
            version));
      }
      indexGroup(g);
      groups.put(key, g);
      versions.put(key, version);
      published.publish(key, g);
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
    run(new WriteOp(WriteOp.Kind.PUSH, req.key(), req, req.tenant()));
  }

  /** Records {@code push_failure_time_seconds} for a push rejected after parsing (as Pushgateway does). */
  public void recordFailure(GroupingKey key, Tenancy.Tenant tenant, Long ttlMillis) {
    try {
      run(new WriteOp(WriteOp.Kind.FAILURE, key, new PushRequest(key, List.of(), false, tenant, ttlMillis), tenant));
    } catch (PushException e) {
      log.debug("event=push_failure_not_recorded error=\"{}\"", e.getMessage());
    }
  }

  public void delete(GroupingKey key, Tenancy.Tenant tenant) throws PushException {
    run(new WriteOp(WriteOp.Kind.DELETE, key, null, tenant));
  }

  /** Deletes every group (admin). */
  public void wipe() throws PushException {
    run(new WriteOp(WriteOp.Kind.WIPE, null, null, Tenancy.ANONYMOUS));
  }

  /** Groups as published (committed), visible to the tenant: its own, or all for the admin / without tenancy. */
  public List<PushGroup> groups(Tenancy.Tenant tenant) {
    List<PushGroup> out = new ArrayList<>();
    for (PushGroup g : published.sortedGroups()) {
      if (tenant.admin() || g.tenant().equals(tenant.name())) {
        out.add(g);
      }
    }
    return out;
  }

  public PushGroup group(String key) {
    return published.group(key);
  }

  private void run(WriteOp op) throws PushException {
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

  /**
   * Applies what is queued if no one else is applying: the offer of a request happens before its failed tryLock, and
   * the holder looks at the queue again after unlocking, so no request is left behind.
   */
  private void applyQueued() {
    List<WriteOp> ops = new ArrayList<>();
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

  private void processSafely(List<WriteOp> ops) {
    try {
      process(ops);
    } catch (RuntimeException e) {
      log.error("event=push_writer_error error=\"{}\"", e.toString(), e);
      for (WriteOp op : ops) {
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
    List<WriteOp> ops = new ArrayList<>(MAX_BATCH);
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
            ops.add(new WriteOp(WriteOp.Kind.EXPIRE, null, null, Tenancy.ANONYMOUS));
          }
        }
        if (store.shared() && now - lastPoll >= options.replicaPollMillis()) {
          lastPoll = now;
          ops.add(new WriteOp(WriteOp.Kind.SYNC, null, null, Tenancy.ANONYMOUS));
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

  private void process(List<WriteOp> ops) {
    WriteBatch b = new WriteBatch();
    for (WriteOp op : ops) {
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
        if (e.recordFailure() && op.kind == WriteOp.Kind.PUSH) {
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
      for (WriteOp op : ops) {
        op.done.completeExceptionally(new PushException(503, "push store unavailable: " + e.getMessage()));
      }
      return;
    }
    for (Map.Entry<String, PushGroup> c : b.changes.entrySet()) {
      published.publish(c.getKey(), c.getValue());
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
    for (WriteOp op : ops) {
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

  private void stagePush(WriteOp op, WriteBatch b) throws PushException {
    PushRequest req = op.req;
    GroupingKey key = req.key();
    PushGroup old = groups.get(key.key());
    Tenancy.Tenant tenant = req.tenant();
    if (old != null && !tenant.admin() && !old.tenant().equals(tenant.name())) {
      throw new PushException(403, "group " + key.labels() + " belongs to another tenant");
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

    String owner = old == null ? tenant.name() : old.tenant();
    consistency.check(body, fams, old, key, owner);
    PushGroup group = new PushGroup(key, owner, req.ttlMillis(), fams);
    capacity.check(tenant, old, group);
    setGroup(key.key(), group, b, true);
  }

  private void stageFailure(GroupingKey key, Tenancy.Tenant tenant, Long ttlMillis, WriteBatch b) {
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
      if (consistency.timestampSeriesHeldElsewhere(fams, key)) {
        return; // recording would make two groups expose the same series (Pushgateway corrupts its store here)
      }
      group = new PushGroup(key, tenant.name(), ttlMillis, fams);
    }
    try {
      capacity.check(tenant, old, group);
    } catch (PushException e) {
      return;
    }
    setGroup(key.key(), group, b, true);
  }

  private void stageDelete(WriteOp op, WriteBatch b) throws PushException {
    PushGroup old = groups.get(op.key.key());
    if (old == null) {
      return;
    }
    if (!op.tenant.admin() && !old.tenant().equals(op.tenant.name())) {
      throw new PushException(403, "group " + op.key.labels() + " belongs to another tenant");
    }
    setGroup(op.key.key(), null, b, true);
  }

  private void stageExpiry(WriteBatch b) {
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

  private void stageSync(WriteBatch b) throws Exception {
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
  private void setGroup(String key, PushGroup group, WriteBatch b, boolean write) {
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
          : new PushStore.Write(key, group.key().labelsJson(), group.tenant(), group.expiresAtMillis(),
              GroupCodec.encode(group), version));
    }
  }

  private void indexGroup(PushGroup g) {
    if (g == null) {
      return;
    }
    String owner = g.key().key();
    consistency.add(g);
    capacity.add(g);
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
    consistency.remove(g);
    capacity.remove(g);
  }

  private record Expiry(long at, String key) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry o) {
      return Long.compare(at, o.at);
    }
  }

  private static String printable(String key) {
    return key.replace('\u00ff', ',');
  }

  @Override
  public void collect(FamilySink sink) {
    published.collect(sink);
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
