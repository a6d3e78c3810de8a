package io.lakeml.cli;

import io.lakeml.api.DashboardAction;
import io.lakeml.api.DashboardRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.WindowOptions;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml dashboard [--date D | --from D1 --to D2] --out DIR}: {@link DashboardAction}. */
@Command(
    name = "dashboard",
    description = {
      "Write one self-contained HTML page (works offline) of the dataset's scoring and monitoring:",
      "volumes, latency, error and quarantine rates, the serving version, drift heatmap, prediction",
      "drift, realized vs estimated AUC, SLA and alerts. Default: every scored date."
    })
public final class DashboardCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write dashboard.html into.")
  Path out;

  @Override
  public Integer call() {
    DateWindow window = dates.window();
    DashboardRun run = ApiSession.start(common, "dashboard").dashboard().window(window).out(out).execute();
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Dashboard of %s, %s to %s: %s%n", run.dataset(), run.from(), run.to(), run.page().toAbsolutePath());
    w.flush();
    return 0;
  }
}
