package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.demo.workers.PipelineSteps;
import io.taskscope.push.PushedFamily;
import io.taskscope.push.PushedMetric;
import io.taskscope.push.TextFormatParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's simulated Simplepipe pipelines reach TaskScope's own {@code /metrics} the way the pipelines dashboard
 * reads them: user as {@code namespace}, application as {@code job}, run time, images and model accuracy as gauges,
 * and {@code push_time_seconds} per group without Sedna task labels.
 */
class DemoPipelinesTest {
  @TempDir
  Path dir;

  private static Map<String, PushedFamily> scrape(Demo demo) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.baseUrl()
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return TextFormatParser.parse(r.body()).stream().collect(Collectors.toMap(PushedFamily::name,
        Function.identity()));
  }

  private static Set<String> groups(PushedFamily f) {
    return f == null ? Set.of() : f.metrics().stream().map(m -> m.label("namespace") + "/" + m.label("job"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static double value(PushedFamily f, String user, String application) {
    return f.metrics().stream().filter(m -> user.equals(m.label("namespace")) && application.equals(m.label("job")))
        .mapToDouble(PushedMetric::value).findFirst().orElseThrow();
  }

  @Test
  void aStepPushesEveryApplicationsRunIntoTheDemosMetrics() throws Exception {
    try (Demo demo = Demo.start(new Demo.Settings("127.0.0.1", 0, dir, Duration.ofMillis(500), 42, false))) {
      assertThat(scrape(demo)).doesNotContainKey("run_time_seconds"); // nothing before the pipelines run

      demo.stepPipelines();
      Map<String, PushedFamily> m = scrape(demo);
      assertThat(groups(m.get("run_time_seconds"))).containsExactly("alice/image-resize", "alice/train-model",
          "bob/etl-daily", "bob/train-model");
      assertThat(m.get("run_time_seconds").metrics()).allSatisfy(s -> assertThat(s.value()).isPositive());
      assertThat(value(m.get("run_time_seconds"), "alice", "train-model"))
          .isGreaterThan(value(m.get("run_time_seconds"), "alice", "image-resize"));
      assertThat(groups(m.get("images_processed"))).containsExactly("alice/image-resize", "alice/train-model",
          "bob/train-model");
      assertThat(groups(m.get("model_accuracy"))).containsExactly("alice/train-model", "bob/train-model");
      assertThat(m.get("model_accuracy").metrics()).allSatisfy(s -> assertThat(s.value()).isBetween(0.5, 1.0));
      // the dashboard's user variable: push_time_seconds{kind=""} by namespace
      List<PushedMetric> pushTimes = m.get("push_time_seconds").metrics().stream()
          .filter(s -> s.label("kind") == null && s.label("namespace") != null).toList();
      assertThat(pushTimes).extracting(s -> s.label("namespace") + "/" + s.label("job"))
          .containsExactlyInAnyOrder("alice/image-resize", "alice/train-model", "bob/etl-daily", "bob/train-model");
      assertThat(pushTimes).allSatisfy(s -> assertThat(s.value()).isGreaterThan(1.6e9));

      // each application runs at its own pace: after three ticks image-resize (every 2nd tick) has run twice
      demo.stepPipelines();
      demo.stepPipelines();
      PipelineSteps p = demo.pipelines();
      assertThat(p.failures()).isZero();
      assertThat(PipelineSteps.APPLICATIONS).extracting(p::runs).containsExactly(2, 1, 1, 1);
    }
  }
}
