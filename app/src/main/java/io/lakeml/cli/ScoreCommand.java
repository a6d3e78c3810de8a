package io.lakeml.cli;

import io.lakeml.api.ScoreAction;
import io.lakeml.api.ScoreRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.WindowOptions;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml score --date D | --from D1 --to D2 [--model-version N] [--resume]}: {@link ScoreAction}. */
@Command(
    name = "score",
    description = {
      "Score the raw rows of each date with the production model (health-checked; falls back to the",
      "previous production version) into scored_<dataset>, replacing that date exactly. A range is a",
      "backfill: dates in order, each committed on its own. Exit 3 (DATA) for bad input or no",
      "healthy model; the dates before a failing one stay committed."
    })
public final class ScoreCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Option(names = "--model-version", paramLabel = "N",
      description = "Score with this registered version instead of production (no fallback).")
  Long modelVersion;

  @Option(names = "--resume", description = "Skip dates already scored with the same model, input and config.")
  boolean resume;

  @Override
  public Integer call() {
    DateWindow window = dates.window();
    PrintWriter out = spec.commandLine().getOut();
    ScoreAction action = ApiSession.start(common, "score").score().window(window).resume(resume)
        .onModelNote(note -> out.println("model: " + note));
    if (modelVersion != null) {
      action.modelVersion(modelVersion);
    }
    ScoreRun run = action.execute(date -> {
      out.print(date.summary());
      out.flush();
    });
    out.printf("Scored %d date(s): %,d rows scored, %,d quarantined%n", run.dates().size(), run.rowsScored(),
        run.rowsQuarantined());
    out.flush();
    return 0;
  }
}
