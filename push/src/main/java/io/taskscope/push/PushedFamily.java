package io.taskscope.push;

import java.util.List;
import java.util.Objects;

/**
 * One metric family of a push, as parsed from the body. {@code help} is null when the body had no HELP line (then no
 * HELP is shown for it in the JSON API, as in Pushgateway).
 */
public record PushedFamily(String name, String help, PushType type, List<PushedMetric> metrics) {
  public PushedFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    metrics = List.copyOf(metrics);
  }

  public String helpOrEmpty() {
    return help == null ? "" : help;
  }

  public PushedFamily withMetrics(List<PushedMetric> m) {
    return new PushedFamily(name, help, type, m);
  }
}
