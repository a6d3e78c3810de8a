package io.lakeml.cli;

import io.lakeml.api.MonitorAction;
import io.lakeml.api.MonitorRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.WindowOptions;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.Errors;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml monitor --date D | --from D1 --to D2 [--labels TABLE_OR_PATH --key COL]}: {@link MonitorAction}. */
@Command(
    name = "monitor",
    description = {
      "Monitor scored dates: input drift against the production model's training baseline, prediction",
      "drift, realized performance where labels are known and estimated performance where not,",
      "operations and SLA, into monitoring_metrics (each date replaced on a rerun); alerts by the",
      "configured rules (alerts table, log, webhook), retraining requests. Exit 7 when a blocking",
      "alert fired (the orchestrator stops promotion paths); 2 for a date never scored."
    })
public final class MonitorCommand implements Callable<Integer> {
  /** The exit code of a run that recorded everything and found a blocking alert. */
  public static final int BLOCKING_ALERT = 7;

  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Option(names = "--labels", paramLabel = "TABLE_OR_PATH",
      description = "Labels that arrived after scoring: a lakeml table name or a Delta/Parquet/CSV path holding "
          + "the key and the label; recomputes the dates they cover (or the dates given).")
  String labels;

  @Option(names = "--key", paramLabel = "COL", description = "The column joining --labels to the scored rows.")
  String key;

  @Override
  public Integer call() {
    if ((labels == null) != (key == null)) {
      throw Errors.invalidArgument("--labels and --key", labels == null ? "--key alone" : "--labels alone",
          "give both: --labels TABLE_OR_PATH --key COL");
    }
    DateWindow window = dates.window();
    if (window.isAll() && labels == null) {
      throw Errors.invalidArgument("--date", "(none)", "give --date D or --from D1 --to D2");
    }
    MonitorAction action = ApiSession.start(common, "monitor").monitor().window(window);
    if (labels != null) {
      action.labels(labels, key);
    }
    MonitorRun run = action.execute();
    PrintWriter out = spec.commandLine().getOut();
    out.print(run.summary());
    out.flush();
    return run.blocking() ? BLOCKING_ALERT : 0;
  }
}
