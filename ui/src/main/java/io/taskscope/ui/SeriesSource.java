package io.taskscope.ui;

import io.taskscope.core.Sample;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * TaskScope's own current series, read in-process (the server hands over the samples its {@code /metrics} sources
 * hold, without rendering and re-parsing text). {@code family} is asked first with each family's name, so that a
 * large family nobody charts (a push hub's) is never visited.
 */
@FunctionalInterface
public interface SeriesSource {
  SeriesSource NONE = (family, sink) -> {};

  void collect(Predicate<String> family, Consumer<Sample> sink);
}
