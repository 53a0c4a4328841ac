package io.taskscope.kube.sedna;

import io.taskscope.crstate.ConfigException;
import io.taskscope.crstate.CrStateConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * TaskScope's shipped CustomResourceStateMetrics config for the 11 Sedna CRD kinds
 * ({@code io/taskscope/kube/sedna/sedna-crstate.yaml} on the class path). See {@code docs/metrics.md}.
 */
public final class SednaDefaults {
  /** Source name used for the shipped config in error messages. */
  public static final String SOURCE_NAME = "sedna-crstate.yaml";
  /** Class-path location of the shipped config. */
  public static final String RESOURCE = "/io/taskscope/kube/sedna/" + SOURCE_NAME;

  private SednaDefaults() {}

  /** The YAML text of the shipped config. */
  public static String yaml() {
    try (InputStream in = SednaDefaults.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped config, compiled. It is tested to compile without errors, so a failure here is a build defect. */
  public static CrStateConfig config() {
    try {
      return CrStateConfig.parse(SOURCE_NAME, yaml());
    } catch (ConfigException e) {
      throw new IllegalStateException("shipped " + SOURCE_NAME + " does not compile:\n" + e.getMessage(), e);
    }
  }
}
