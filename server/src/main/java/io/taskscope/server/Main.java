package io.taskscope.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code taskscope} command line. */
@Command(name = "taskscope", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Observability for AI tasks and workloads on Kubernetes.")
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The demo's command lives in the dist module (with the demo and fabric8's mock API server it runs on), not in the
   * production jar: it is added when its class is on the class path (bin/taskscope puts dist's taskscope-demo.jar
   * there), otherwise {@code demo} answers that it is not in this build.
   */
  static final String DEMO_COMMAND = "io.taskscope.server.DemoCommand";

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    Object demo;
    try {
      demo = Class.forName(DEMO_COMMAND).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      demo = new NoDemoCommand();
    }
    cl.addSubcommand("demo", demo);
    for (Object c : new Object[] {new ServeCommand(), new RenderCommand(), new CheckConfigCommand(),
        new PushCommand(), new ForecastCommand()}) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  /** {@code demo} in a build without the demo (the production jar): one line on stderr, exit code 2. */
  @Command(name = "demo", description = "Run everything against a simulated Sedna cluster (not in this build: "
      + "bin/taskscope demo).")
  static final class NoDemoCommand implements java.util.concurrent.Callable<Integer> {
    static final String MESSAGE = "taskscope demo: not in this build (the production jar has no demo and no mock "
        + "Kubernetes API); run it from a source checkout with bin/taskscope demo";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    java.util.List<String> ignored;

    @Override
    public Integer call() {
      java.io.PrintWriter err = spec.commandLine().getErr();
      err.println(MESSAGE);
      err.flush();
      return 2;
    }
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
