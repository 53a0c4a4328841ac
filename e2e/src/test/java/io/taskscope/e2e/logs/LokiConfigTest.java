package io.taskscope.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LokiConfigTest {
  static Path broken(String name) throws Exception {
    return Path.of(LokiConfigTest.class.getResource("/deploy-broken/logs/" + name).toURI());
  }

  @Test
  void shippedConfigKeepsEverythingOnTheVolumeWithRetention() throws Exception {
    assertThat(LokiConfigCheck.violations(LogCollectors.deploy().resolve("loki").resolve("loki.yaml"))).isEmpty();
  }

  @Test
  void brokenConfigsAreRejected() throws Exception {
    assertThat(LokiConfigCheck.violations(broken("loki-retention-without-delete-store.yaml")))
        .containsExactly("compactor.delete_request_store is required when retention is enabled (Loki 3 refuses to start)");
    assertThat(LokiConfigCheck.violations(broken("loki-outside-volume.yaml")))
        .containsExactlyInAnyOrder(
            "common.storage.filesystem.chunks_directory = /tmp/loki/chunks is outside /data/loki (the PersistentVolumeClaim)",
            "limits_config.retention_period must be at least 24h (one index period), is 0s",
            "limits_config.discover_service_name must be [] or Loki adds a service_name label to every stream");
  }

  @Test
  void durationsAreReadLikeLoki() {
    assertThat(LokiConfigCheck.duration("168h")).isEqualTo(Duration.ofDays(7));
    assertThat(LokiConfigCheck.duration("1d12h")).isEqualTo(Duration.ofHours(36));
  }
}
