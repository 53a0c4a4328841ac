package io.taskscope.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code taskscope} command line. */
@Command(name = "taskscope", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Observability for AI tasks and workloads on Kubernetes.",
    subcommands = {DemoCommand.class, ServeCommand.class, RenderCommand.class, CheckConfigCommand.class,
        PushCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"taskscope " + (v == null ? "dev" : v)};
    }
  }
}
