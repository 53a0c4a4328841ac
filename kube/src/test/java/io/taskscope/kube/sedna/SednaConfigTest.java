package io.taskscope.kube.sedna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.ResourceGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SednaConfigTest {
  @Test
  void shippedConfigCompilesWithoutErrors() {
    assertThatCode(() -> CrStateConfig.parse(SednaDefaults.SOURCE_NAME, SednaDefaults.yaml()))
        .doesNotThrowAnyException();
    assertThat(SednaDefaults.config().resources()).hasSize(11);
  }

  @Test
  void everyCrdKindHasAResourceEntry() throws IOException {
    Set<String> crdKinds = new TreeSet<>();
    try (Stream<Path> files = Files.list(Fixtures.crdsDir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Map<String, Object> crd = Fixtures.read(f).get(0);
        Map<?, ?> spec = (Map<?, ?>) crd.get("spec");
        String group = (String) spec.get("group");
        String kind = (String) ((Map<?, ?>) spec.get("names")).get("kind");
        crdKinds.add(kind);
        for (Object v : (List<?>) spec.get("versions")) {
          String version = (String) ((Map<?, ?>) v).get("name");
          assertThat(SednaDefaults.config().resources())
              .as("resource entry for %s/%s/%s", group, version, kind)
              .anyMatch(r -> r.matches(group, version, kind));
        }
      }
    }
    assertThat(crdKinds).hasSize(11).containsExactlyInAnyOrderElementsOf(TaskRef.CR_KINDS);
  }

  @Test
  void familyNamesFollowTheNamingRules() {
    for (ResourceGenerator r : SednaDefaults.config().resources()) {
      for (FamilyHeader h : r.headers()) {
        assertThat(h.name()).as(r.kind()).matches("sedna_[a-z0-9_]+");
        assertThat(h.help()).as(h.name()).isNotBlank();
        if (h.type() == MetricType.INFO) {
          assertThat(h.name()).endsWith("_info");
        }
        if (h.name().contains("time")) {
          assertThat(h.name()).as("times are in seconds").endsWith("_seconds");
        }
        assertThat(h.name()).as("gauges must not use reserved suffixes").doesNotEndWith("_count")
            .doesNotEndWith("_total").doesNotEndWith("_sum").doesNotEndWith("_bucket");
      }
    }
  }

  @Test
  void everyTaskKindHasConditionAndStartTimeFamilies() {
    for (ResourceGenerator r : SednaDefaults.config().resources()) {
      if (r.kind().equals("Dataset") || r.kind().equals("Model")) {
        continue;
      }
      List<String> names = r.headers().stream().map(FamilyHeader::name).toList();
      assertThat(names).as(r.kind()).contains(
          "sedna_task_stage_condition_status", "sedna_task_condition", "sedna_task_start_time_seconds",
          "sedna_task_last_condition_time_seconds", "sedna_task_last_condition_info");
    }
  }

  @Test
  void sharedFamilyNamesHaveOneTypeAcrossKinds() {
    Map<String, MetricType> seen = new java.util.HashMap<>();
    for (ResourceGenerator r : SednaDefaults.config().resources()) {
      for (FamilyHeader h : r.headers()) {
        MetricType before = seen.putIfAbsent(h.name(), h.type());
        assertThat(before == null || before == h.type()).as(h.name()).isTrue();
      }
    }
  }
}
