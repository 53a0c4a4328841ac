package io.taskscope.kb;

import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.Sample;
import io.taskscope.core.TextLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** One family of a poll, rendered once when the poll builds it; immutable, so scrapes only copy bytes. */
record KbFamily(FamilyHeader header, Body body) {
  static KbFamily of(FamilyHeader header, List<Sample> samples) {
    StringBuilder sb = new StringBuilder(64 * Math.max(1, samples.size()));
    for (Sample s : samples) {
      TextLines.append(sb, s);
    }
    return new KbFamily(header, new Body(sb.toString().getBytes(StandardCharsets.UTF_8), List.copyOf(samples)));
  }

  List<Sample> samples() {
    return body.samples();
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
