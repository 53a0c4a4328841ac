package io.taskscope.kg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the exporter last queued for each subgraph: the hash of the graph, "!"-prefixed when it was the ended graph
 * (object gone). Kept in {@code sent.tsv} beside the outbox, so a restart neither resends unchanged graphs nor forgets
 * which objects it must record as ended.
 */
final class SentGraphs {
  private static final Logger log = LoggerFactory.getLogger(SentGraphs.class);
  private static final String FILE = "sent.tsv";

  private final Path dir;
  private final Map<String, String> hashes = new ConcurrentHashMap<>();

  private SentGraphs(Path dir) {
    this.dir = dir;
  }

  /** The state in {@code dir} (none yet: empty). */
  static SentGraphs load(Path dir) {
    SentGraphs s = new SentGraphs(dir);
    Path p = dir.resolve(FILE);
    if (!Files.exists(p)) {
      return s;
    }
    try {
      for (String line : Files.readAllLines(p)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          s.hashes.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
    return s;
  }

  Set<String> ids() {
    return hashes.keySet();
  }

  String hash(String id) {
    return hashes.get(id);
  }

  /** A live graph of this subgraph was sent last, so its object's disappearance must be recorded. */
  boolean sentLive(String id) {
    String h = hashes.get(id);
    return h != null && !h.startsWith("!");
  }

  /** Records what was queued and writes the file (atomically; a failed write is logged, the next one retries). */
  void record(Map<String, String> queued) {
    hashes.putAll(queued);
    Path p = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(hashes).forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
    try {
      Files.writeString(tmp, sb);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("event=kg_state_save_failed file={} error=\"{}\"", p, e.toString());
    }
  }
}
