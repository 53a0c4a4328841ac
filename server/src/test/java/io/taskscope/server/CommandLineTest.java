package io.taskscope.server;

import static io.taskscope.server.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskscope.server.InProcessCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir
  Path dir;

  private static final String FOO_CONFIG = """
      kind: CustomResourceStateMetrics
      spec:
        resources:
          - groupVersionKind:
              group: myteam.io
              kind: "Foo"
              version: "v1"
            metrics:
              - name: "uptime"
                help: "Foo uptime"
                each:
                  type: Gauge
                  gauge:
                    path: [status, uptime]
      """;

  private static final String FOO = """
      kind: Foo
      apiVersion: myteam.io/v1
      metadata:
        name: foo
      status:
        uptime: 43.21
      ---
      kind: Bar
      apiVersion: myteam.io/v1
      metadata:
        name: not-configured
      """;

  @Test
  void renderPrintsWhatKubeStateMetricsWouldServe() throws Exception {
    Path config = Files.writeString(dir.resolve("foo.yaml"), FOO_CONFIG);
    Path objects = Files.writeString(dir.resolve("objects.yaml"), FOO);
    Run r = run("render", "--config", config.toString(), objects.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        # HELP kube_customresource_uptime Foo uptime
        # TYPE kube_customresource_uptime gauge
        kube_customresource_uptime{customresource_group="myteam.io",customresource_kind="Foo",customresource_version="v1"} 43.21
        """);
  }

  @Test
  void renderRefusesABrokenConfigAndNamesTheLine() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.yaml"), FOO_CONFIG.replace("type: Gauge", "type: Gauge2"));
    Path objects = Files.writeString(dir.resolve("objects.yaml"), FOO);
    Run r = run("render", "--config", config.toString(), objects.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml:12:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void checkConfigAcceptsTheShippedSednaConfig() throws Exception {
    Path sedna = Path.of("..", "kube", "src", "main", "resources", "io", "taskscope", "kube", "sedna",
        "sedna-crstate.yaml");
    Run r = run("check-config", sedna.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("OK: 1 file(s), 11 resource(s)");
  }

  @Test
  void checkConfigReportsEveryErrorOfEveryFileWithLineNumbers() throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), FOO_CONFIG.replace("type: Gauge", "type: Gauge2"));
    Path b = Files.writeString(dir.resolve("b.yaml"), FOO_CONFIG.replace("path: [status, uptime]",
        "path: [status, \"[a=b\"]").replace("name: \"uptime\"", "name: \"up-time\""));
    Run r = run("check-config", a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("a.yaml:12: spec.resources[0].metrics[0].each.type: unknown metric type \"Gauge2\"")
        .contains("b.yaml:9: spec.resources[0].metrics[0].name:")
        .contains("b.yaml:14: spec.resources[0].metrics[0].each.gauge.path:")
        .contains("3 error(s)");
  }

  @Test
  void versionAndHelp() {
    assertThat(run("--version").out()).startsWith("taskscope ");
    Run help = run("--help");
    assertThat(help.out()).contains("demo", "serve", "render", "check-config");
  }

  /** Server alone (the production jar's classes): no demo command class, so {@code demo} says so, exit code 2. */
  @Test
  void demoWithoutTheDemoOnTheClassPathIsOneLineAndExitCode2() {
    assertThat(Main.class.getClassLoader().getResource("io/taskscope/server/DemoCommand.class")).isNull();
    Run r = run("demo", "--port", "9470", "--seed", "7");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(Main.NoDemoCommand.MESSAGE + System.lineSeparator());
    assertThat(run("demo", "--help").code()).isEqualTo(2);
  }
}
