package io.taskscope.kg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A durable, ordered queue of subgraph updates on disk.
 *
 * <p>Updates are appended to segment files ({@code outbox-<firstSeq>.log}; each record: length, sequence number,
 * subgraph id, N-Triples, CRC-32) and forced to disk before {@link #append} returns. Delivery takes them from the
 * head in sequence order and {@link #ack acknowledges} each one after the target accepted it; the last acknowledged
 * sequence number is kept in {@code acked} (replaced atomically), and segments whose records are all acknowledged
 * are deleted. On open, a torn last record (crash during append) is cut off and every record after {@code acked} is
 * pending again. A crash between a delivery and its acknowledgement redelivers that one update on restart; every
 * target replaces a whole subgraph per update (PUT semantics), so the redelivery leaves the same state.
 */
public final class Outbox implements AutoCloseable {
  /** One pending update. */
  public record Entry(long seq, String id, String ntriples) {}

  private static final String ACKED = "acked";
  private final Path dir;
  private final long segmentBytes;
  private final TreeMap<Long, Path> segments = new TreeMap<>();
  private final Deque<Entry> pending = new ArrayDeque<>();
  private FileChannel current;
  private long currentSize;
  private long nextSeq;
  private long acked;
  private boolean closed;

  private Outbox(Path dir, long segmentBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  public static Outbox open(Path dir) {
    return open(dir, 16L << 20);
  }

  public static Outbox open(Path dir, long segmentBytes) {
    Outbox o = new Outbox(dir, segmentBytes);
    try {
      o.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open KG outbox in " + dir + ": " + e.getMessage(), e);
    }
    return o;
  }

  private void load() throws IOException {
    Files.createDirectories(dir);
    Path ackFile = dir.resolve(ACKED);
    acked = Files.exists(ackFile) ? Long.parseLong(Files.readString(ackFile).trim()) : 0;
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("outbox-") && n.endsWith(".log")) {
          segments.put(Long.parseLong(n.substring(7, n.length() - 4)), p);
        }
      }
    }
    long maxSeq = acked;
    for (var e : segments.entrySet()) {
      boolean last = e.getKey().equals(segments.lastKey());
      long good = 0;
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(e.getValue())))) {
        while (true) {
          Entry entry;
          int len;
          try {
            len = in.readInt();
            if (len < 0 || len > (1 << 30)) {
              break;
            }
            byte[] rec = in.readNBytes(len);
            if (rec.length < len) {
              break;
            }
            long crc = in.readLong();
            CRC32 c = new CRC32();
            c.update(rec);
            if (c.getValue() != crc) {
              break;
            }
            entry = decode(rec);
          } catch (EOFException eof) {
            break;
          }
          good += 4 + len + 8;
          maxSeq = Math.max(maxSeq, entry.seq());
          if (entry.seq() > acked) {
            pending.addLast(entry);
          }
        }
      }
      long size = Files.size(e.getValue());
      if (good < size) {
        if (!last) {
          throw new IOException("corrupt outbox segment " + e.getValue() + " at byte " + good);
        }
        try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.WRITE)) {
          ch.truncate(good);
          ch.force(true);
        }
      }
    }
    nextSeq = maxSeq + 1;
    if (!segments.isEmpty()) {
      Path last = segments.lastEntry().getValue();
      current = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      currentSize = Files.size(last);
    }
    dropDeliveredSegments();
  }

  private static Entry decode(byte[] rec) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(rec));
    long seq = in.readLong();
    String id = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    String nt = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    return new Entry(seq, id, nt);
  }

  /** Appends updates in order; they are on disk when this returns. Returns the sequence number of the last. */
  public synchronized long append(List<Entry> updates) {
    if (closed) {
      throw new IllegalStateException("outbox closed");
    }
    if (updates.isEmpty()) {
      return nextSeq - 1;
    }
    try {
      if (current == null || currentSize >= segmentBytes) {
        roll();
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      List<Entry> stored = new ArrayList<>();
      for (Entry u : updates) {
        Entry e = new Entry(nextSeq++, u.id(), u.ntriples());
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(rec);
        d.writeLong(e.seq());
        byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
        d.writeInt(id.length);
        d.write(id);
        byte[] nt = e.ntriples().getBytes(StandardCharsets.UTF_8);
        d.writeInt(nt.length);
        d.write(nt);
        byte[] r = rec.toByteArray();
        CRC32 c = new CRC32();
        c.update(r);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(r.length);
        out.write(r);
        out.writeLong(c.getValue());
        stored.add(e);
      }
      ByteBuffer bb = ByteBuffer.wrap(buf.toByteArray());
      while (bb.hasRemaining()) {
        current.write(bb);
      }
      current.force(false);
      currentSize += buf.size();
      pending.addAll(stored);
      notifyAll();
      return nextSeq - 1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to KG outbox in " + dir + ": " + e.getMessage(), e);
    }
  }

  public long append(String id, String ntriples) {
    return append(List.of(new Entry(0, id, ntriples)));
  }

  private void roll() throws IOException {
    if (current != null) {
      current.close();
    }
    Path p = dir.resolve(String.format("outbox-%019d.log", nextSeq));
    current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    currentSize = Files.size(p);
    segments.put(nextSeq, p);
    forceDir();
  }

  /** The oldest pending update, waiting up to {@code timeoutMs}; null when there is none. */
  public synchronized Entry head(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (pending.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return pending.peekFirst();
  }

  /**
   * Up to {@code max} oldest pending updates, waiting up to {@code timeoutMs} for the first. An update whose subgraph
   * has a newer version queued behind it is left out: every update replaces its whole subgraph, so only the newest
   * needs sending. {@link #ackThrough} of the batch's last sequence number acknowledges the left-out ones before it.
   */
  public synchronized List<Entry> headBatch(int max, long timeoutMs) throws InterruptedException {
    if (head(timeoutMs) == null) {
      return List.of();
    }
    Map<String, Long> newest = new HashMap<>();
    for (Entry e : pending) {
      newest.put(e.id(), e.seq());
    }
    List<Entry> out = new ArrayList<>();
    for (Entry e : pending) {
      if (out.size() >= max) {
        break;
      }
      if (newest.get(e.id()) == e.seq()) {
        out.add(e);
      }
    }
    return out;
  }

  /** Marks the head delivered. */
  public synchronized void ack(long seq) {
    Entry h = pending.peekFirst();
    if (h == null || h.seq() != seq) {
      throw new IllegalStateException("ack of " + seq + " but head is " + (h == null ? "none" : h.seq()));
    }
    ackThrough(seq);
  }

  /** Marks every pending update up to and including {@code seq} delivered (one write of the acked file). */
  public synchronized void ackThrough(long seq) {
    while (!pending.isEmpty() && pending.peekFirst().seq() <= seq) {
      pending.removeFirst();
    }
    acked = Math.max(acked, seq);
    try {
      Path tmp = dir.resolve(ACKED + ".tmp");
      Files.writeString(tmp, Long.toString(acked));
      try {
        Files.move(tmp, dir.resolve(ACKED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(ACKED), StandardCopyOption.REPLACE_EXISTING);
      }
      dropDeliveredSegments();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record KG outbox delivery in " + dir + ": " + e.getMessage(), e);
    }
    notifyAll();
  }

  private void dropDeliveredSegments() throws IOException {
    // A segment is delivered when the next one starts at or before acked + 1; the newest is kept for appends.
    while (segments.size() > 1) {
      var first = segments.firstEntry();
      long nextFirst = segments.higherKey(first.getKey());
      if (nextFirst > acked + 1) {
        break;
      }
      Files.deleteIfExists(first.getValue());
      segments.remove(first.getKey());
    }
    if (pending.isEmpty() && current != null && currentSize >= segmentBytes) {
      roll();
      dropDeliveredSegments();
    }
  }

  private void forceDir() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every file system lets a directory be forced
    }
  }

  public synchronized int pending() {
    return pending.size();
  }

  public synchronized List<Entry> pendingEntries() {
    return List.copyOf(pending);
  }

  /** Waits until nothing is pending; false on timeout. */
  public synchronized boolean awaitEmpty(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!pending.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    notifyAll();
    try {
      if (current != null) {
        current.close();
      }
    } catch (IOException ignored) {
      // closing
    }
  }
}
