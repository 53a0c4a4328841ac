package io.taskscope.crstate;

/** One problem in a config file: where it is ({@code line} is 1-based, 0 when unknown) and what is wrong. */
public record ConfigError(String source, int line, String field, String message) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(source).append(':').append(line).append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
