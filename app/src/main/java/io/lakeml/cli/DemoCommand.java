package io.lakeml.cli;

import io.lakeml.api.EvaluateRun;
import io.lakeml.api.MonitorRun;
import io.lakeml.api.Lakeml;
import io.lakeml.api.PrepRun;
import io.lakeml.api.PromoteRun;
import io.lakeml.api.ScoreRun;
import io.lakeml.api.TrainRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.Sessions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
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
      "evaluate; promote with the demo's approval; score each day of May and June; monitor them."
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
    out.printf("Step 1/7 sample data: %s (SHA-256 verified)%n", sample);
    // Prep the training window: its baseline is what monitoring compares the scored months with.
    LocalDate from = config.train().from().orElse(LocalDate.of(2001, 1, 1));
    LocalDate to = config.train().to().orElse(SCORED.from().orElseThrow().minusDays(1));
    out.println("Step 2/7 prep: " + from + " to " + to);
    out.flush();
    // The demo chains the jobs through the Java API, on one session, as embedding code would.
    Lakeml lakeml = Lakeml.of(config, Sessions.start(config, "demo"));
    PrepRun prep = lakeml.prep().window(from, to).execute();
    out.print(prep.summary());
    out.printf("  run %s%n", prep.runId());
    out.println("Step 3/7 train: " + config.train().from().map(Object::toString).orElse("all dates") + " to "
        + config.train().to().map(Object::toString).orElse("the end") + " (a rerun resumes from its checkpoints)");
    out.flush();
    TrainRun train = lakeml.train().execute();
    out.print(train.summary());
    out.printf("  run %s%n", train.runId());
    out.println("Step 4/7 evaluate: the test split of the training data, against the gate");
    out.flush();
    EvaluateRun evaluated = lakeml.evaluate().execute();
    out.print(evaluated.summary());
    out.println("Step 5/7 promote to production, approved as the demo's");
    PromoteRun promoted = lakeml.promote(evaluated.version()).approvedBy("lakeml demo").reason("demo pipeline run")
        .execute();
    out.printf("  %s version %d is in production%n", promoted.modelName(), promoted.version());
    out.println("Step 6/7 score each day of " + SCORED + " with the production model (a backfill: one commit per date)");
    out.flush();
    ScoreRun scored = lakeml.score().window(SCORED.from().orElseThrow(), SCORED.to().orElseThrow()).execute(d -> {
      out.print("  " + d.summary());
      out.flush();
    });
    out.printf("  %d dates, %,d rows scored into scored_%s%n", scored.dates().size(), scored.rowsScored(),
        config.requireDataset().name());
    out.println("Step 7/7 monitor " + SCORED + ": drift against the training baseline, realized and estimated AUC, SLA");
    out.flush();
    MonitorRun monitored = lakeml.monitor().window(SCORED.from().orElseThrow(), SCORED.to().orElseThrow()).execute();
    out.print(monitored.summary());
    Path page = lakeml.dashboard().window(SCORED.from().orElseThrow(), SCORED.to().orElseThrow())
        .out(Path.of("dashboard")).execute().page();
    out.printf("  dashboard: %s (open it in a browser; works offline)%n", page.toAbsolutePath());
    out.printf("Lakehouse: %s%n", config.lakehouse().root());
    out.println("Look at it with: bin/lakeml sql \"SHOW TABLES\", bin/lakeml runs list,");
    out.println("  bin/lakeml sql \"SELECT * FROM quality_flights WHERE run_id = '" + prep.runId() + "'\"");
    out.println("  bin/lakeml sql \"SELECT score_date, variant, count(*), avg(score) FROM scored_flights GROUP BY 1, 2 ORDER BY 1\"");
    out.println("  bin/lakeml sql \"SELECT date, feature, metric, value, status FROM monitoring_metrics WHERE status <> 'ok'\"");
    out.flush();
    return 0;
  }
}
