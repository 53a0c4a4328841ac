package io.taskscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private ObjectStore store;
  private Exposition exposition;

  @BeforeEach
  void setUp() {
    Counter.builder().name("taskscope_scrapes").help("Scrapes served.").register(registry).inc();
    store = new ObjectStore(List.of(
        new FamilyHeader("sedna_task_active", "Active workers.", MetricType.GAUGE),
        new FamilyHeader("sedna_task_info", "Task facts.", MetricType.INFO),
        new FamilyHeader("sedna_task_phase", "Phase.", MetricType.STATESET),
        new FamilyHeader("sedna_task_unused", "Never set.", MetricType.GAUGE)));
    store.put("uid-1", object(Sample.of("sedna_task_active", 2, "name", "a"),
        Sample.of("sedna_task_info", 1, "name", "a", "url", "/m.pb"),
        Sample.of("sedna_task_phase", 1, "name", "a", "phase", "Running")));
    exposition = new Exposition(registry, () -> List.of(store));
  }

  private static RenderedObject object(Sample active, Sample info, Sample phase) {
    List<List<Sample>> fams = new ArrayList<>();
    fams.add(List.of(active));
    fams.add(List.of(info));
    fams.add(List.of(phase));
    fams.add(List.of());
    return RenderedObject.of(fams);
  }

  private String write(Exposition.Format f) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, f);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textFormatShowsInfoAndStateSetAsGaugeAndKeepsEmptyFamilyHeaders() throws Exception {
    String text = write(Exposition.Format.TEXT);
    assertThat(text).contains("# TYPE taskscope_scrapes_total counter\ntaskscope_scrapes_total 1.0\n");
    assertThat(text).contains("# HELP sedna_task_active Active workers.\n# TYPE sedna_task_active gauge\n"
        + "sedna_task_active{name=\"a\"} 2\n");
    assertThat(text).contains("# TYPE sedna_task_info gauge\nsedna_task_info{name=\"a\",url=\"/m.pb\"} 1\n");
    assertThat(text).contains("# TYPE sedna_task_phase gauge\n");
    assertThat(text).contains("# TYPE sedna_task_unused gauge\n");
    assertThat(text).doesNotContain("# EOF");
  }

  @Test
  void openMetricsHasOneEofAtTheEndAndInfoFamiliesWithoutSuffix() throws Exception {
    String om = write(Exposition.Format.OPENMETRICS);
    assertThat(om).endsWith("# EOF\n");
    assertThat(om.indexOf("# EOF")).isEqualTo(om.length() - "# EOF\n".length());
    assertThat(om).contains("# TYPE sedna_task info\nsedna_task_info{name=\"a\",url=\"/m.pb\"} 1\n");
    assertThat(om).contains("# TYPE taskscope_scrapes counter\n");
  }

  @Test
  void protobufCarriesEveryFamilyWithSamples() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, Exposition.Format.PROTOBUF);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<String> names = new ArrayList<>();
    Metrics.MetricFamily mf;
    while ((mf = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      names.add(mf.getName() + ":" + mf.getType());
    }
    assertThat(names).contains("sedna_task_active:GAUGE", "sedna_task_info:GAUGE", "sedna_task_phase:GAUGE",
        "taskscope_scrapes_total:COUNTER");
    assertThat(names).noneMatch(n -> n.startsWith("sedna_task_unused"));
  }

  /** A body made of parts, as the push hub's families are (one part per group). */
  record PartedBody(List<List<Sample>> parts) implements FamilyBody {
    @Override
    public boolean isEmpty() {
      return parts.isEmpty();
    }

    @Override
    public void writeLines(java.io.OutputStream out) throws java.io.IOException {
      for (List<Sample> p : parts) {
        for (Sample s : p) {
          out.write(TextLines.render(s).getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    @Override
    public void forEachSample(java.util.function.Consumer<Sample> visitor) {
      parts.forEach(p -> p.forEach(visitor));
    }

    @Override
    public void forEachPart(java.util.function.Consumer<FamilyBody> part) {
      for (List<Sample> p : parts) {
        part.accept(new PartedBody(List.of(p)));
      }
    }
  }

  @Test
  void protobufWritesAFamilyOfManyPartsAsOneMessage() throws Exception {
    List<List<Sample>> parts = new ArrayList<>();
    for (int g = 0; g < 50; g++) {
      List<Sample> p = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        p.add(Sample.of("pushed_value", g * 100 + i, "group", Integer.toString(g), "i", Integer.toString(i)));
      }
      parts.add(p);
    }
    FamilyHeader h = new FamilyHeader("pushed_value", "A pushed gauge.", MetricType.GAUGE);
    MetricSource source = sink -> sink.family(h, new PartedBody(parts));
    exposition = new Exposition(registry, () -> List.of(source));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, Exposition.Format.PROTOBUF);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<Metrics.MetricFamily> families = new ArrayList<>();
    Metrics.MetricFamily mf;
    while ((mf = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      families.add(mf);
    }
    List<Metrics.MetricFamily> pushed = families.stream().filter(f -> f.getName().equals("pushed_value")).toList();
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).getHelp()).isEqualTo("A pushed gauge.");
    assertThat(pushed.get(0).getType()).isEqualTo(Metrics.MetricType.GAUGE);
    assertThat(pushed.get(0).getMetricCount()).isEqualTo(1000);
    assertThat(pushed.get(0).getMetricList().stream().map(m -> m.getGauge().getValue()).distinct().count())
        .isEqualTo(1000);
    assertThat(pushed.get(0).getMetricList()).anyMatch(m -> m.getGauge().getValue() == 4919);
    assertThat(families).extracting(Metrics.MetricFamily::getName).contains("taskscope_scrapes_total");
  }

  @Test
  void protobufRebuildsHistogramsAndSummariesFromTheirLines() throws Exception {
    ObjectStore pushed = new ObjectStore(List.of(
        new FamilyHeader("step_seconds", "Step time.", MetricType.HISTOGRAM),
        new FamilyHeader("rpc_seconds", "RPC time.", MetricType.SUMMARY)));
    pushed.put("g1", RenderedObject.of(List.of(
        List.of(Sample.of("step_seconds_bucket", 1, "job", "j", "le", "0.5"),
            Sample.of("step_seconds_bucket", 3, "job", "j", "le", "1"),
            Sample.of("step_seconds_bucket", 4, "job", "j", "le", "+Inf"),
            Sample.of("step_seconds_sum", 3.5, "job", "j"),
            Sample.of("step_seconds_count", 4, "job", "j")),
        List.of(Sample.of("rpc_seconds", 0.2, "job", "j", "quantile", "0.5"),
            Sample.of("rpc_seconds_sum", 7, "job", "j"),
            Sample.of("rpc_seconds_count", 20, "job", "j")))));
    exposition = new Exposition(registry, () -> List.of(pushed));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, Exposition.Format.PROTOBUF);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    Metrics.MetricFamily mf;
    Metrics.MetricFamily histogram = null;
    Metrics.MetricFamily summary = null;
    while ((mf = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      if (mf.getName().equals("step_seconds")) {
        histogram = mf;
      } else if (mf.getName().equals("rpc_seconds")) {
        summary = mf;
      }
    }
    assertThat(histogram).isNotNull();
    Metrics.Histogram h = histogram.getMetric(0).getHistogram();
    assertThat(h.getSampleCount()).isEqualTo(4);
    assertThat(h.getSampleSum()).isEqualTo(3.5);
    assertThat(h.getBucketList()).extracting(Metrics.Bucket::getCumulativeCount).startsWith(1L, 3L);
    assertThat(summary).isNotNull();
    Metrics.Summary sm = summary.getMetric(0).getSummary();
    assertThat(sm.getSampleCount()).isEqualTo(20);
    assertThat(sm.getQuantile(0).getValue()).isEqualTo(0.2);
  }

  @Test
  void familiesWithTheSameNameShareOneHeader() throws Exception {
    ObjectStore second = new ObjectStore(List.of(new FamilyHeader("sedna_task_active", "Other help.", MetricType.GAUGE)));
    second.put("uid-2", RenderedObject.of(List.of(List.of(Sample.of("sedna_task_active", 5, "name", "b")))));
    exposition = new Exposition(registry, () -> List.of(store, second));
    String text = write(Exposition.Format.TEXT);
    assertThat(text.split("# TYPE sedna_task_active ", -1)).hasSize(2);
    assertThat(text).contains("sedna_task_active{name=\"a\"} 2\nsedna_task_active{name=\"b\"} 5\n");
  }

  /** Push hub tenants may give one name two types: each type keeps its own header, in text and in protobuf. */
  @Test
  void aNameUnderTwoTypesStaysTwoFamilies() throws Exception {
    ObjectStore histogram = new ObjectStore(List.of(new FamilyHeader("n", "", MetricType.HISTOGRAM)));
    histogram.put("bob", RenderedObject.of(List.of(List.of(Sample.of("n_bucket", 2, "ns", "bob", "le", "+Inf"),
        Sample.of("n_sum", 3, "ns", "bob"), Sample.of("n_count", 2, "ns", "bob")))));
    ObjectStore gauge = new ObjectStore(List.of(new FamilyHeader("n", "", MetricType.GAUGE)));
    gauge.put("alice", RenderedObject.of(List.of(List.of(Sample.of("n", 5, "ns", "alice")))));
    exposition = new Exposition(registry, () -> List.of(histogram, gauge));
    assertThat(write(Exposition.Format.TEXT)).contains("# TYPE n histogram\nn_bucket{ns=\"bob\",le=\"+Inf\"} 2\n"
        + "n_sum{ns=\"bob\"} 3\nn_count{ns=\"bob\"} 2\n# HELP n \n# TYPE n gauge\nn{ns=\"alice\"} 5\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.write(out, Exposition.Format.PROTOBUF);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<Metrics.MetricFamily> n = new ArrayList<>();
    Metrics.MetricFamily mf;
    while ((mf = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      if (mf.getName().equals("n")) {
        n.add(mf);
      }
    }
    assertThat(n).extracting(Metrics.MetricFamily::getType).containsExactly(Metrics.MetricType.HISTOGRAM,
        Metrics.MetricType.GAUGE);
    assertThat(n.get(0).getMetric(0).getHistogram().getSampleCount()).isEqualTo(2);
    assertThat(n.get(1).getMetric(0).getGauge().getValue()).isEqualTo(5);
  }

  @Test
  void negotiatesFromAcceptHeader() {
    assertThat(exposition.negotiate("application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .isEqualTo(Exposition.Format.OPENMETRICS);
    assertThat(exposition.negotiate("text/plain")).isEqualTo(Exposition.Format.TEXT);
    assertThat(exposition.negotiate(null)).isEqualTo(Exposition.Format.TEXT);
    assertThat(exposition.negotiate(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"))
        .isEqualTo(Exposition.Format.PROTOBUF);
  }
}
