package io.taskscope.server;

import io.taskscope.crstate.ConfigException;
import io.taskscope.crstate.CrStateConfig;
import io.taskscope.crstate.CrStateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Print the Prometheus text a CR-state config (TaskScope's or kube-state-metrics' "
        + "CustomResourceStateMetrics) yields for the given objects, offline.")
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, description = "CR-state config file; may be repeated.")
  List<Path> configs;

  @Parameters(arity = "1..*", paramLabel = "OBJECTS.yaml", description = "YAML files holding objects (multi-document or kind: List).")
  List<Path> objectFiles;

  @Option(names = "--show-errors", description = "Also print each metric that could not be produced, to stderr.")
  boolean showErrors;

  @Override
  public Integer call() throws Exception {
    CrStateConfig config;
    try {
      config = CrStateConfig.load(configs);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Path p : objectFiles) {
      try {
        objects.addAll(CrStateRenderer.readObjects(p));
      } catch (java.io.IOException e) {
        spec.commandLine().getErr().println(p + ": " + e.getMessage());
        return 2;
      }
    }
    String text = CrStateRenderer.renderText(config, objects, (resource, metric, reason) -> {
      if (showErrors) {
        spec.commandLine().getErr().println(resource + " " + metric + ": " + reason);
      }
    });
    // print() does not flush picocli's PrintWriter; without this the JVM exits before the text is written
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
