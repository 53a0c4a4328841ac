package io.taskscope.crstate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskscope.core.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class TestSupport {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TestSupport() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String yaml) {
    try {
      return YAML.readValue(yaml, Map.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static CrStateConfig config(String yaml) {
    try {
      return CrStateConfig.parse("test.yaml", yaml);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** Every sample of every family of the first resource, rendered from one object. */
  static List<Sample> samples(CrStateConfig config, Map<String, Object> object, RenderErrors errors) {
    ResourceGenerator r = config.resources().get(0);
    var rendered = r.render(object, errors);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < rendered.familyCount(); i++) {
      out.addAll(rendered.samples(i));
    }
    return out;
  }

  static List<Sample> samples(String configYaml, Map<String, Object> object) {
    return samples(config(configYaml), object, RenderErrors.IGNORE);
  }

  static List<String> lines(List<Sample> samples) {
    return samples.stream().map(Sample::toString).toList();
  }

  /** A config with one resource (myteam.io/v1 Foo) and the given metrics block (indented at 6 spaces). */
  static String fooConfig(String metrics) {
    return """
        kind: CustomResourceStateMetrics
        spec:
          resources:
            - groupVersionKind:
                group: myteam.io
                kind: "Foo"
                version: "v1"
              metrics:
        """ + metrics.stripIndent().indent(8);
  }

  /** The repository's testdata/ folder. */
  static Path testdata() {
    return io.taskscope.testkit.TestData.root();
  }

  /**
   * The custom resource of the kube-state-metrics documentation. The doc writes its apiVersion as
   * {@code myteam.io/vl} (a typo of v1, since every config there watches v1); here it is v1 so that the configs match.
   */
  static final String FOO = """
      kind: Foo
      apiVersion: myteam.io/v1
      metadata:
          annotations:
              bar: baz
              qux: quxx
          labels:
              foo: bar
          name: foo
      spec:
          version: v1.2.3
          order:
              - id: 1
                value: true
              - id: 3
                value: false
          replicas: 1
          refs:
              - my_other_foo
              - foo_2
              - foo_with_extensions
      status:
          phase: Pending
          active:
              type-a: 1
              type-b: 3
          conditions:
              - name: a
                value: 45
              - name: b
                value: 66
          sub:
              type-a:
                  active: 1
                  ready: 2
              type-b:
                  active: 3
                  ready: 4
          uptime: 43.21
      """;

  static Map<String, Object> foo() {
    return object(FOO);
  }
}
