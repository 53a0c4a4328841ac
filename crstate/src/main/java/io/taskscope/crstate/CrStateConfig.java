package io.taskscope.crstate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled CustomResourceStateMetrics configuration: the resources to watch, each with its metric generators.
 * Immutable. Accepts the YAML kube-state-metrics reads ({@code kind: CustomResourceStateMetrics}, {@code spec.resources})
 * as well as that same document wrapped in a TaskScope file, a ConfigMap's {@code data} or a multi-document stream.
 */
public final class CrStateConfig {
  private final List<ResourceGenerator> resources;

  private CrStateConfig(List<ResourceGenerator> resources) {
    this.resources = List.copyOf(resources);
  }

  /** Loads and compiles every file; the exception carries the errors of all files. */
  public static CrStateConfig load(List<Path> files) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    List<ResourceGenerator> all = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        errors.add(new ConfigError(f.toString(), 0, "", "cannot read: " + e.getMessage()));
        continue;
      }
      all.addAll(ConfigParser.parse(f.toString(), text, errors));
    }
    checkDuplicates(all, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new CrStateConfig(all);
  }

  public static CrStateConfig parse(String sourceName, String yaml) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    List<ResourceGenerator> all = ConfigParser.parse(sourceName, yaml, errors);
    checkDuplicates(all, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new CrStateConfig(all);
  }

  /** Joins configs; a resource configured in two parts is an error, as in kube-state-metrics. */
  public static CrStateConfig merge(List<CrStateConfig> parts) throws ConfigException {
    List<ResourceGenerator> all = new ArrayList<>();
    for (CrStateConfig p : parts) {
      all.addAll(p.resources);
    }
    List<ConfigError> errors = new ArrayList<>();
    checkDuplicates(all, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new CrStateConfig(all);
  }

  public List<ResourceGenerator> resources() {
    return resources;
  }

  /** The resources whose group/version/kind cover the object's; usually zero or one. */
  public List<ResourceGenerator> resourcesFor(Map<String, Object> object) {
    List<ResourceGenerator> out = new ArrayList<>(1);
    for (ResourceGenerator r : resources) {
      if (r.matches(object)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * kube-state-metrics exits when one resource is configured twice, including the same group and kind under another
   * version; with wildcards, two entries conflict when they can cover the same kind.
   */
  private static void checkDuplicates(List<ResourceGenerator> all, List<ConfigError> errors) {
    for (int i = 0; i < all.size(); i++) {
      ResourceGenerator a = all.get(i);
      for (int j = 0; j < i; j++) {
        ResourceGenerator b = all.get(j);
        boolean kindsOverlap = ResourceGenerator.isWildcard(a.kind()) || ResourceGenerator.isWildcard(b.kind())
            || a.kind().equals(b.kind());
        if (a.group().equals(b.group()) && kindsOverlap) {
          errors.add(new ConfigError(a.source, a.line, a.field + ".groupVersionKind",
              "resource " + a.group() + "/" + a.version() + "/" + a.kind() + " is already configured at " + b.source
                  + ":" + b.line + " (" + b.group() + "/" + b.version() + "/" + b.kind()
                  + "); kube-state-metrics refuses duplicate resources"));
          break;
        }
      }
    }
  }
}
