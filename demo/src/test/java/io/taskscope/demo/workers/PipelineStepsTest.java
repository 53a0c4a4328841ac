package io.taskscope.demo.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.taskscope.push.PushConfig;
import io.taskscope.push.PushService;
import io.taskscope.push.PushedFamily;
import io.taskscope.push.PushedMetric;
import io.taskscope.push.TextFormatParser;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated pipelines push valid Simplepipe JSON to a real push hub, and survive a hub that is not there. */
class PipelineStepsTest {
  @TempDir
  Path dir;

  @Test
  void everyRunIsAcceptedByARealPushHub() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (PushService push = PushService.start(PushConfig.defaults(), dir, null, false, null, null, Map.of())) {
      push.mount(new io.taskscope.core.http.FrontDoor(server, io.taskscope.core.http.AccessPolicy.open()));
      server.start();
      try (PipelineSteps p = PipelineSteps.manual("http://127.0.0.1:" + server.getAddress().getPort(), 7)) {
        for (int i = 0; i < 20; i++) {
          p.step();
        }
        assertThat(p.failures()).isZero();
        assertThat(PipelineSteps.APPLICATIONS).allSatisfy(a ->
            assertThat(p.runs(a)).isEqualTo((20 + a.everyTicks() - 1) / a.everyTicks()));
      }
      Set<String> groups = new TreeSet<>();
      Set<String> accuracy = new TreeSet<>();
      for (PushedFamily f : TextFormatParser.parse(HubLines.of(push.hub()))) {
        for (PushedMetric m : f.metrics()) {
          String group = m.label("namespace") + "/" + m.label("job");
          if (f.name().equals("run_time_seconds")) {
            groups.add(group);
          } else if (f.name().equals("model_accuracy")) {
            accuracy.add(group);
          }
        }
      }
      assertThat(groups).containsExactly("alice/image-resize", "alice/train-model", "bob/etl-daily",
          "bob/train-model");
      assertThat(accuracy).containsExactly("alice/train-model", "bob/train-model");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aHubThatIsNotThereCountsFailuresInsteadOfThrowing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free, and closed again: nobody listens there
    }
    try (PipelineSteps p = PipelineSteps.manual("http://127.0.0.1:" + port, 7)) {
      p.step();
      assertThat(p.failures()).isEqualTo(PipelineSteps.APPLICATIONS.size());
      assertThat(PipelineSteps.APPLICATIONS).allSatisfy(a -> assertThat(p.runs(a)).isZero());
      assertThat(p.steps()).isEqualTo(1);
    }
  }
}
