package io.lakeml.cli;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.JobLauncher;
import io.lakeml.command.Sessions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.evaluate.EvaluateJob;
import io.lakeml.evaluate.EvaluationResult;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.prep.PrepJob;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.runs.RunManifest;
import io.lakeml.score.ScoreBackfill;
import io.lakeml.score.ScoreResult;
import io.lakeml.train.TrainJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lakeml demo}: the whole pipeline on the sample data and the embedded default: prep, train,
 * evaluate, promote and a scoring backfill of May and June.
 */
@Command(
    name = "demo",
    description = {
      "Run the whole pipeline on the sample flights data: prep; train on January-April;",
      "evaluate; promote with the demo's approval; score each day of May and June."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  /** The dates the demo scores: the two months after the training window. */
  static final DateWindow SCORED = DateWindow.of(LocalDate.of(2001, 5, 1), LocalDate.of(2001, 6, 30));

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LakemlConfig config = common.load();
    PrintWriter out = spec.commandLine().getOut();
    Path sample = SampleData.ensure(config.sampleData());
    out.printf("Step 1/6 sample data: %s (SHA-256 verified)%n", sample);
    out.println("Step 2/6 prep: all dates of the sample");
    out.flush();
    RunManifest prep = JobLauncher.run("prep", config, (spark, c, run) ->
        out.print(PrepJob.create(spark, c, DateWindow.ALL, run).run().summary()));
    out.printf("  run %s%n", prep.runId());
    out.println("Step 3/6 train: " + config.train().from().map(Object::toString).orElse("all dates") + " to "
        + config.train().to().map(Object::toString).orElse("the end") + " (a rerun resumes from its checkpoints)");
    out.flush();
    RunManifest train = JobLauncher.run("train", config, (spark, c, run) ->
        out.print(TrainJob.create(spark, c, Optional.empty(), run).run().summary()));
    out.printf("  run %s%n", train.runId());
    out.println("Step 4/6 evaluate: the test split of the training data, against the gate");
    out.flush();
    long[] evaluated = new long[1];
    JobLauncher.run("evaluate", config, (spark, c, run) -> {
      EvaluationResult r = EvaluateJob.create(spark, c, Optional.empty(), run).run();
      evaluated[0] = r.version();
      out.print(r.summary());
    });
    out.println("Step 5/6 promote to production, approved as the demo's");
    JobLauncher.run("promote", config, (spark, c, run) -> {
      String name = c.train().modelName().orElse(c.requireDataset().name());
      new ModelRegistry(spark, Lakehouse.of(c)).promote(name, evaluated[0], ModelStage.PRODUCTION,
          Optional.of("lakeml demo"), Optional.of("demo pipeline run"), "lakeml demo", run.runId());
      out.printf("  %s version %d is in production%n", name, evaluated[0]);
    });
    out.println("Step 6/6 score each day of " + SCORED + " with the production model (a backfill: one commit per date)");
    out.flush();
    List<ScoreResult> scored = ScoreBackfill.create(Sessions.start(config, "demo"), config, Optional.empty(), false)
        .execute(SCORED, r -> {
          out.print("  " + r.summary());
          out.flush();
        });
    out.printf("  %d dates, %,d rows scored into scored_%s%n", scored.size(),
        scored.stream().mapToLong(ScoreResult::rowsScored).sum(), config.requireDataset().name());
    out.printf("Lakehouse: %s%n", config.lakehouse().root());
    out.println("Look at it with: bin/lakeml sql \"SHOW TABLES\", bin/lakeml runs list,");
    out.println("  bin/lakeml sql \"SELECT * FROM quality_flights WHERE run_id = '" + prep.runId() + "'\"");
    out.println("  bin/lakeml sql \"SELECT score_date, variant, count(*), avg(score) FROM scored_flights GROUP BY 1, 2 ORDER BY 1\"");
    out.flush();
    return 0;
  }
}
