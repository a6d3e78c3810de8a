package io.lakeml.api;

import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.score.ScoreBackfill;
import io.lakeml.score.ScoreResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring of a date or a window, one commit per date (default: today's date), with the production
 * version (or a given one) and the configured challenger.
 */
public final class ScoreAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private DateWindow window = DateWindow.day(LocalDate.now(java.time.ZoneOffset.UTC));
  private Optional<Long> modelVersion = Optional.empty();
  private boolean resume;
  private Consumer<String> onModelNote = note -> { };

  ScoreAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public ScoreAction date(LocalDate date) {
    this.window = DateWindow.day(date);
    return this;
  }

  public ScoreAction window(LocalDate from, LocalDate to) {
    this.window = DateWindow.of(from, to);
    return this;
  }

  /**
   * The window as the command line's {@code --date} or {@code --from/--to} give it;
   * {@link DateWindow#ALL} is a USER error unless the dataset has no event time (then: today).
   */
  public ScoreAction window(DateWindow dates) {
    this.window = dates;
    return this;
  }

  /** Scores with this version instead of production. */
  public ScoreAction modelVersion(long version) {
    this.modelVersion = Optional.of(version);
    return this;
  }

  /** Skips the dates a previous run already committed. */
  public ScoreAction resume(boolean resume) {
    this.resume = resume;
    return this;
  }

  /**
   * Hands each note on the versions that served (a fallback and why, a challenger left out) to
   * {@code listener} once the run ends, whether it succeeded or not.
   */
  public ScoreAction onModelNote(Consumer<String> listener) {
    this.onModelNote = listener;
    return this;
  }

  public ScoreRun execute() {
    return execute(date -> { });
  }

  /** Runs the dates oldest first, handing each to {@code onDate} as soon as it is committed. */
  public ScoreRun execute(Consumer<ScoreRun.Date> onDate) {
    // No dataset: the backfill says what is missing first (a window), then the dataset.
    config.dataset().ifPresent(d -> SampleData.ensureSource(config.sampleData(), d.source().path()));
    ScoreBackfill backfill = ScoreBackfill.create(spark, config, modelVersion, resume);
    try {
      List<ScoreResult> results = backfill.execute(window, r -> onDate.accept(date(r)));
      return new ScoreRun(results.stream().map(ScoreAction::date).toList());
    } finally {
      backfill.modelNotes().ifPresent(notes -> notes.forEach(onModelNote));
    }
  }

  private static ScoreRun.Date date(ScoreResult r) {
    return new ScoreRun.Date(r.date(), r.runId(), r.modelVersion(), r.challengerVersion(), r.fallback(), r.rowsRead(),
        r.rowsScored(), r.rowsQuarantined(), r.summary());
  }
}
