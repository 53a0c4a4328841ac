package io.taskscope.e2e.hostile;

import static io.taskscope.e2e.hostile.Hostile.Expect.status;
import static io.taskscope.e2e.hostile.PushHostileTest.b64;
import static io.taskscope.e2e.hostile.PushHostileTest.delimited;
import static io.taskscope.e2e.hostile.PushHostileTest.untouched;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import io.taskscope.e2e.hostile.Hostile.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Push tenants trying each other's namespaces and groups (paths, base64 segments, labels in the body, Simplepipe
 * labels, type and series collisions, reading the JSON API), a tenant calling the admin API, and what the server
 * without tokens shows of itself.
 */
@ExtendWith(HostileStack.Ext.class)
class TenancyHostileTest {
  static final String PROTO = PushHostileTest.PROTO;

  /**
   * Alice's seeded group and anything in bob's namespace, as they appear in the canonical JSON API (labels sorted):
   * a tenant's view must not show the other's namespace, whatever either pushed into its own.
   */
  static final String ALICE_VICTIM = "\"job\":\"victim\",\"namespace\":\"alice\"";
  static final String ALICE_NS = "\"namespace\":\"alice\"";
  static final String BOB_NS = "\"namespace\":\"bob\"";

  static List<Case> tenancyCases() {
    List<Case> c = new ArrayList<>();
    String[] denied = {"does not own", "another tenant", "belongs"};
    c.add(Hostile.sec("bob pushes into alice's namespace", t -> t.send("PUT", "/metrics/job/x/namespace/alice",
        t.token("bob"), "text/plain", "m 1\n"), status(403).words(denied).without("victim", "shared_fam")));
    c.add(Hostile.sec("bob replaces alice's group", t -> t.send("PUT", "/metrics/job/victim/namespace/alice",
        t.token("bob"), "text/plain", "m 1\n"), status(403).words(denied)));
    c.add(Hostile.sec("bob POSTs into alice's group", t -> t.send("POST", "/metrics/job/victim/namespace/alice",
        t.token("bob"), "text/plain", "m 1\n"), status(403).words(denied)));
    c.add(Hostile.sec("bob deletes alice's group", t -> t.send("DELETE", "/metrics/job/victim/namespace/alice",
        t.token("bob"), "text/plain", null), status(403).words(denied)));
    c.add(Hostile.sec("bob deletes alice's group (namespace in base64)", t -> t.send("DELETE",
        "/metrics/job/victim/namespace@base64/" + b64("alice"), t.token("bob"), "text/plain", null),
        status(403).words(denied)));
    c.add(Hostile.sec("bob deletes alice's group (job in base64)", t -> t.send("DELETE",
        "/metrics/job@base64/" + b64("victim") + "/namespace/alice", t.token("bob"), "text/plain", null),
        status(403).words(denied)));
    c.add(Hostile.sec("bob pushes a series labelled namespace=alice into his group", t -> t.send("PUT",
        "/metrics/job/x/namespace/bob", t.token("bob"), "text/plain", "m{namespace=\"alice\"} 1\n"),
        status(403).words(denied)));
    c.add(Hostile.sec("bob pushes protobuf with namespace=alice", t -> {
      Metrics.MetricFamily f = Metrics.MetricFamily.newBuilder().setName("m").setType(Metrics.MetricType.GAUGE)
          .addMetric(Metrics.Metric.newBuilder().addLabel(Metrics.LabelPair.newBuilder().setName("namespace")
              .setValue("alice")).setGauge(Metrics.Gauge.newBuilder().setValue(1))).build();
      return t.send("PUT", "/metrics/job/x/namespace/bob", t.token("bob"), Map.of("Content-Type", PROTO),
          delimited(f));
    }, status(403).words(denied)));
    c.add(Hostile.sec("bob posts Simplepipe into namespace alice", t -> t.send("POST",
        "/api/v1/simplepipe?job=x&label=namespace=alice", t.token("bob"), "application/json",
        "[{\"name\":\"m\",\"description\":\"d\",\"value\":1,\"metric_type\":\"gauge\"}]"), status(403).words(denied)));
    c.add(Hostile.sec("bob posts Simplepipe as alice's group", t -> t.send("POST",
        "/api/v1/simplepipe?job=victim&label=namespace=alice", t.token("bob"), "application/json",
        "[{\"name\":\"m\",\"description\":\"d\",\"value\":1,\"metric_type\":\"gauge\"}]"), status(403).words(denied)));
    c.add(Hostile.sec("bob pushes to namespace Alice (case)", t -> t.send("PUT", "/metrics/job/x/namespace/Alice",
        t.token("bob"), "text/plain", "m 1\n"), status(403).words(denied)));
    c.add(Hostile.sec("bob gives namespace twice (bob, then alice)", t -> t.send("PUT",
        "/metrics/job/x/namespace/bob/namespace/alice", t.token("bob"), "text/plain", "m 1\n"),
        status(400, 403).words(denied[0], denied[1], "namespace", "duplicate")));
    c.add(Hostile.sec("alice pushes to a namespace nobody owns", t -> t.send("PUT", "/metrics/job/x/namespace/kube-system",
        t.token("alice"), "text/plain", "m 1\n"), status(403).words(denied)));
    c.add(Hostile.sec("bob's job victim in his own namespace leaves alice's victim alone", t -> t.send("PUT",
        "/metrics/job/victim", t.token("bob"), "text/plain", "bob_victim 1\n"),
        status(200).state(untouched(ALICE_VICTIM))));
    c.add(Hostile.sec("bob cannot learn the type alice gave shared_fam", t -> t.send("PUT",
        "/metrics/job/typeprobe/namespace/bob", t.token("bob"), "text/plain", "# TYPE shared_fam counter\n"
            + "shared_fam 1\n"), status(200).without("gauge", "GAUGE", "alice", "victim")
        .state(untouched(ALICE_VICTIM))));
    c.add(Hostile.sec("bob cannot learn alice's series through a collision", t -> t.send("PUT",
        "/metrics/job/collide/namespace/bob", t.token("bob"), "text/plain", "# TYPE victim_metric summary\n"
            + "victim_metric_count 1\n"), status(200, 400).without("alice", "victim\"", "job=\"victim\"")
        .state(untouched(ALICE_VICTIM))));
    // bob's own earlier pushes may carry alice's metric names: what must not show is her namespace
    c.add(Hostile.sec("bob reads /api/v1/metrics: nothing of alice", t -> t.get("/api/v1/metrics", t.token("bob")),
        status(200).without(ALICE_NS, "\"alice\"").answer(a -> a.body().contains(BOB_NS) ? null
            : "bob does not see his own groups: " + a)));
    c.add(Hostile.sec("alice wipes the hub", t -> t.send("PUT", "/api/v1/admin/wipe", t.token("alice"), null,
        (String) null), status(403).words("admin", "needs role", "may not")));
    c.add(Hostile.sec("bob deletes with a grouping key that collides through U+00FF", t -> t.send("DELETE",
        "/metrics/job@base64/" + b64("victimÿnamespaceÿalice") + "/namespace/bob", t.token("bob"), "text/plain",
        null), status(202, 400, 403).state(untouched(ALICE_VICTIM))));
    return c;
  }

  static List<Case> openOnly() {
    List<Case> c = new ArrayList<>();
    c.add(Hostile.opn("open: wipe without --enable-admin-api", t -> t.send("PUT", "/api/v1/admin/wipe", null, null,
        (String) null), status(404, 403, 405)));
    c.add(Hostile.opn("open: /api/v1/status hides paths", t -> t.get("/api/v1/status", null),
        status(200).without(Hostile.stack().open.dataDir.toString(), Hostile.stack().open.config.toString())));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> tenants() {
    List<Case> all = new ArrayList<>(tenancyCases());
    all.addAll(openOnly());
    return Hostile.tests(all);
  }
}
