package io.taskscope.crstate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskscope.core.RenderedObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Offline rendering, for {@code taskscope render} and for tests. */
public final class CrStateRenderer {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrStateRenderer() {}

  /**
   * Prometheus text 0.0.4 exactly as kube-state-metrics would serve it for these objects: resources in config order
   * (a wildcard resource as one writer per concrete group/version/kind, sorted), objects in the given order, headers
   * following {@link KsmTextHeaders}. Objects of kinds the config does not cover are ignored.
   */
  public static String renderText(CrStateConfig config, List<Map<String, Object>> objects, RenderErrors errors) {
    return render(config, objects, errors, false);
  }

  /** The same in OpenMetrics' header words (TYPE info/stateset kept), without the {@code # EOF} line. */
  public static String renderOpenMetricsBody(
      CrStateConfig config, List<Map<String, Object>> objects, RenderErrors errors) {
    return render(config, objects, errors, true);
  }

  private static String render(
      CrStateConfig config, List<Map<String, Object>> objects, RenderErrors errors, boolean openMetrics) {
    List<KsmTextHeaders.Writer> writers = new ArrayList<>();
    List<List<RenderedObject>> rendered = new ArrayList<>();
    for (ResourceGenerator r : config.resources()) {
      if (!r.isWildcard()) {
        List<RenderedObject> objs = new ArrayList<>();
        for (Map<String, Object> o : objects) {
          if (o != null && r.matches(o)) {
            objs.add(r.render(o, errors));
          }
        }
        writers.add(new KsmTextHeaders.Writer(r.headers(), !objs.isEmpty()));
        rendered.add(objs);
      } else {
        TreeMap<String, List<RenderedObject>> byGvk = new TreeMap<>();
        for (Map<String, Object> o : objects) {
          if (o != null && r.matches(o)) {
            String[] g = ResourceGenerator.gvkOf(o);
            byGvk.computeIfAbsent(g[1] + "/" + g[2], k -> new ArrayList<>()).add(r.render(o, errors));
          }
        }
        for (List<RenderedObject> objs : byGvk.values()) {
          writers.add(new KsmTextHeaders.Writer(r.headers(), true));
          rendered.add(objs);
        }
      }
    }
    List<String[]> plan = KsmTextHeaders.plan(writers, openMetrics);
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < writers.size(); w++) {
      String[] headers = plan.get(w);
      for (int i = 0; i < headers.length; i++) {
        sb.append(headers[i]);
        for (RenderedObject ro : rendered.get(w)) {
          sb.append(new String(ro.lines(i), StandardCharsets.UTF_8));
        }
      }
    }
    return sb.toString();
  }

  /** Reads every document of a YAML file as an object; {@code kind: List} (or any {@code *List}) yields its items. */
  public static List<Map<String, Object>> readObjects(Path yamlFile) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yamlFile.toFile())) {
      while (it.hasNextValue()) {
        add(it.nextValue(), out);
      }
    } catch (RuntimeException e) {
      throw new IOException(yamlFile + ": " + e.getMessage(), e);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void add(Object doc, List<Map<String, Object>> out) {
    if (!(doc instanceof Map<?, ?> m)) {
      return;
    }
    Object kind = m.get("kind");
    if (kind instanceof String k && k.endsWith("List") && m.get("items") instanceof List<?> items) {
      for (Object item : items) {
        add(item, out);
      }
      return;
    }
    out.add((Map<String, Object>) m);
  }
}
