package io.lakeml.cli;

import io.lakeml.api.PrepRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.WindowOptions;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lakeml prep [--date D | --from D1 --to D2]}: {@link io.lakeml.api.PrepAction}. */
@Command(
    name = "prep",
    description = {
      "Validate raw data against the dataset's contract with Deequ, quarantine bad rows with a",
      "reason, and write prepared_<dataset> for exactly the window (reruns replace it), with a",
      "quality report and the drift baseline. Exit 3 (DATA) when a check fails."
    })
public final class PrepCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Override
  public Integer call() {
    DateWindow window = dates.window();
    PrepRun run = ApiSession.start(common, "prep").prep().window(window).execute();
    PrintWriter out = spec.commandLine().getOut();
    out.print(run.summary());
    out.flush();
    return 0;
  }
}
