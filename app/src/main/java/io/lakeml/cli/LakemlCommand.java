package io.lakeml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code lakeml}: the command line of every stage. */
@Command(
    name = "lakeml",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Distributed batch training and inference on Apache Spark.",
    footer = {
      "",
      "Exit codes: 0 ok, 2 USER (arguments, config), 3 DATA (input breaks its contract),",
      "4 GATE (evaluation refused the model; reproduce found a difference), 5 EXTERNAL (storage,",
      "network: retry), 6 INTERNAL (bug), 7 (monitor: a blocking alert fired)."
    },
    subcommands = {
      PrepCommand.class,
      TrainCommand.class,
      TuneCommand.class,
      ReproduceCommand.class,
      EvaluateCommand.class,
      ScoreCommand.class,
      MonitorCommand.class,
      DashboardCommand.class,
      RegistryCommand.class,
      RunsCommand.class,
      RequestsCommand.class,
      AlertsCommand.class,
      SqlCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      HelpCommand.class
    })
public final class LakemlCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
