package io.taskscope.e2e.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.kb.PostgresProcess;
import io.taskscope.server.TaskScopeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The push store on a real PostgreSQL (Debian's, started here with initdb/pg_ctl on a free port; as user postgres when
 * the tests run as root): groups survive a restart exactly, and two TaskScope replicas on one database see each
 * other's groups and deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPushStoreTest {
  private PostgresProcess postgres;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startPostgres() throws Exception {
    assertThat(PostgresProcess.findBin()).as("PostgreSQL server binaries (bin/test installs Debian's postgresql)")
        .isNotNull();
    postgres = PostgresProcess.start();
    url = postgres.sqlalchemyUrl("postgres");
  }

  @AfterAll
  void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private TaskScopeServer replica() throws Exception {
    return TaskScopeServer.startPushOnly("127.0.0.1", 0, new TaskScopeServer.PushOptions(null,
        Files.createTempDirectory("unused"), url, true, Map.of()));
  }

  @Test
  void restartRestoresGroupsAndReplicasShareThem() throws Exception {
    String exposition;
    try (TaskScopeServer a = replica(); TaskScopeServer b = replica()) {
      assertThat(send("PUT", a, "/api/v1/admin/wipe", null)).isEqualTo(202);
      assertThat(send("PUT", a, "/metrics/job/pg/instance/a", "# HELP m help\n# TYPE m counter\nm{x=\"1\"} 3\n"
          + "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 0.5\nh_count 1\n")).isEqualTo(200);
      assertThat(send("PUT", b, "/metrics/job/pg/instance/b", "g 7\n")).isEqualTo(200);
      await(b, t -> t.contains("m{instance=\"a\",job=\"pg\",x=\"1\"} 3"));
      await(a, t -> t.contains("g{instance=\"b\",job=\"pg\"} 7"));
      // a replica checks consistency against what it has seen of the other's groups
      assertThat(send("PUT", b, "/metrics/job/pg/instance/c", "# TYPE m gauge\nm 1\n")).isEqualTo(400);
      assertThat(send("DELETE", b, "/metrics/job/pg/instance/b", null)).isEqualTo(202);
      await(a, t -> !t.contains("g{instance=\"b\""));
      exposition = pushed(scrape(a));
    }
    try (TaskScopeServer c = replica()) {
      assertThat(pushed(scrape(c))).isEqualTo(exposition);
    }
  }

  /**
   * A database written before grouping keys were escaped: two replicas opening it at once both move the rows to
   * the escaped keys; nothing is lost or doubled, and the groups that used to share a key stay apart.
   */
  @Test
  void twoReplicasMigrateAStoreWithTheOldKeysAtOnce() throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder();
    List<String> paths = List.of("/metrics/job/mig/x@base64/" + b64.encodeToString("b\u00ffy\u00ffc".getBytes(UTF_8)),
        "/metrics/job/mig/x/b/y/c", "/metrics/job/mig/x@base64/" + b64.encodeToString("a\\".getBytes(UTF_8)),
        "/metrics/job/mig/instance/plain");
    String before;
    try (TaskScopeServer a = replica()) {
      assertThat(send("PUT", a, "/api/v1/admin/wipe", null)).isEqualTo(202);
      for (int i = 0; i < paths.size(); i++) {
        assertThat(send("PUT", a, paths.get(i), "m{n=\"" + i + "\"} " + i + "\n")).isEqualTo(200);
      }
      before = pushed(scrape(a), "job=\"mig\"");
    }
    assertThat(before.split("\n")).hasSize(4);
    java.util.Set<String> escaped;
    try (var store = io.taskscope.push.JdbcPushStore.postgres(url)) {
      escaped = store.versions().keySet();
      List<io.taskscope.push.PushStore.Write> rewrite = new ArrayList<>();
      for (var row : store.loadAll()) {
        // as the previous version wrote it: the same key without the escapes
        rewrite.add(new io.taskscope.push.PushStore.Write(row.key(), null, null, null, null, 0));
        rewrite.add(new io.taskscope.push.PushStore.Write(unescaped(row.key()), "{}", "", null, row.data(), 1));
      }
      store.apply(rewrite);
      // the first two groups' old keys collide: one row of the two survives the rewrite, as on a real old store
      assertThat(store.versions()).hasSize(3);
    }
    try (TaskScopeServer a = replica(); TaskScopeServer b = replica()) {
      await(a, t -> pushed(t, "job=\"mig\"").split("\n").length == 3);
      await(b, t -> pushed(t, "job=\"mig\"").split("\n").length == 3);
      try (var store = io.taskscope.push.JdbcPushStore.postgres(url)) {
        assertThat(escaped).containsAll(store.versions().keySet());
        assertThat(store.versions()).hasSize(3);
      }
      assertThat(send("DELETE", b, paths.get(2), null)).isEqualTo(202);
      await(a, t -> pushed(t, "job=\"mig\"").split("\n").length == 2);
      assertThat(before).contains(pushed(scrape(a), "job=\"mig\"").split("\n"));
    }
  }

  private static String unescaped(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length()) {
        c = key.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The series {@code m} pushed with this marker (not push_time_seconds and the like). */
  private static String pushed(String text, String marker) {
    List<String> keep = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (l.contains(marker) && l.startsWith("m{")) {
        keep.add(l);
      }
    }
    return String.join("\n", keep);
  }

  private static String pushed(String text) {
    List<String> keep = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (l.contains("job=\"pg\"")) {
        keep.add(l);
      }
    }
    return String.join("\n", keep);
  }

  private void await(TaskScopeServer s, Predicate<String> p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String t = scrape(s);
    while (!p.test(t) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      t = scrape(s);
    }
    assertThat(p.test(t)).as("condition on replica %d:\n%s", s.port(), t).isTrue();
  }

  private String scrape(TaskScopeServer s) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private int send(String method, TaskScopeServer s, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
