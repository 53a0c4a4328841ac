package io.taskscope.push;

import java.util.Map;

/**
 * The task join: labels to add to the series of a group whose grouping labels name a Sedna worker pod ({@code pod} or
 * {@code instance}, with {@code namespace} when given). The server implements it on the kube module's pod cache; the
 * push module does not depend on Kubernetes. Must be fast and must not block on I/O.
 */
@FunctionalInterface
public interface TaskResolver {
  TaskResolver NONE = grouping -> Map.of();

  /** Labels such as {@code kind}, {@code name}, {@code worker}; empty when the group names no known pod. */
  Map<String, String> labelsFor(Map<String, String> groupingLabels);
}
