package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/deploy.md names files that exist and the Services and ports the bundle really has. */
class DeployDocTest {
  private static final Path DOC = DeployTree.DEPLOY.resolveSibling("docs").resolve("deploy.md");
  private static Bundle base;
  private static Bundle workloads;

  @BeforeAll
  static void render() throws Exception {
    base = DeployTree.render(DeployTree.DEPLOY);
    workloads = DeployTree.render(DeployTree.overlay("workloads"));
  }

  /** `service:port` cells of the component table that no rendered Service of the base or workloads overlay has. */
  static List<String> wrongServices(String doc) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| ([a-z-]+) \\| [^|]+ \\| `([a-z-]+):(\\d+)`").matcher(doc);
    int rows = 0;
    while (m.find()) {
      rows++;
      String name = m.group(2);
      int port = Integer.parseInt(m.group(3));
      boolean found = java.util.stream.Stream.of(base, workloads).anyMatch(b -> b.named(Service.class, name)
          .map(s -> s.getSpec().getPorts().stream().map(ServicePort::getPort).anyMatch(p -> p == port))
          .orElse(false));
      if (!found || !name.equals(m.group(1))) {
        out.add(m.group(1) + ": " + name + ":" + port + " is not a Service port of the bundle");
      }
    }
    if (rows < 10) {
      out.add("component table has " + rows + " rows, expected one per component");
    }
    return out;
  }

  @Test
  void namedFilesExist() throws Exception {
    String doc = Files.readString(DOC);
    assertThat(HelmValuesTest.missingPaths(doc)).isEmpty();
    Matcher m = Pattern.compile("docs/[a-z-]+\\.md").matcher(doc);
    while (m.find()) {
      assertThat(DOC.resolveSibling(m.group().substring("docs/".length()))).exists();
    }
    assertThat(HelmValuesTest.missingPaths("see deploy/overlays/gpu/kustomization.yaml")).isNotEmpty();
  }

  @Test
  void componentTableMatchesTheRenderedServices() throws Exception {
    String doc = Files.readString(DOC);
    assertThat(wrongServices(doc)).isEmpty();
    assertThat(wrongServices(doc.replace("`loki:3100`", "`loki:3101`"))).containsExactly(
        "loki: loki:3101 is not a Service port of the bundle");
  }
}
