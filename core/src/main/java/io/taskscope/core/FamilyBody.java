package io.taskscope.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/** The samples of one family as a source holds them: pre-rendered lines for text scrapes, samples for the rest. */
public interface FamilyBody {
  /** True when the family has no sample right now. */
  boolean isEmpty();

  /** Writes the sample lines (already rendered) to {@code out}. */
  void writeLines(OutputStream out) throws IOException;

  /** Visits each sample, for formats that are not line based (protobuf) and for tests. */
  void forEachSample(Consumer<Sample> visitor);

  /**
   * Visits independent pieces of this body, each holding whole metrics (every sample of a histogram in one piece), so
   * that a format built from objects (protobuf) can convert one piece at a time instead of the whole family at once.
   * By default the body is one piece.
   */
  default void forEachPart(Consumer<FamilyBody> part) {
    part.accept(this);
  }
}
