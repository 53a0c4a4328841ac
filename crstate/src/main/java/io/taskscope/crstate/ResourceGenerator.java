package io.taskscope.crstate;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiled metrics of one {@code spec.resources[]} entry. Immutable and thread safe: {@link #render} keeps its
 * state on the stack.
 */
public final class ResourceGenerator {
  private final String group;
  private final String version;
  private final String kind;
  private final List<CompiledFamily> families;
  private final List<FamilyHeader> headers;
  // where the entry was declared, for duplicate checks across files
  final String source;
  final int line;
  final String field;

  ResourceGenerator(
      String group, String version, String kind, List<CompiledFamily> families, String source, int line,
      String field) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.families = List.copyOf(families);
    List<FamilyHeader> h = new ArrayList<>(families.size());
    for (CompiledFamily f : families) {
      h.add(f.header);
    }
    this.headers = List.copyOf(h);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** The configured group. */
  public String group() {
    return group;
  }

  /** The configured version, {@code *} for every version. */
  public String version() {
    return version;
  }

  /** The configured kind, {@code *} for every kind of the group (and version). */
  public String kind() {
    return kind;
  }

  static boolean isWildcard(String s) {
    return s.isEmpty() || s.equals("*");
  }

  public boolean isWildcard() {
    return isWildcard(version) || isWildcard(kind);
  }

  public boolean matches(String group, String version, String kind) {
    return this.group.equals(group)
        && (isWildcard(this.version) || this.version.equals(version))
        && (isWildcard(this.kind) || this.kind.equals(kind));
  }

  /** True when the object's apiVersion and kind are covered by this resource. */
  public boolean matches(Map<String, Object> object) {
    String[] gvk = gvkOf(object);
    return gvk != null && matches(gvk[0], gvk[1], gvk[2]);
  }

  /** One header per configured metric, in config order; duplicate names are kept. */
  public List<FamilyHeader> headers() {
    return headers;
  }

  /**
   * Renders one object: family {@code i} holds the samples of metric {@code i}. Never throws; failures go to
   * {@code errors}.
   */
  public RenderedObject render(Map<String, Object> object, RenderErrors errors) {
    RenderErrors sink = errors == null ? RenderErrors.IGNORE : errors;
    String[] actual = object == null ? null : gvkOf(object);
    String[] gvk = {
      group,
      isWildcard(version) && actual != null ? actual[1] : version,
      isWildcard(kind) && actual != null ? actual[2] : kind
    };
    String resource = gvk[0] + "/" + gvk[1] + "/" + gvk[2];
    List<List<Sample>> out = new ArrayList<>(families.size());
    for (CompiledFamily f : families) {
      out.add(object == null ? List.of() : f.render(object, gvk, resource, sink));
    }
    return RenderedObject.of(out);
  }

  /** {@code [group, version, kind]} from {@code apiVersion} and {@code kind}, or null. */
  static String[] gvkOf(Map<String, Object> object) {
    if (!(object.get("apiVersion") instanceof String av) || !(object.get("kind") instanceof String k)) {
      return null;
    }
    int slash = av.lastIndexOf('/');
    return slash < 0 ? new String[] {"", av, k} : new String[] {av.substring(0, slash), av.substring(slash + 1), k};
  }

  @Override
  public String toString() {
    return group + "/" + version + "/" + kind + " " + headers.stream().map(FamilyHeader::name).toList();
  }
}
