package io.taskscope.demo.sim;

import io.taskscope.core.FamilyBody;
import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricSource;
import io.taskscope.core.MetricType;
import io.taskscope.core.Sample;
import io.taskscope.core.TextLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The families one simulated exporter writes at one step, in declaration order. Every HELP text starts with
 * {@code SIMULATED by taskscope demo} so nobody mistakes the series for real measurements.
 */
final class Families implements MetricSource {
  static final String MARK = "SIMULATED by taskscope demo";

  private final String exporter;
  private final Map<String, Family> families = new LinkedHashMap<>();

  Families(String exporter) {
    this.exporter = exporter;
  }

  /** Declares a family (before its samples); {@code help} says what the real exporter's series means. */
  Family family(String name, MetricType type, String help) {
    Family f = new Family(new FamilyHeader(name, MARK + " (" + exporter + "): " + help, type));
    if (families.putIfAbsent(name, f) != null) {
      throw new IllegalStateException("family declared twice: " + name);
    }
    return f;
  }

  Family get(String name) {
    Family f = families.get(name);
    if (f == null) {
      throw new IllegalArgumentException("undeclared family " + name);
    }
    return f;
  }

  List<FamilyHeader> headers() {
    return families.values().stream().map(f -> f.header).toList();
  }

  /** Every sample of every family, in order (tests). */
  List<Sample> samples() {
    List<Sample> all = new ArrayList<>();
    families.values().forEach(f -> all.addAll(f.samples));
    return all;
  }

  @Override
  public void collect(FamilySink sink) {
    for (Family f : families.values()) {
      sink.family(f.header, f);
    }
  }

  /** One family and its samples; lines are rendered once, when the step builds it. */
  static final class Family implements FamilyBody {
    private final FamilyHeader header;
    private final List<Sample> samples = new ArrayList<>();
    private final StringBuilder lines = new StringBuilder();
    private byte[] rendered;

    private Family(FamilyHeader header) {
      this.header = header;
    }

    /** Adds a sample: label name/value pairs in the order the real exporter writes them. */
    Family add(double value, String... labels) {
      Sample s = Sample.of(header.name(), value, labels);
      samples.add(s);
      TextLines.append(lines, s);
      rendered = null;
      return this;
    }

    @Override
    public boolean isEmpty() {
      return samples.isEmpty();
    }

    @Override
    public synchronized void writeLines(OutputStream out) throws IOException {
      if (rendered == null) {
        rendered = lines.toString().getBytes(StandardCharsets.UTF_8);
      }
      out.write(rendered);
    }

    @Override
    public void forEachSample(Consumer<Sample> visitor) {
      samples.forEach(visitor);
    }
  }
}
