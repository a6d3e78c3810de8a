package io.lakeml.train;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml train [--data-version V]}. */
@Command(
    name = "train",
    description = {
      "Train the configured network on prepared_<dataset> (data-parallel on the executors, with a",
      "checkpoint every epoch: rerunning the same config and data resumes), write the model",
      "artefact and register it as a dev version."
    })
public final class TrainCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--data-version", description = "Delta version of prepared_<dataset> (default: latest).")
  Long dataVersion;

  @Override
  public Integer call() {
    LakemlConfig config = common.load();
    PrintWriter out = spec.commandLine().getOut();
    JobLauncher.run("train", config, (spark, c, run) -> {
      out.print(TrainJob.create(spark, c, Optional.ofNullable(dataVersion), run).run().summary());
      out.flush();
    });
    return 0;
  }
}
