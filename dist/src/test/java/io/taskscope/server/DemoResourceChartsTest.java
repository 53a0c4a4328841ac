package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Prometheus, the demo's task pages chart CPU from its simulated cAdvisor, sampled into the UI's memory. */
class DemoResourceChartsTest {
  @TempDir
  Path dir;

  private static final Pattern CPU = Pattern.compile("aria-label=\"CPU\" data-chart=\"([^\"]*)\"");

  private static String page(Demo demo, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.baseUrl()
        + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void aDeploymentsPageHasACpuChartWithPoints() throws Exception {
    try (Demo demo = Demo.start(new Demo.Settings("127.0.0.1", 0, dir, Duration.ofMillis(500), 42, false))) {
      String html = "";
      Instant t = Instant.now().plusSeconds(60); // after the ticker's own samples, so the two below are 15 s apart
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // the UI's cluster view fills from watches: sample until it has seen the Deployment's pods
      while (!CPU.matcher(html).find() && System.nanoTime() < deadline) {
        demo.simulatedExporters().step();
        demo.ui().sampleCharts(t);
        t = t.plusSeconds(15);
        demo.simulatedExporters().step();
        demo.ui().sampleCharts(t);
        t = t.plusSeconds(15);
        html = page(demo, "/ui/task/Deployment/glaciation/web-frontend");
        Thread.sleep(200);
      }
      Matcher m = CPU.matcher(html);
      assertThat(m.find()).as("a CPU chart on the page").isTrue();
      // some CPU used: a value with a non-zero digit
      assertThat(m.group(1).replace("&quot;", "\""))
          .containsPattern("\"label\":\"cpu\".*\"values\":\\[[^]]*[1-9]");
      assertThat(html).contains("aria-label=\"Memory\" data-chart=")
          .doesNotContain("resource usage comes from Prometheus (set ui.prometheus)");
    }
  }
}
