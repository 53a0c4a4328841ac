package io.taskscope.crstate;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found in the config files, not just the first one. {@link #getMessage()} lists them one per line. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
