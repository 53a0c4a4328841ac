package io.taskscope.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * One family rendered once when its source builds it ({@link TextLines} escapes the labels); immutable, so a scrape
 * only copies bytes. For sources that rebuild whole families (knowledge-base polls, forecasts).
 */
public record RenderedFamily(FamilyHeader header, Body body) {
  public static RenderedFamily of(FamilyHeader header, List<Sample> samples) {
    StringBuilder sb = new StringBuilder(64 * Math.max(1, samples.size()));
    for (Sample s : samples) {
      TextLines.append(sb, s);
    }
    return new RenderedFamily(header, new Body(sb.toString().getBytes(StandardCharsets.UTF_8),
        List.copyOf(samples)));
  }

  public List<Sample> samples() {
    return body.samples();
  }

  /** The family's text lines and the samples they were rendered from. */
  public record Body(byte[] lines, List<Sample> samples) implements FamilyBody {
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
