package io.taskscope.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.taskscope.e2e.DemoStack;
import io.taskscope.sdk.SednaNames;
import io.taskscope.server.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The ops UI in a real browser: the demo (auto tick, 500 ms) in-process, a hostile Sedna Model created through its
 * Kubernetes API, then {@code e2e/js/ui-check.mjs} (playwright-core driving Debian's chromium) run against it. Each
 * check the script reports is asserted by name, so a failure says which. The screenshots go to {@code docs/ui/}.
 */
class UiBrowserTest {
  /** Markup in a label value, a condition message and a condition type: must show as text and never run. */
  static final String HOSTILE = "<script>window.__xss=1</script>\"><img src=x onerror=\"window.__xss=2\">";
  /** DNS-valid; sorts after the demo's tasks, so the list's screenshot shows the demo and not this probe. */
  static final String HOSTILE_NAME = "zz-escape-probe";
  static final String CHROMIUM = "/usr/bin/chromium";
  /** Every check ui-check.mjs must report, and pass. */
  static final List<String> CHECKS = List.of(
      "list.scenario", "list.loads", "list.axe", "list.screenshots", "list.search", "list.live-update",
      "list.layout-stable", "list.filter-kind", "list.filter-namespace", "list.sort", "list.no-script-errors",
      "notFound.scenario", "notfound.page", "notfound.suggestions", "notfound.axe", "notfound.screenshots",
      "notfound.search-from-404", "notfound.no-script-errors",
      "escaping.scenario", "escaping.list", "escaping.search-box", "escaping.not-found",
      "taskPage.scenario", "task.from-list", "task.timeline", "task.charts-drawn", "task.pods", "task.axe",
      "task.screenshots", "task.grafana-link", "task.no-script-errors", "task.escaping", "task.not-found",
      "graphPage.scenario", "graph.from-task-page", "graph.forecast-charts", "graph.axe", "graph.screenshots",
      "crLookup.scenario", "cr.lookup-form", "cr.axe", "cr.screenshots", "cr.raw-yaml", "cr.not-found", "cr.escaping",
      "cr.no-script-errors",
      "logs.scenario", "logs.from-task-page", "logs.keyword-highlighted", "logs.axe", "logs.screenshots",
      "logs.load-older", "logs.regex-as-text", "logs.loki-hostile-line", "logs.no-script-errors");
  static final List<String> SCREENSHOTS = List.of("tasks-laptop.png", "tasks-phone.png", "not-found-laptop.png",
      "not-found-phone.png", "task-laptop.png", "task-phone.png", "graph-laptop.png", "graph-phone.png",
      "cr-lookup-laptop.png", "cr-lookup-phone.png", "logs-laptop.png", "logs-phone.png");
  /** The pod whose log the stand-in Loki holds a hostile line of. */
  static final String LOG_POD = "zz-escape-probe-pod";
  /** Paths and queries the stand-in Grafana was asked for (the task page's links lead there). */
  static final List<String> GRAFANA_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();
  static com.sun.net.httpserver.HttpServer grafana;

  static Demo demo;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.isExecutable(Path.of(CHROMIUM)), "chromium missing: bin/test installs it (apt-get install chromium)");
    Path js = DemoStack.repoRoot().resolve("e2e/js/node_modules/playwright-core");
    assertTrue(Files.isDirectory(js), "e2e/js/node_modules is missing playwright-core: bin/test runs `npm ci` in e2e/js");
    dir = Files.createTempDirectory("taskscope-ui-browser-");
    grafana = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    grafana.createContext("/", ex -> {
      GRAFANA_REQUESTS.add(ex.getRequestURI().toString());
      byte[] b = "<!DOCTYPE html><html lang=\"en\"><title>grafana stub</title><body>grafana stub</body></html>"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    // a stand-in Loki answering query_range in Loki's documented shape, one of its lines hostile
    grafana.createContext("/loki/api/v1/query_range", ex -> {
      long now = System.currentTimeMillis() * 1_000_000L;
      String body = new ObjectMapper().writeValueAsString(Map.of("status", "success", "data", Map.of(
          "resultType", "streams", "result", List.of(Map.of("stream", Map.of("namespace", "demo", "pod", LOG_POD),
              "values", List.of(List.of(Long.toString(now), "INFO probe line " + HOSTILE),
                  List.of(Long.toString(now - 1_000_000_000L), "INFO probe started")))))));
      byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    grafana.start();
    demo = Demo.start(new Demo.Settings("127.0.0.1", 0, dir.resolve("demo"), Duration.ofMillis(500), 42, true)
        .withUi(new io.taskscope.ui.UiSettings(null, "http://127.0.0.1:" + grafana.getAddress().getPort(),
            "http://127.0.0.1:" + grafana.getAddress().getPort())));
    createHostileModel();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!demo.ui().view().synced() || demo.ui().view().get("Model", "demo", HOSTILE_NAME)
        .map(o -> o.getAdditionalProperties().get("status")).isEmpty()) {
      if (System.nanoTime() > end) {
        fail("the UI's cluster view never saw the hostile Model with its status");
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
    if (grafana != null) {
      grafana.stop(0);
    }
  }

  /** A Model as a user could write it (the label) and as a controller could report it (the condition). */
  static void createHostileModel() {
    var models = demo.cluster().client().genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup(SednaNames.GROUP).withVersion(SednaNames.VERSION).withKind("Model").withPlural("models")
        .withNamespaced(true).build()).inNamespace("demo");
    GenericKubernetesResource m = new GenericKubernetesResource();
    m.setApiVersion(SednaNames.GROUP + "/" + SednaNames.VERSION);
    m.setKind("Model");
    m.setMetadata(new ObjectMetaBuilder().withName(HOSTILE_NAME).withNamespace("demo")
        .withLabels(Map.of("note", HOSTILE)).build());
    m.setAdditionalProperty("spec", Map.of("url", "/models/probe/model.pb", "format", "pb"));
    GenericKubernetesResource created = models.resource(m).create();
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", HOSTILE);
    condition.put("status", "True");
    condition.put("message", HOSTILE);
    condition.put("lastTransitionTime", Instant.now().toString());
    created.setAdditionalProperty("status", Map.of("conditions", List.of(condition)));
    models.resource(created).updateStatus();
  }

  @Test
  void everyCheckPassesInTheBrowser() throws Exception {
    Path docs = DemoStack.repoRoot().resolve("docs").resolve("ui");
    JsonNode report = runUiCheck(docs);
    Map<String, JsonNode> byName = new HashMap<>();
    report.path("checks").forEach(c -> byName.put(c.path("name").asText(), c));
    List<Executable> asserts = new ArrayList<>();
    for (String name : CHECKS) {
      asserts.add(() -> {
        JsonNode c = byName.get(name);
        assertTrue(c != null, name + ": not reported");
        assertTrue(c.path("ok").asBoolean(), name + ": " + c.path("detail"));
      });
    }
    // a check not listed here failing still fails the run
    report.path("checks").forEach(c -> asserts.add(() -> assertTrue(c.path("ok").asBoolean(),
        c.path("name").asText() + ": " + c.path("detail"))));
    for (String shot : SCREENSHOTS) {
      asserts.add(() -> {
        Path f = docs.resolve(shot);
        assertTrue(Files.isRegularFile(f), shot + " not written");
        byte[] head = Files.readAllBytes(f);
        assertTrue(head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', shot + " is no PNG");
        assertTrue(head.length < 400_000, shot + " is " + head.length + " bytes");
      });
    }
    asserts.add(() -> assertEquals(true, report.path("ok").asBoolean(), "report.ok"));
    // the Grafana link followed in the browser carried the task's dashboard and variables
    asserts.add(() -> assertTrue(GRAFANA_REQUESTS.contains(
        "/d/taskscope-sedna-incremental-learning?var-namespace=demo&var-name=helmet-detection-il"),
        "Grafana stub requests: " + GRAFANA_REQUESTS));
    assertAll("ui-check.mjs", asserts);
  }

  /** Runs the browser checks (at most 7 minutes, 127.0.0.1 only); returns the JSON report. */
  static JsonNode runUiCheck(Path screenshots) throws Exception {
    Path script = DemoStack.repoRoot().resolve("e2e").resolve("js").resolve("ui-check.mjs");
    Path out = dir.resolve("ui-check.json");
    Path err = dir.resolve("ui-check.err");
    ProcessBuilder pb = new ProcessBuilder("node", script.toString(), demo.baseUrl() + "/", screenshots.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("UI_CHECK_HOSTILE", new ObjectMapper().writeValueAsString(Map.of("kind", "Model",
        "namespace", "demo", "name", HOSTILE_NAME, "text", HOSTILE, "logNamespace", "demo", "logPod", LOG_POD)));
    pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(420, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("ui-check.mjs did not finish within 420 s; stderr: " + Files.readString(err));
    }
    System.out.printf("ui-check.mjs: exit %d in %d ms%n", p.exitValue(), (System.nanoTime() - t0) / 1_000_000);
    String json = Files.readString(out);
    if (json.isBlank()) {
      fail("ui-check.mjs printed nothing (exit " + p.exitValue() + "); stderr: " + Files.readString(err));
    }
    Files.writeString(DemoStack.repoRoot().resolve("e2e").resolve("target").resolve("ui-check.json"), json);
    return new ObjectMapper().readTree(json);
  }
}
