package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.push.PushConfig;
import io.taskscope.push.Tenancy;
import io.taskscope.server.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TaskScope configs the bundle mounts load as {@code taskscope serve --config} loads them (ServeConfig, unknown
 * keys are errors), and the tenancy example of the pipelines overlay is valid once switched on.
 */
class TaskScopeConfigTest {
  @TempDir
  Path tmp;

  @Test
  void baseConfigLoads() throws Exception {
    ServeConfig c = ServeConfig.load(DeployTree.resolve("taskscope/taskscope.yaml"));
    assertThat(c.port()).isEqualTo(9470);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.sednaDefaults()).isTrue();
    assertThat(c.kubernetes().kubeconfig()).as("in-cluster: the pod's service account").isNull();
    assertThat(c.crstateFiles()).isEmpty();
  }

  @Test
  void workloadsConfigRunsTheKnowledgeGraphIntoTheEmbeddedMetadataService() throws Exception {
    ServeConfig c = ServeConfig.load(DeployTree.overlay("workloads").resolve("taskscope-workloads.yaml"));
    assertThat(c.kg()).isNotNull();
    assertThat(c.kg().runsMetadataService()).isTrue();
    assertThat(c.kg().target()).isEqualTo("embedded");
    assertThat(c.kg().prometheusUrl()).isEqualTo("http://prometheus.taskscope:9090");
    assertThat(ServeConfig.load(DeployTree.resolve("taskscope/taskscope.yaml")).kg()).as("base: no graph").isNull();
  }

  @Test
  void pipelinesConfigLoadsAndItsTenantsAreValidWhenEnabled() throws Exception {
    ServeConfig c = ServeConfig.load(DeployTree.overlay("pipelines").resolve("taskscope-pipelines.yaml"));
    assertThat(c.port()).isEqualTo(9470);
    PushConfig push = c.push();
    assertThat(io.taskscope.core.config.ConfigDuration.parse(push.defaultTtl(), "defaultTtl").toMillis()).isEqualTo(7L * 24 * 3600 * 1000);
    PushConfig.TenancyConfig t = push.tenancy();
    assertThat(t.enabled()).as("off until real token hashes are set").isFalse();
    Tenancy on = Tenancy.of(new PushConfig.TenancyConfig(true, t.adminTokenSha256(), t.tenants()));
    assertThat(on.enabled()).isTrue();
    assertThat(t.tenants()).extracting(PushConfig.TenantConfig::name).containsExactly("team-a", "team-b");
  }

  @Test
  void brokenConfigsAreRejected() throws Exception {
    String base = Files.readString(DeployTree.resolve("taskscope/taskscope.yaml"));
    Path typo = Files.writeString(tmp.resolve("typo.yaml"), base.replace("sednaDefaults:", "sednaDefault:"));
    assertThatThrownBy(() -> ServeConfig.load(typo)).hasMessageContaining("sednaDefault");
    Path badPort = Files.writeString(tmp.resolve("port.yaml"), base.replace("port: 9470", "port: http"));
    assertThatThrownBy(() -> ServeConfig.load(badPort)).isInstanceOf(Exception.class);
    String pipelines = Files.readString(DeployTree.overlay("pipelines").resolve("taskscope-pipelines.yaml"));
    Path badHash = Files.writeString(tmp.resolve("hash.yaml"),
        pipelines.replaceFirst("tokenSha256: [0-9a-f]{64}", "tokenSha256: team-a-example-token"));
    PushConfig.TenancyConfig t = ServeConfig.load(badHash).push().tenancy();
    assertThatThrownBy(() -> Tenancy.of(new PushConfig.TenancyConfig(true, t.adminTokenSha256(), t.tenants())))
        .hasMessageContaining("tokenSha256");
  }
}
