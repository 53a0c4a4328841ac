package io.taskscope.kube.sedna;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.taskscope.sdk.SednaNames;
import io.taskscope.sdk.SednaNames.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped crstate config and the upstream CRDs (testdata) spell Sedna's names as {@link SednaNames} does: group,
 * version, kinds and plurals, and the StateSet lists of condition types, phases and stages.
 */
class SednaNamesYamlTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> resources() throws IOException {
    Map<String, Object> doc = new YAMLMapper().readValue(SednaDefaults.yaml(), Map.class);
    return (List<Map<String, Object>>) ((Map<String, Object>) doc.get("spec")).get("resources");
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      o = o == null ? null : ((Map<String, Object>) o).get(p);
    }
    return (T) o;
  }

  @Test
  void shippedConfigHasOneResourcePerKindWithTheGroupAndVersion() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Map<String, Object> r : resources()) {
      String kind = at(r, "groupVersionKind", "kind");
      kinds.add(kind);
      assertThat((String) at(r, "groupVersionKind", "group")).as(kind).isEqualTo(SednaNames.GROUP);
      assertThat((String) at(r, "groupVersionKind", "version")).as(kind).isEqualTo(SednaNames.VERSION);
      assertThat((String) at(r, "commonLabels", "kind")).as(kind).isEqualTo(kind);
      assertThat((String) at(r, "metricNamePrefix")).as(kind).isEqualTo(SednaNames.JOB);
    }
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(SednaNames.crKinds());
  }

  @Test
  @SuppressWarnings("unchecked")
  void stateSetListsAreTheKindsConditionTypesPhasesAndStages() throws IOException {
    for (Map<String, Object> r : resources()) {
      Kind kind = Kind.of(at(r, "groupVersionKind", "kind")).orElseThrow();
      List<Object> conditions = null;
      List<Object> phases = null;
      List<Object> stages = null;
      for (Map<String, Object> m : (List<Map<String, Object>>) r.get("metrics")) {
        List<Object> list = at(m, "each", "stateSet", "list");
        switch ((String) m.get("name")) {
          case "task_condition" -> conditions = list;
          case "task_status_phase" -> phases = list;
          case "task_learning_stage" -> stages = list;
          default -> assertThat(list).as(kind + " " + m.get("name") + ": a StateSet this test does not know")
              .isNull();
        }
      }
      assertThat(conditions == null ? List.of() : conditions).as(kind + " condition types")
          .isEqualTo(kind.conditionTypes);
      assertThat(phases == null ? List.of() : phases).as(kind + " phases").isEqualTo(kind.phases);
      assertThat(stages == null ? List.of() : stages).as(kind + " stages")
          .isEqualTo(kind.staged ? SednaNames.TASK_STAGES : List.of());
    }
  }

  @Test
  void upstreamCrdsHaveTheKindsPluralsGroupAndVersion() throws IOException {
    List<String> seen = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.crdsDir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        Map<String, Object> crd = Fixtures.read(f).get(0);
        String kindName = at(crd, "spec", "names", "kind");
        Kind kind = Kind.of(kindName).orElseThrow(() -> new AssertionError("unknown kind " + kindName));
        assertThat(kind.kind).isEqualTo(kindName);
        assertThat((String) at(crd, "spec", "names", "plural")).isEqualTo(kind.plural);
        assertThat((String) at(crd, "spec", "group")).isEqualTo(SednaNames.GROUP);
        assertThat((String) at(crd, "spec", "scope")).isEqualTo("Namespaced");
        assertThat(f.getFileName().toString()).isEqualTo(SednaNames.GROUP + "_" + kind.plural + ".yaml");
        List<Map<String, Object>> versions = at(crd, "spec", "versions");
        assertThat(versions.stream().map(v -> v.get("name")).toList()).containsExactly(SednaNames.VERSION);
        seen.add(kindName);
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(SednaNames.crKinds());
  }

  @Test
  void lowerCaseKindsOfLabelKeysMapBack() {
    assertThat(TaskRef.kindForLower("jointinferenceservice")).isEqualTo("JointInferenceService");
    assertThat(TaskRef.kindForLower("JointInferenceService")).isEqualTo("JointInferenceService");
    assertThat(TaskRef.kindForLower("deployment")).isNull();
    assertThat(TaskRef.kindForLower(null)).isNull();
    assertThat(Arrays.stream(Kind.values()).map(Kind::labelPrefix))
        .contains("jointinferenceservice.sedna.io/", "reidjob.sedna.io/");
  }
}
