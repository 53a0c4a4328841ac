package io.taskscope.e2e.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.e2e.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code taskscope serve --push-only} in the middle of a concurrent push load and restarts it on the same data
 * directory: every acknowledged push must be there, and every group there must be whole (all its series, one push's
 * values), never half-written.
 */
class PushDurabilityTest {
  private static final int WRITERS = 6;
  private static final int LINES = 20;
  private static final Pattern SAMPLE = Pattern.compile(
      "^d_(\\d+)\\{instance=\"\",job=\"w(\\d+)\",seq=\"(\\d+)\"\\} (\\d+)$", Pattern.MULTILINE);

  @TempDir
  Path dataDir;
  private ServerProcess server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void noAcknowledgedPushIsLostAndNothingHalfWrittenAppears() throws Exception {
    int port = ServerProcess.freePort();
    server = start(port);
    String base = "http://127.0.0.1:" + port;
    Map<Integer, List<Integer>> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      acked.put(writer, java.util.Collections.synchronizedList(new ArrayList<>()));
      threads.add(Thread.ofPlatform().start(() -> {
        for (int seq = 0; !stop.get() && seq < 100_000; seq++) {
          StringBuilder body = new StringBuilder();
          for (int l = 0; l < LINES; l++) {
            body.append("d_").append(l).append(' ').append(seq).append('\n');
          }
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/job/w" + writer
                + "/seq/" + seq)).timeout(Duration.ofSeconds(5))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              acked.get(writer).add(seq);
            }
          } catch (IOException | InterruptedException e) {
            return; // the server is gone
          }
        }
      }));
    }
    Thread.sleep(1500);
    // SIGKILL: no shutdown hook, no graceful close of the store
    server.process().destroyForcibly().waitFor();
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    int total = acked.values().stream().mapToInt(List::size).sum();
    assertThat(total).as("pushes acknowledged before the kill").isGreaterThan(20);

    server.close();
    server = start(port);
    String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Integer> linesPerGroup = new HashMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      String group = m.group(2) + "/" + m.group(3);
      assertThat(m.group(4)).as("value of %s", group).isEqualTo(m.group(3));
      linesPerGroup.merge(group, 1, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : linesPerGroup.entrySet()) {
      assertThat(e.getValue()).as("series of group %s (half-written?)", e.getKey()).isEqualTo(LINES);
    }
    for (Map.Entry<Integer, List<Integer>> e : acked.entrySet()) {
      synchronized (e.getValue()) {
        for (int seq : e.getValue()) {
          assertThat(linesPerGroup).as("acknowledged push w%d/seq %d", e.getKey(), seq)
              .containsKey(e.getKey() + "/" + seq);
        }
      }
    }
    // at most one unacknowledged push per writer can have been committed (in flight at the kill)
    assertThat(linesPerGroup.size()).isBetween(total, total + WRITERS);
  }

  /** The server on {@code dataDir}; its log lives in a directory of its own, removed when it is closed. */
  private ServerProcess start(int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return ServerProcess.start("taskscope", Files.createTempDirectory("taskscope-durability"), List.of(java, "-cp",
        System.getProperty("java.class.path"), "io.taskscope.server.Main", "serve", "--push-only", "--host",
        "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()),
        "http://127.0.0.1:" + port, "/-/ready");
  }
}
