package io.taskscope.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The families of one Kubernetes object, rendered once when the object changes (as kube-state-metrics does), so that a
 * scrape only copies bytes. Family {@code i} belongs to header {@code i} of the store that holds the object.
 */
public final class RenderedObject {
  private static final byte[] NO_LINES = new byte[0];

  private final byte[][] lines;
  private final List<List<Sample>> samples;

  private RenderedObject(byte[][] lines, List<List<Sample>> samples) {
    this.lines = lines;
    this.samples = samples;
  }

  public static RenderedObject of(List<List<Sample>> samplesPerFamily) {
    byte[][] lines = new byte[samplesPerFamily.size()][];
    List<List<Sample>> frozen = new ArrayList<>(samplesPerFamily.size());
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < lines.length; i++) {
      List<Sample> family = samplesPerFamily.get(i);
      if (family == null || family.isEmpty()) {
        lines[i] = NO_LINES;
        frozen.add(List.of());
        continue;
      }
      sb.setLength(0);
      for (Sample s : family) {
        TextLines.append(sb, s);
      }
      lines[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
      frozen.add(Collections.unmodifiableList(new ArrayList<>(family)));
    }
    return new RenderedObject(lines, Collections.unmodifiableList(frozen));
  }

  public int familyCount() {
    return lines.length;
  }

  /** The rendered lines of family {@code i}; empty when the object has no sample in it. Do not modify. */
  public byte[] lines(int i) {
    return lines[i];
  }

  public List<Sample> samples(int i) {
    return samples.get(i);
  }

  public int sampleCount() {
    int n = 0;
    for (List<Sample> s : samples) {
      n += s.size();
    }
    return n;
  }
}
