package io.taskscope.push;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable storage of groups, one record per group. {@link #apply} writes a batch in one transaction and returns only
 * once it is committed; the hub acknowledges pushes after that. Only the hub's writer thread calls the methods after
 * start-up, so implementations need no locking of their own.
 */
public interface PushStore extends AutoCloseable {
  /** A stored record: the key, a version that changes on every write, and the encoded group. */
  record Row(String key, long version, byte[] data) {}

  /** A change: {@code data == null} deletes the group. */
  record Write(String key, String labelsJson, String tenant, Long expiresAtMillis, byte[] data, long version) {}

  List<Row> loadAll() throws Exception;

  List<Row> load(Collection<String> keys) throws Exception;

  /** Key → version of every stored group (for replicas that share the store). */
  Map<String, Long> versions() throws Exception;

  void apply(List<Write> writes) throws Exception;

  /** True when other processes may write the same store (PostgreSQL): the hub then polls for their changes. */
  boolean shared();

  /** For logs and {@code /api/v1/status}. */
  String describe();

  @Override
  void close();
}
