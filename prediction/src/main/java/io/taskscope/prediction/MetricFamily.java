package io.taskscope.prediction;

import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.Sample;
import io.taskscope.core.TextLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** One family rendered once (core's {@link TextLines} escapes the labels); immutable, so a scrape only copies bytes. */
record MetricFamily(FamilyHeader header, Body body) {
  static MetricFamily of(FamilyHeader header, List<Sample> samples) {
    StringBuilder sb = new StringBuilder(64 * Math.max(1, samples.size()));
    for (Sample s : samples) {
      TextLines.append(sb, s);
    }
    return new MetricFamily(header, new Body(sb.toString().getBytes(StandardCharsets.UTF_8), List.copyOf(samples)));
  }

  record Body(byte[] lines, List<Sample> samples) implements FamilyBody {
    @Override
    public boolean isEmpty() {
      return samples.isEmpty();
    }

    @Override
    public void writeLines(OutputStream out) throws IOException {
      out.write(lines);
    }

    @Override
    public void forEachSample(Consumer<Sample> visitor) {
      samples.forEach(visitor);
    }
  }
}
