package io.taskscope.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Files of deploy/manifests and the overlays are all used: each is listed by its kustomization, except the promtail
 * sidecar example, which users apply in their own namespace and which is checked here on its own.
 */
class StandaloneManifestsTest {
  private static final String SIDECAR = "promtail-sidecar-example.yaml";

  @Test
  void everyManifestIsPartOfTheBaseOrTheSidecarExample() throws Exception {
    JsonNode k = Bundle.YAML.readTree(DeployTree.resolve("manifests/kustomization.yaml").toFile());
    Set<String> listed = new TreeSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> files = new TreeSet<>(DeployTree.files("manifests", ".yaml"));
    files.removeAll(Set.of("kustomization.yaml", SIDECAR));
    assertThat(listed).isEqualTo(files);
  }

  @Test
  void everyOverlayFileIsUsedByItsKustomization() throws Exception {
    for (String o : DeployTree.OVERLAYS) {
      Path dir = DeployTree.overlay(o);
      String k = Files.readString(dir.resolve("kustomization.yaml"));
      try (var s = Files.list(dir)) {
        for (Path f : s.toList()) {
          String name = f.getFileName().toString();
          if (!name.equals("kustomization.yaml")) {
            assertThat(k).as(o + " uses " + name).containsPattern("(?m)(- |path: |=)" + Pattern.quote(name) + "$");
          }
        }
      }
    }
  }

  @Test
  void promtailSidecarExampleFeedsEveryVariableItsConfigReads() throws Exception {
    Bundle b = Bundle.parse(Files.readString(DeployTree.resolve("manifests/" + SIDECAR)));
    List<String> problems = new ArrayList<>();
    for (var check : List.<BrokenBundleTest.Check>of(BundleChecks::typedKinds, BundleChecks::unknownFields,
        BundleChecks::resources, BundleChecks::probes, BundleChecks::volumes)) {
      problems.addAll(check.run(b));
    }
    assertThat(problems).isEmpty();
    PodTemplateSpec t = b.require(Deployment.class, "promtail-sidecar-example").getSpec().getTemplate();
    Container promtail = t.getSpec().getContainers().stream().filter(c -> c.getName().equals("promtail"))
        .findFirst().orElseThrow();
    // the config file is the one deploy/promtail ships, mounted from the ConfigMap users create from it
    String flag = "-config.file=";
    Path configPath = Path.of(promtail.getArgs().stream().filter(a -> a.startsWith(flag)).findFirst().orElseThrow()
        .substring(flag.length()));
    String configFile = configPath.getFileName().toString();
    Path shipped = DeployTree.resolve("promtail/" + configFile);
    assertThat(shipped).exists();
    VolumeMount configMount = mount(promtail, configPath.getParent().toString());
    assertThat(BundleChecks.volumesOf(t).stream().filter(v -> v.getName().equals(configMount.getName()))
        .findFirst().orElseThrow().getConfigMap().getName()).isEqualTo("promtail-sidecar");
    assertThat(promtail.getArgs()).contains("-config.expand-env=true");
    // every ${VAR} the config reads without a default is set on the sidecar
    String config = Files.readString(shipped);
    Set<String> needed = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:-[^}]*)?}").matcher(config.lines()
        .filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n")));
    while (m.find()) {
      if (m.group(2) == null) {
        needed.add(m.group(1));
      }
    }
    assertThat(needed).isNotEmpty();
    assertThat(promtail.getEnv()).extracting(EnvVar::getName).containsAll(needed);
    // the files promtail reads and its positions file are on the volume the worker writes to
    JsonNode tree = Bundle.YAML.readTree(config);
    String glob = tree.path("scrape_configs").get(0).path("static_configs").get(0).path("labels").path("__path__")
        .asText();
    String logDir = Path.of(glob).getParent().toString();
    VolumeMount shared = mount(promtail, logDir);
    Container worker = t.getSpec().getContainers().stream().filter(c -> !c.getName().equals("promtail"))
        .findFirst().orElseThrow();
    assertThat(mount(worker, logDir).getName()).isEqualTo(shared.getName());
    assertThat(Path.of(tree.path("positions").path("filename").asText()).getParent().toString()).isEqualTo(logDir);
  }

  private static VolumeMount mount(Container c, String path) {
    return BundleChecks.mounts(c).stream().filter(v -> v.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
  }
}
