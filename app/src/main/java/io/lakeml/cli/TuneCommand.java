package io.lakeml.cli;

import io.lakeml.api.TuneAction;
import io.lakeml.api.TuneRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml tune [--data-version V] [--output FILE]}: {@link TuneAction}. */
@Command(
    name = "tune",
    description = {
      "Search lakeml.tune.space (a seeded random search over lakeml.train.network keys): each trial",
      "fits a sample of the train split on one executor core and is validated on the validation",
      "split; trials run in parallel and are recorded in tuning_trials (a rerun of a killed search",
      "runs only the missing trials). Writes the best trial as a training config for",
      "lakeml train --tuned FILE."
    })
public final class TuneCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--data-version", description = "Delta version of prepared_<dataset> (default: latest).")
  Long dataVersion;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Also write the best trial's training config to this local file (it is always written under "
          + "<lakehouse root>/tuning/<dataset>/).")
  Path output;

  @Override
  public Integer call() {
    TuneAction action = ApiSession.start(common, "tune").tune();
    if (dataVersion != null) {
      action.dataVersion(dataVersion);
    }
    if (output != null) {
      action.output(output);
    }
    TuneRun run = action.execute();
    PrintWriter out = spec.commandLine().getOut();
    out.print(run.summary());
    if (output != null) {
      out.println("Also written to " + output.toAbsolutePath());
    }
    out.flush();
    return 0;
  }
}
