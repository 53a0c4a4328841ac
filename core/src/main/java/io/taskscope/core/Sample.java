package io.taskscope.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One series value. Labels are kept as parallel arrays in the order they are written; the arrays are owned by the
 * sample and never changed after construction.
 */
public final class Sample {
  private final String name;
  private final String[] labelNames;
  private final String[] labelValues;
  private final double value;

  public Sample(String name, String[] labelNames, String[] labelValues, double value) {
    this.name = Objects.requireNonNull(name, "name");
    if (labelNames.length != labelValues.length) {
      throw new IllegalArgumentException("label names and values differ in length for " + name);
    }
    this.labelNames = labelNames;
    this.labelValues = labelValues;
    this.value = value;
  }

  public static Sample of(String name, double value, String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of label name/value strings for " + name);
    }
    String[] names = new String[nameValuePairs.length / 2];
    String[] values = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = nameValuePairs[2 * i];
      values[i] = nameValuePairs[2 * i + 1];
    }
    return new Sample(name, names, values, value);
  }

  public String name() {
    return name;
  }

  public int labelCount() {
    return labelNames.length;
  }

  public String labelName(int i) {
    return labelNames[i];
  }

  public String labelValue(int i) {
    return labelValues[i];
  }

  /** Value of the label {@code labelName}, or null. */
  public String label(String labelName) {
    for (int i = 0; i < labelNames.length; i++) {
      if (labelNames[i].equals(labelName)) {
        return labelValues[i];
      }
    }
    return null;
  }

  public List<String> labelNames() {
    return List.of(labelNames);
  }

  public double value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s
        && name.equals(s.name)
        && Double.compare(value, s.value) == 0
        && Arrays.equals(labelNames, s.labelNames)
        && Arrays.equals(labelValues, s.labelValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(labelNames), Arrays.hashCode(labelValues), value);
  }

  @Override
  public String toString() {
    return TextLines.render(this).trim();
  }
}
