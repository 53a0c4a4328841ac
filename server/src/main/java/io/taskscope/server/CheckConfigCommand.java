package io.taskscope.server;

import io.taskscope.crstate.ConfigException;
import io.taskscope.crstate.CrStateConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate TaskScope / kube-state-metrics CustomResourceStateMetrics configs; print every error with "
        + "its file and line.")
final class CheckConfigCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Override
  public Integer call() {
    try {
      CrStateConfig config = CrStateConfig.load(files);
      spec.commandLine().getOut().println("OK: " + files.size() + " file(s), " + config.resources().size() + " resource(s), "
          + config.resources().stream().mapToInt(r -> r.headers().size()).sum() + " metric(s)");
      return 0;
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().println(e.errors().size() + " error(s)");
      return 1;
    }
  }
}
