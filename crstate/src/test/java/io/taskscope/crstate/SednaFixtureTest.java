package io.taskscope.crstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.core.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Sedna-style config over the Sedna objects in {@code testdata/sedna/objects}. */
class SednaFixtureTest {
  private static final String CFG = """
      kind: CustomResourceStateMetrics
      spec:
        resources:
          - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: IncrementalLearningJob}
            metricNamePrefix: sedna
            labelsFromPath:
              namespace: [metadata, namespace]
              name: [metadata, name]
            commonLabels: {kind: IncrementalLearningJob}
            metrics:
              - name: incrementallearningjob_condition
                help: Current condition (the last status.conditions entry) of the job.
                each:
                  type: StateSet
                  stateSet:
                    path: [status, conditions, "-1"]
                    valueFrom: [type]
                    labelName: condition
                    list: [Waiting, Ready, Starting, Running, Completed, Failed]
                    labelsFromPath:
                      stage: [stage]
              - name: incrementallearningjob_trained_model_info
                help: First model reported by the last completed training.
                each:
                  type: Info
                  info:
                    labelsFromPath:
                      url: [status, conditions, "[type=Completed]", data, "@json", output, models, "0", url]
                      format: [status, conditions, "[type=Completed]", data, "@json", output, models, "0", format]
              - name: incrementallearningjob_start_time_seconds
                each: {type: Gauge, gauge: {path: [status, startTime]}}
          - groupVersionKind: {group: sedna.io, version: v1alpha1, kind: Dataset}
            metricNamePrefix: sedna
            metrics:
              - name: dataset_samples
                help: Samples in the dataset.
                labelsFromPath: {dataset: [metadata, name]}
                each:
                  type: Gauge
                  gauge:
                    path: [status, numberOfSamples]
      """;

  private static Path objects() {
    return io.taskscope.testkit.TestData.path("sedna/objects");
  }

  @Test
  void incrementalLearningJobInEval() throws Exception {
    CrStateConfig config = TestSupport.config(CFG);
    List<Map<String, Object>> objs =
        CrStateRenderer.readObjects(objects().resolve("incrementallearningjob-eval-running.yaml"));
    assertThat(objs).hasSize(1);
    List<String> errors = new ArrayList<>();
    var rendered = config.resources().get(0).render(objs.get(0), (r, m, x) -> errors.add(m + ": " + x));
    assertThat(errors).isEmpty();
    assertThat(rendered.samples(0)).filteredOn(s -> s.value() == 1).singleElement().satisfies(s -> {
      assertThat(s.label("condition")).isEqualTo("Running");
      assertThat(s.label("stage")).isEqualTo("Eval");
      assertThat(s.label("name")).isEqualTo("helmet-detection-demo-2");
      assertThat(s.label("kind")).isEqualTo("IncrementalLearningJob");
    });
    assertThat(rendered.samples(0)).hasSize(6);
    assertThat(rendered.samples(1)).singleElement().satisfies(s -> {
      assertThat(s.label("url")).isEqualTo("/output/train/1/model.pb");
      assertThat(s.label("format")).isEqualTo("pb");
    });
    assertThat(rendered.samples(2)).singleElement().extracting(Sample::value).isEqualTo(1763514000.0);
  }

  @Test
  void allFixturesRenderWithoutThrowingAndDatasetsCount() throws Exception {
    CrStateConfig config = TestSupport.config(CFG);
    List<Map<String, Object>> all = new ArrayList<>();
    try (var files = java.nio.file.Files.list(objects())) {
      for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(CrStateRenderer.readObjects(p));
      }
    }
    assertThat(all.size()).isGreaterThan(20);
    List<String> errors = new ArrayList<>();
    String text = CrStateRenderer.renderText(config, all, (r, m, x) -> errors.add(r + " " + m + ": " + x));
    assertThat(text)
        .contains("# TYPE sedna_incrementallearningjob_condition gauge\n")
        .contains("sedna_dataset_samples{customresource_group=\"sedna.io\",customresource_kind=\"Dataset\","
            + "customresource_version=\"v1alpha1\",dataset=\"incremental-dataset\"} 1826\n")
        .contains("dataset=\"edge2-surface-defect-detection-dataset\"} 0\n")
        .doesNotContain("kind=\"Pod\"");
    // Every IL fixture has a last condition; only jobs without a completed training lack the model info.
    assertThat(errors).isEmpty();
  }
}
