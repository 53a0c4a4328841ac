package io.taskscope.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushHubTest {
  @TempDir
  Path dir;
  final AtomicLong nowMillis = new AtomicLong(1_700_000_000_000L);
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(nowMillis.get());
    }
  };
  PushHub hub;

  PushHub open() throws Exception {
    hub = PushHub.open(JdbcPushStore.sqlite(dir, "NORMAL"), new PushHub.Options(false, null, 1000, 0), clock, null);
    return hub;
  }

  @AfterEach
  void close() {
    if (hub != null) {
      hub.close();
    }
  }

  static String text(PushHub h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.collect((header, body) -> {
      out.writeBytes(("# " + header.name() + " " + header.type() + " " + header.help() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      try {
        body.writeLines(out);
      } catch (java.io.IOException e) {
        throw new RuntimeException(e);
      }
    });
    return out.toString(StandardCharsets.UTF_8);
  }

  static PushHub.PushRequest put(String path, String body, boolean replace) throws Exception {
    GroupingKey key = GroupingKey.parsePath(path);
    List<PushedFamily> fams = TextFormatParser.parse(body.getBytes(StandardCharsets.UTF_8));
    return new PushHub.PushRequest(key, sanitize(fams, key), replace, Tenancy.ANONYMOUS, null);
  }

  static List<PushedFamily> sanitize(List<PushedFamily> fams, GroupingKey key) {
    return fams.stream().map(f -> f.withMetrics(f.metrics().stream().map(m -> m.sanitized(key.labels(), null))
        .toList())).toList();
  }

  @Test
  void storesSanitizedGroupsMergesFamiliesAndRestoresExactly() throws Exception {
    open();
    hub.push(put("/metrics/job/a", "# HELP m help\n# TYPE m counter\nm{job=\"x\",instance=\"i\"} 1\n", true));
    hub.push(put("/metrics/job/b/instance/j", "# TYPE m counter\nm 2\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
        + "h_sum 0.5\nh_count 1\n", true));
    hub.push(put("/metrics/job/c/site/München", "# HELP u Grad °C, 温度\n# TYPE u gauge\n"
        + "u{room=\"Küche ☃\"} 21.5\n", true));
    String before = text(hub);
    assertThat(before).contains("# u GAUGE Grad °C, 温度\n")
        .contains("u{instance=\"\",job=\"c\",room=\"Küche ☃\",site=\"München\"} 21.5\n");
    assertThat(before).contains("# m COUNTER help\n").contains("m{instance=\"i\",job=\"a\"} 1\n")
        .contains("m{instance=\"j\",job=\"b\"} 2\n");
    assertThat(before).contains("h_bucket{instance=\"j\",job=\"b\",le=\"1\"} 1\n"
        + "h_bucket{instance=\"j\",job=\"b\",le=\"+Inf\"} 1\nh_sum{instance=\"j\",job=\"b\"} 0.5\n");
    assertThat(before).contains("push_time_seconds{instance=\"\",job=\"a\"} 1.7e+09\n");
    hub.close();
    open();
    assertThat(text(hub)).isEqualTo(before);
  }

  @Test
  void postReplacesOnlySameNamedFamiliesPutReplacesAll() throws Exception {
    open();
    hub.push(put("/metrics/job/a", "x 1\ny 1\n", true));
    hub.push(put("/metrics/job/a", "x 2\n", false));
    assertThat(text(hub)).contains("x{instance=\"\",job=\"a\"} 2").contains("y{instance=\"\",job=\"a\"} 1");
    hub.push(put("/metrics/job/a", "x 3\n", true));
    assertThat(text(hub)).contains("x{instance=\"\",job=\"a\"} 3").doesNotContain("\ny{");
  }

  @Test
  void typeConflictAcrossGroupsIsRejectedAndRecordedAsFailure() throws Exception {
    open();
    hub.push(put("/metrics/job/a", "# TYPE m gauge\nm 1\n", true));
    nowMillis.addAndGet(1000);
    assertThatThrownBy(() -> hub.push(put("/metrics/job/b", "# TYPE m counter\nm 1\n", true)))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("pushed metrics are invalid or inconsistent with existing metrics: "
              + "collected metric \"m\" { label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"b\" > "
              + "counter:<value:1 > } is not a GAUGE");
        });
    assertThat(text(hub)).doesNotContain("job=\"b\"} 1\n").contains("m{instance=\"\",job=\"a\"} 1");
    // the same group may change its own type
    hub.push(put("/metrics/job/a", "# TYPE m counter\nm 5\n", true));
    assertThat(text(hub)).contains("# m COUNTER");
  }

  @Test
  void duplicateSeriesAcrossGroupsAndSuffixCollisions() throws Exception {
    open();
    hub.push(put("/metrics/job/a", "m{instance=\"x\"} 1\n", true));
    assertThatThrownBy(() -> hub.push(put("/metrics/job/a/instance/x", "m 1\n", true)))
        .hasMessageContaining("was collected before with the same name and label values");
    hub.push(put("/metrics/job/c", "# TYPE s summary\ns_sum 1\ns_count 1\n", true));
    assertThatThrownBy(() -> hub.push(put("/metrics/job/d", "s_count 1\n", true)))
        .hasMessageContaining("collides with previously collected summary named \"s\"");
    hub.push(put("/metrics/job/e", "x 1\n", true));
    assertThatThrownBy(() -> hub.push(put("/metrics/job/e/instance/", "y 1\n", true)))
        .hasMessageContaining("\"push_time_seconds\"");
  }

  @Test
  void ttlExpiresGroupsFromScrapeAndStore() throws Exception {
    open();
    GroupingKey key = GroupingKey.parsePath("/metrics/job/t");
    hub.push(new PushHub.PushRequest(key, sanitize(TextFormatParser.parse("t 1\n".getBytes()), key), true,
        Tenancy.ANONYMOUS, 60_000L));
    hub.push(put("/metrics/job/keep", "k 1\n", true));
    nowMillis.addAndGet(61_000);
    long deadline = System.currentTimeMillis() + 5000;
    while (text(hub).contains("job=\"t\"") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(text(hub)).doesNotContain("job=\"t\"").contains("job=\"keep\"");
    hub.close();
    open();
    assertThat(text(hub)).doesNotContain("job=\"t\"").contains("job=\"keep\"");
  }

  @Test
  void tenantsCannotOverwriteOthersAndAreCapped() throws Exception {
    open();
    Tenancy.Tenant alice = new Tenancy.Tenant("alice", java.util.Set.of("a"), 4, null, false);
    Tenancy.Tenant bob = new Tenancy.Tenant("bob", java.util.Set.of("a"), 0, null, false);
    GroupingKey key = GroupingKey.of(Map.of("job", "j", "namespace", "a"));
    hub.push(new PushHub.PushRequest(key, sanitize(TextFormatParser.parse("x 1\n".getBytes()), key), true, alice,
        null));
    assertThatThrownBy(() -> hub.push(new PushHub.PushRequest(key, List.of(), true, bob, null)))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> hub.delete(key, bob))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> hub.push(new PushHub.PushRequest(key,
        sanitize(TextFormatParser.parse("x 1\ny 1\nz 1\n".getBytes()), key), true, alice, null)))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.status()).isEqualTo(429));
    assertThat(hub.groups(bob)).isEmpty();
    assertThat(hub.groups(alice)).hasSize(1);
    hub.delete(key, alice);
    assertThat(hub.groups(alice)).isEmpty();
  }

  @Test
  void wipeAndDelete() throws Exception {
    open();
    hub.push(put("/metrics/job/a", "x 1\n", true));
    hub.push(put("/metrics/job/b", "x 1\n", true));
    hub.delete(GroupingKey.parsePath("/metrics/job/a"), Tenancy.ANONYMOUS);
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(1);
    hub.wipe();
    assertThat(text(hub)).isEmpty();
    hub.close();
    open();
    assertThat(text(hub)).isEmpty();
  }

  static String b64(String s) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void separatorCharacterInLabelValuesDoesNotMergeGroups() throws Exception {
    open();
    String tricky = "/metrics/job/j/x@base64/" + b64("b\u00ffy\u00ffc");
    hub.push(put(tricky, "a 1\n", true));
    hub.push(put("/metrics/job/j/x/b/y/c", "a 2\n", true));
    hub.push(put("/metrics/job/j/x@base64/" + b64("b\\"), "a 3\n", true));
    hub.push(put("/metrics/job/j/x@base64/" + b64("b\\\\"), "a 4\n", true));
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(4);
    assertThat(text(hub)).contains("a{instance=\"\",job=\"j\",x=\"b\u00ffy\u00ffc\"} 1\n")
        .contains("a{instance=\"\",job=\"j\",x=\"b\",y=\"c\"} 2\n");
    hub.delete(GroupingKey.parsePath("/metrics/job/j/x/b/y/c"), Tenancy.ANONYMOUS);
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(3);
    assertThat(text(hub)).contains("x=\"b\u00ffy\u00ffc\"} 1\n");
  }

  @Test
  void storeWrittenWithOldKeyEncodingIsMigratedOnOpen() throws Exception {
    open();
    List<String> paths = List.of("/metrics/job/j/x@base64/" + b64("b\u00ffy\u00ffc"), "/metrics/job/j/x@base64/"
        + b64("a\\"), "/metrics/job/j/x@base64/" + b64("a\\\\"), "/metrics/job/plain/instance/i");
    for (String p : paths) {
      hub.push(put(p, "# TYPE a gauge\na{k=\"" + p.length() + "\"} 1\n", true));
    }
    String before = text(hub);
    List<PushGroup> groups = hub.groups(Tenancy.ANONYMOUS);
    hub.close();
    hub = null;
    // Rewrite the rows as the previous version stored them: keys joined by U+00FF without escapes.
    try (JdbcPushStore store = JdbcPushStore.sqlite(dir, "NORMAL")) {
      List<PushStore.Write> w = new java.util.ArrayList<>();
      for (PushGroup g : groups) {
        w.add(new PushStore.Write(g.key().key(), null, null, null, null, 0));
      }
      for (PushGroup g : groups) {
        w.add(new PushStore.Write(GroupingKey.legacyKey(g.key().labels()), g.key().labelsJson(), g.tenant(),
            g.expiresAtMillis(), GroupCodec.encode(g), 1));
      }
      store.apply(w);
      assertThat(store.versions().keySet()).contains(GroupingKey.legacyKey(Map.of("job", "j", "x", "a\\")));
    }
    open();
    assertThat(text(hub)).isEqualTo(before);
    for (PushGroup g : groups) {
      assertThat(hub.group(g.key().key())).isNotNull();
    }
    assertThat(hub.store().versions().keySet()).containsExactlyInAnyOrderElementsOf(
        groups.stream().map(g -> g.key().key()).toList());
    // the migrated groups are ordinary groups: deleting one leaves the others
    hub.delete(GroupingKey.parsePath(paths.get(1)), Tenancy.ANONYMOUS);
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(3);
    hub.close();
    open();
    assertThat(hub.groups(Tenancy.ANONYMOUS)).hasSize(3);
  }

  @Test
  void aHugeStoredTtlNeverExpiresInsteadOfOverflowing() throws Exception {
    open();
    GroupingKey key = GroupingKey.parsePath("/metrics/job/long");
    hub.push(new PushHub.PushRequest(key, sanitize(TextFormatParser.parse("x 1\n".getBytes()), key), true,
        Tenancy.ANONYMOUS, Long.MAX_VALUE));
    assertThat(hub.group(key.key()).expiresAtMillis()).isEqualTo(Long.MAX_VALUE);
    nowMillis.addAndGet(10_000);
    Thread.sleep(300);
    assertThat(hub.group(key.key())).isNotNull();
    hub.close();
    open();
    assertThat(hub.group(key.key())).isNotNull();
  }

  static PushHub.PushRequest putAs(Tenancy.Tenant t, String path, String body) throws Exception {
    PushHub.PushRequest r = put(path, body, true);
    return new PushHub.PushRequest(r.key(), r.families(), true, t, null);
  }

  @Test
  void familyTypesAreConsistentPerTenantOnly() throws Exception {
    open();
    Tenancy.Tenant alice = new Tenancy.Tenant("alice", java.util.Set.of("alice"), 0, null, false);
    Tenancy.Tenant bob = new Tenancy.Tenant("bob", java.util.Set.of("bob"), 0, null, false);
    hub.push(putAs(alice, "/metrics/job/j/namespace/alice", "# TYPE m gauge\nm 1\n# TYPE s summary\ns_sum 1\n"
        + "s_count 1\n"));
    // alice's types neither block bob nor show in his errors
    hub.push(putAs(bob, "/metrics/job/j/namespace/bob", "# TYPE m counter\nm 2\ns_count 3\n"));
    hub.push(putAs(bob, "/metrics/job/k/namespace/bob", "# TYPE m counter\nm 4\n"));
    assertThatThrownBy(() -> hub.push(putAs(bob, "/metrics/job/l/namespace/bob", "# TYPE m histogram\n"
        + "m_bucket{le=\"+Inf\"} 1\nm_sum 1\nm_count 1\n")))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("is not a COUNTER").doesNotContain("GAUGE").doesNotContain("alice");
        });
    // within alice, Pushgateway's rules as before
    assertThatThrownBy(() -> hub.push(putAs(alice, "/metrics/job/k/namespace/alice", "# TYPE m counter\nm 1\n")))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.getMessage()).contains("is not a GAUGE")
            .doesNotContain("bob"));
    String text = text(hub);
    assertThat(text).contains("# m GAUGE \nm{instance=\"\",job=\"j\",namespace=\"alice\"} 1\n")
        .contains("# m COUNTER \nm{instance=\"\",job=\"j\",namespace=\"bob\"} 2\n"
            + "m{instance=\"\",job=\"k\",namespace=\"bob\"} 4\n");
    // once alice's group is gone, bob's family is the only one
    hub.delete(GroupingKey.parsePath("/metrics/job/j/namespace/alice"), alice);
    hub.delete(GroupingKey.parsePath("/metrics/job/k/namespace/alice"), alice);
    assertThat(text(hub)).contains("# m COUNTER").doesNotContain("# m GAUGE");
    hub.close();
    open();
    assertThat(text(hub)).contains("# m COUNTER").doesNotContain("# m GAUGE");
    // without tenancy (tenant ""), one index as in Pushgateway
    hub.push(put("/metrics/job/x", "# TYPE q gauge\nq 1\n", true));
    assertThatThrownBy(() -> hub.push(put("/metrics/job/y", "# TYPE q counter\nq 1\n", true)))
        .hasMessageContaining("is not a GAUGE");
  }
}
