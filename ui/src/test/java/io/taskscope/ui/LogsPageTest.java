package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogsPageTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");

  FakeClusterView view = new FakeClusterView()
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata: {name: helmet-edge-abcde, namespace: demo}
          spec:
            containers: [{name: little-model, image: x}, {name: sidecar, image: y}]
          """)
      .pod("""
          apiVersion: v1
          kind: Pod
          metadata: {name: "evil-\\"><img src=x onerror=alert(1)>", namespace: edge-ai}
          spec:
            containers: [{name: main, image: x}]
          """);

  LogsPage page = new LogsPage(view, () -> NOW, null);

  LogsPageTest() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(String.format("2025-11-20T09:%02d:%02d.000000000Z INFO frame=%d inference done", i / 60, i % 60, i));
      if (i % 3 == 0) {
        lines.add(String.format("2025-11-20T09:%02d:%02d.500000000Z INFO Hard Example found frame=%d", i / 60,
            i % 60, i));
      }
    }
    lines.add("2025-11-20T09:59:00Z ERROR <script>alert(1)</script> & (a+)+$ [ failed");
    view.logs.put("demo/helmet-edge-abcde/little-model", lines);
  }

  @Test
  void newestMatchesFirstWithTheKeywordMarked() throws Exception {
    String html = page.page(Map.of("ns", "demo", "pod", "helmet-edge-abcde", "container", "little-model",
        "q", "hard example"));
    assertThat(html).contains("100 lines containing “hard example”")
        .contains("INFO <mark>Hard Example</mark> found frame=297")
        .contains("<option value=\"demo/helmet-edge-abcde\" selected>helmet-edge-abcde</option>")
        .contains("<optgroup label=\"demo\">").contains("<option selected>little-model</option>")
        .contains("<option>sidecar</option>").doesNotContain("inference done");
    assertThat(html.indexOf("frame=297")).isLessThan(html.indexOf("frame=294"));
    assertThat(html).contains("data-chart=\"{&quot;x&quot;:[").contains("&quot;bars&quot;:true")
        .doesNotContain("Load older");
  }

  @Test
  void pagesOlderLinesWithABeforeCursor() throws Exception {
    String first = page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", "inference"));
    assertThat(first).contains("300 lines").contains("frame=299 <mark>").contains("frame=100 <mark>")
        .doesNotContain("frame=99 <mark>")
        .contains("href=\"/ui/logs?ns=demo&amp;pod=helmet-edge-abcde&amp;container=little-model&amp;q=inference"
            + "&amp;source=kubernetes&amp;before=2025-11-20T09%3A01%3A40Z\">Load older</a>");
    String older = page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", "inference", "before",
        "2025-11-20T09:01:40Z"));
    assertThat(older).contains("100 lines").contains("frame=99 <mark>").contains("frame=0 <mark>")
        .doesNotContain("frame=100 <mark>").doesNotContain("Load older");
  }

  @Test
  void keywordIsPlainTextNeverARegex() throws Exception {
    for (String kw : List.of("(a+)+$", "[", "(A+)+$ [")) {
      String html = page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", kw));
      assertThat(html).as(kw).contains("1 line containing");
    }
    String html = page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", "[", "container", "little-model"));
    assertThat(html).contains("ERROR &lt;script&gt;alert(1)&lt;/script&gt; &amp; (a+)+$ <mark>[</mark> failed");
    assertThat(page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", ".*"))).contains("0 lines")
        .contains("No line matches.");
    assertThatThrownBy(() -> page.page(Map.of("pod", "demo/helmet-edge-abcde", "q", "x".repeat(201))))
        .isInstanceOf(UiHttp.BadRequest.class).hasMessageContaining("200");
  }

  @Test
  void highlightEscapesEachPieceAndNeverBreaksEntities() {
    Html h = new Html();
    LogSearch.highlight(h, "<b>amp &amp; AMP</b>", "amp");
    assertThat(h.toString()).isEqualTo("&lt;b&gt;<mark>amp</mark> &amp;<mark>amp</mark>; <mark>AMP</mark>&lt;/b&gt;");
    Html lt = new Html();
    LogSearch.highlight(lt, "a<b", "<");
    assertThat(lt.toString()).isEqualTo("a<mark>&lt;</mark>b");
    Html quote = new Html();
    LogSearch.highlight(quote, "say \"hi\"", "\"hi");
    assertThat(quote.toString()).isEqualTo("say <mark>&quot;hi</mark>&quot;");
    Html none = new Html();
    LogSearch.highlight(none, "<i>", "");
    assertThat(none.toString()).isEqualTo("&lt;i&gt;");
    // a character whose lower case is longer must not shift the marks
    Html turkish = new Html();
    LogSearch.highlight(turkish, "İx ERROR", "error");
    assertThat(turkish.toString()).isEqualTo("İx <mark>ERROR</mark>");
  }

  @Test
  void xssInPodNamesAndLinesIsEscaped() throws Exception {
    view.logs.put("edge-ai/evil-\"><img src=x onerror=alert(1)>/main",
        List.of("2025-11-20T09:00:00Z <img src=x onerror=alert(2)> ERROR"));
    String html = page.page(Map.of("ns", "edge-ai", "pod", "evil-\"><img src=x onerror=alert(1)>", "q", "error"));
    assertThat(html).doesNotContain("<img").contains("evil-&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;img src=x on<mark>error</mark>=alert(2)&gt; <mark>ERROR</mark>");
  }

  @Test
  void sourceDownShowsABannerAndThePickerStillWorks() throws Exception {
    String html = page.page(Map.of("ns", "demo", "pod", "gone-pod", "q", "x"));
    assertThat(html).contains("<p class=\"banner\" role=\"alert\">Kubernetes API unavailable: Kubernetes API: 404")
        .contains("<option value=\"demo/helmet-edge-abcde\">helmet-edge-abcde</option>")
        .contains("<option value=\"demo/gone-pod\" selected>demo/gone-pod</option>");
    String loki = new LogsPage(view, () -> NOW, new LokiClient("http://127.0.0.1:1")).page(Map.of("pod",
        "demo/helmet-edge-abcde", "q", "x"));
    assertThat(loki).contains("<p class=\"banner\" role=\"alert\">Loki unavailable: ")
        .contains("<option value=\"loki\" selected>Loki</option>").contains("<optgroup label=\"edge-ai\">");
  }

  @Test
  void badParametersAre400() {
    assertThatThrownBy(() -> page.page(Map.of("pod", "demo/x", "before", "yesterday")))
        .isInstanceOf(UiHttp.BadRequest.class);
    assertThatThrownBy(() -> page.page(Map.of("pod", "demo/x", "source", "loki")))
        .isInstanceOf(UiHttp.BadRequest.class).hasMessageContaining("no Loki");
  }

  @Test
  void emptyPageInvitesToPickAPod() throws Exception {
    assertThat(page.page(Map.of())).contains("Pick a pod").contains("aria-current=\"page\">Logs");
  }
}
