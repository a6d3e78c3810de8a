package io.lakeml.score;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.Sessions;
import io.lakeml.command.WindowOptions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml score --date D | --from D1 --to D2 [--model-version N] [--resume]}. */
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
    LakemlConfig config = common.load();
    config.dataset().ifPresent(d -> io.lakeml.data.SampleData.ensureSource(config.sampleData(), d.source().path()));
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = Sessions.start(config, "score");
    ScoreBackfill backfill = ScoreBackfill.create(spark, config, Optional.ofNullable(modelVersion), resume);
    List<ScoreResult> results;
    try {
      results = backfill.execute(window, r -> {
        if (r == null) {
          return;
        }
        out.print(r.summary());
        out.flush();
      });
    } finally {
      backfill.modelNotes().ifPresent(notes -> notes.forEach(n -> out.println("model: " + n)));
      out.flush();
    }
    long scored = results.stream().mapToLong(ScoreResult::rowsScored).sum();
    long quarantined = results.stream().mapToLong(ScoreResult::rowsQuarantined).sum();
    out.printf("Scored %d date(s): %,d rows scored, %,d quarantined%n", results.size(), scored, quarantined);
    out.flush();
    return 0;
  }
}
