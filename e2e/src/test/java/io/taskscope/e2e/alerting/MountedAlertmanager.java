package io.taskscope.e2e.alerting;

import io.taskscope.e2e.DemoStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * deploy/alertmanager laid out under a temporary root as the bundle mounts it, so the absolute template and secret
 * paths in alertmanager.yml resolve; optionally with some text of the config replaced (e.g. receiver URLs).
 */
final class MountedAlertmanager {
  static final String CONFIG = "/etc/alertmanager/alertmanager.yml";
  static final String TEMPLATES = "/etc/alertmanager/templates";
  static final String PAGERDUTY_KEY = "/etc/alertmanager/secrets/pagerduty-routing-key";
  static final String AMTOOL = "/usr/bin/amtool";

  private MountedAlertmanager() {}

  static Path shippedConfig() {
    return DemoStack.repoRoot().resolve("deploy/alertmanager/alertmanager.yml");
  }

  static List<Path> shippedTemplates() throws IOException {
    try (var s = Files.list(DemoStack.repoRoot().resolve("deploy/alertmanager/templates"))) {
      return s.filter(f -> f.toString().endsWith(".tmpl")).sorted().toList();
    }
  }

  /**
   * Lays out {@code config} (each key of {@code replace} must occur in it and is replaced by its value) and the
   * templates under {@code root}; returns the config file.
   */
  static Path lay(Path root, Path config, List<Path> templates, Map<String, String> replace) throws IOException {
    Path dir = Files.createDirectories(MountedPrometheus.under(root, TEMPLATES));
    for (Path t : templates) {
      Files.copy(t, dir.resolve(t.getFileName()));
    }
    String text = Files.readString(config);
    for (Map.Entry<String, String> r : replace.entrySet()) {
      if (!text.contains(r.getKey())) {
        throw new IllegalStateException(config + " no longer contains " + r.getKey());
      }
      text = text.replace(r.getKey(), r.getValue());
    }
    text = text.replace("/etc/alertmanager/", MountedPrometheus.under(root, "/etc/alertmanager/") + "/");
    Path out = MountedPrometheus.under(root, CONFIG);
    Files.writeString(out, text);
    return out;
  }

  /** The check CI runs: Debian's {@code amtool check-config} on the laid-out config (templates parsed too). */
  static Tool check(Path root, Path config, List<Path> templates) throws Exception {
    return Tool.run(AMTOOL, "check-config", lay(root, config, templates, Map.of()).toString());
  }
}
