package io.taskscope.kube.sedna;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.taskscope.core.RenderedObject;
import io.taskscope.core.Sample;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.ResourceGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Sedna fixtures of the repository's testdata/ and a renderer that records errors. */
final class Fixtures {
  static final CrStateConfig CONFIG = SednaDefaults.config();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private Fixtures() {}

  static Path objectsDir() {
    return io.taskscope.testkit.TestData.path("sedna/objects");
  }

  static Path crdsDir() {
    return io.taskscope.testkit.TestData.path("sedna/crds");
  }

  /** All YAML documents of a file, as plain maps (null documents skipped). */
  static List<Map<String, Object>> read(Path file) {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      List<Map<String, Object>> out = new ArrayList<>();
      var it = YAML.readValues(parser, new TypeReference<Map<String, Object>>() {});
      while (it.hasNext()) {
        Map<String, Object> m = it.next();
        if (m != null && !m.isEmpty()) {
          out.add(m);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> objects(String file) {
    return read(objectsDir().resolve(file));
  }

  /** The first object of a fixture file with the given name. */
  static Map<String, Object> object(String file, String name) {
    return objects(file).stream()
        .filter(o -> name.equals(((Map<?, ?>) o.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + file));
  }

  /** A deep, mutable copy. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> o) {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(o), LinkedHashMap.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Pod pod(String file) {
    return YAML.convertValue(objects(file).get(0), Pod.class);
  }

  static ResourceGenerator generatorFor(Map<String, Object> object) {
    String[] av = ((String) object.get("apiVersion")).split("/");
    String kind = (String) object.get("kind");
    return CONFIG.resources().stream()
        .filter(r -> r.matches(av[0], av[1], kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no resource entry for " + kind));
  }

  record Error(String resource, String metric, String reason) {}

  /** Rendered samples of one object plus the errors reported on the way. */
  record Result(List<Sample> samples, List<Error> errors) {
    List<Sample> named(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Samples of {@code name} whose labels include all given name/value pairs. */
    List<Sample> find(String name, String... pairs) {
      return named(name).stream().filter(s -> has(s, pairs)).toList();
    }

    /** The single value of the series, failing when there is not exactly one. */
    double value(String name, String... pairs) {
      List<Sample> f = find(name, pairs);
      if (f.size() != 1) {
        throw new AssertionError("expected one " + name + Arrays.toString(pairs) + " but found " + f
            + "\nall " + name + ": " + named(name));
      }
      return f.get(0).value();
    }

    List<Error> errorsOf(String metric) {
      return errors.stream().filter(e -> e.metric.equals(metric)).toList();
    }

    String text() {
      return samples.stream().map(Sample::toString).collect(Collectors.joining("\n"));
    }
  }

  static boolean has(Sample s, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(s.label(pairs[i]))) {
        return false;
      }
    }
    return true;
  }

  static Result render(Map<String, Object> object) {
    List<Error> errors = new ArrayList<>();
    RenderedObject r = generatorFor(object).render(object, (res, m, why) -> errors.add(new Error(res, m, why)));
    return new Result(flatten(r), errors);
  }

  static List<Sample> flatten(RenderedObject r) {
    List<Sample> all = new ArrayList<>();
    for (int i = 0; i < r.familyCount(); i++) {
      all.addAll(r.samples(i));
    }
    return all;
  }
}
