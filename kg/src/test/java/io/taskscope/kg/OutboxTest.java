package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir Path dir;

  @Test
  void pendingSurvivesRestartInOrderAndAckedEntriesDoNotReturn() throws Exception {
    try (Outbox o = Outbox.open(dir, 200)) {
      for (int i = 0; i < 10; i++) {
        o.append("g" + i, "<http://a> <http://b> \"" + i + "\" .\n");
      }
      for (int i = 0; i < 4; i++) {
        o.ack(o.head(0).seq());
      }
    }
    try (Outbox o = Outbox.open(dir, 200)) {
      List<String> ids = new ArrayList<>();
      o.pendingEntries().forEach(e -> ids.add(e.id()));
      assertThat(ids).containsExactly("g4", "g5", "g6", "g7", "g8", "g9");
      long seq = o.append("g10", "x");
      assertThat(seq).isEqualTo(11);
      while (o.pending() > 0) {
        o.ack(o.head(0).seq());
      }
    }
    try (var files = Files.list(dir)) {
      // Delivered segments are removed; at most the newest one stays.
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".log")).count()).isLessThanOrEqualTo(1);
    }
    try (Outbox o = Outbox.open(dir, 200)) {
      assertThat(o.pending()).isZero();
    }
  }

  @Test
  void aBatchSendsOnlyTheNewestQueuedVersionOfEachSubgraph() throws Exception {
    try (Outbox o = Outbox.open(dir)) {
      o.append("a", "a1");
      o.append("b", "b1");
      o.append("a", "a2");
      o.append("c", "c1");
      o.append("a", "a3");
      List<Outbox.Entry> batch = o.headBatch(10, 0);
      assertThat(batch).extracting(Outbox.Entry::ntriples).containsExactly("b1", "c1", "a3");
      // A batch cut short keeps order and still never sends a version that has a newer one queued.
      assertThat(o.headBatch(1, 0)).extracting(Outbox.Entry::ntriples).containsExactly("b1");
      o.ackThrough(batch.get(1).seq()); // b1, c1 and the superseded a1, a2 before it
      assertThat(o.pendingEntries()).extracting(Outbox.Entry::ntriples).containsExactly("a3");
    }
    try (Outbox o = Outbox.open(dir)) {
      assertThat(o.headBatch(10, 0)).extracting(Outbox.Entry::ntriples).containsExactly("a3");
    }
  }

  @Test
  void aTornLastRecordIsCutOff() throws Exception {
    try (Outbox o = Outbox.open(dir)) {
      o.append("a", "1");
      o.append("b", "2");
    }
    Path seg;
    try (var files = Files.list(dir)) {
      seg = files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    Files.write(seg, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
    try (Outbox o = Outbox.open(dir)) {
      assertThat(o.pendingEntries()).extracting(Outbox.Entry::id).containsExactly("a", "b");
      o.append("c", "3");
    }
    try (Outbox o = Outbox.open(dir)) {
      assertThat(o.pendingEntries()).extracting(Outbox.Entry::id).containsExactly("a", "b", "c");
    }
  }
}
