package io.lakeml.score;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.Errors;
import io.lakeml.errors.LakemlException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Scores the dates of a window in order, each its own idempotent unit with its own run (manifest in
 * {@code runs}, commit in {@code scored_<dataset>}). The models are chosen and health-checked once,
 * in the first date's run, and reused for the others; a gradual rollout's challenger and share
 * are decided per date ({@link ModelChooser#forDate}). A failing date stops the backfill: the dates
 * before it stay committed, and the error says how to resume.
 */
public final class ScoreBackfill {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final Optional<Long> modelVersion;
  private final boolean resume;
  private ServingPlan plan;
  private ModelChooser chooser;

  private ScoreBackfill(SparkSession spark, LakemlConfig config, Optional<Long> modelVersion, boolean resume) {
    this.spark = spark;
    this.config = config;
    this.modelVersion = modelVersion;
    this.resume = resume;
  }

  public static ScoreBackfill create(SparkSession spark, LakemlConfig config, Optional<Long> modelVersion, boolean resume) {
    return new ScoreBackfill(spark, config, modelVersion, resume);
  }

  /** Scores every date of the window, reporting each result as it is committed. */
  public List<ScoreResult> execute(DateWindow given, Consumer<ScoreResult> onDate) {
    DateWindow window = config.dataset().map(d -> DateWindow.forDataset(d, given, true)).orElse(given);
    if (window.isAll()) {
      throw Errors.invalidArgument("--date", "(none)", "scoring needs --date D or --from D1 --to D2");
    }
    List<LocalDate> done = new ArrayList<>();
    List<ScoreResult> results = new ArrayList<>();
    LocalDate last = window.to().orElseThrow();
    for (LocalDate d = window.from().orElseThrow(); !d.isAfter(last); d = d.plusDays(1)) {
      LocalDate date = d;
      try {
        ScoreResult[] result = new ScoreResult[1];
        JobLauncher.run("score", config, spark, (s, c, run) -> {
          if (plan == null) {
            io.lakeml.internal.monitoring.Alerts.createIfMissing(s, io.lakeml.internal.lakehouse.Lakehouse.of(c));
            chooser = new ModelChooser(s, c, run.runId());
            plan = chooser.choose(modelVersion);
            for (int i = 0; i < plan.notes().size(); i++) {
              run.metric("model_choice." + (i + 1), plan.notes().get(i));
            }
          }
          ServingPlan datePlan = chooser.forDate(plan, modelVersion, date);
          if (datePlan != plan) {
            run.metric("rollout", datePlan.notes().get(datePlan.notes().size() - 1));
          }
          result[0] = ScoreJob.create(s, c, datePlan, run, resume).score(date);
        });
        results.add(result[0]);
        onDate.accept(result[0]);
        done.add(date);
      } catch (LakemlException e) {
        throw done.isEmpty() && date.equals(last) ? e : Errors.backfillStopped(e, date, done, last);
      }
    }
    return results;
  }

  /** The model choice of this backfill (after the first date ran). */
  public Optional<List<String>> modelNotes() {
    return Optional.ofNullable(plan).map(ServingPlan::notes);
  }
}
