package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.prep.PrepJob;
import io.lakeml.prep.PrepResult;
import io.lakeml.internal.runs.RunManifest;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/** data-prep of a window (default: every date, or today's processing date without an event time). */
public final class PrepAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private DateWindow window = DateWindow.ALL;

  PrepAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public PrepAction date(LocalDate date) {
    this.window = DateWindow.day(date);
    return this;
  }

  public PrepAction window(LocalDate from, LocalDate to) {
    this.window = DateWindow.of(from, to);
    return this;
  }

  /** The window as the command line's {@code --date} or {@code --from/--to} give it ({@link DateWindow#ALL}: every date). */
  public PrepAction window(DateWindow dates) {
    this.window = dates;
    return this;
  }

  /** Runs prep; a failed check throws its DATA error, with nothing committed. */
  public PrepRun execute() {
    SampleData.ensureSource(config.sampleData(), config.requireDataset().source().path());
    AtomicReference<PrepResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("prep", config, spark,
        (s, c, tracker) -> result.set(PrepJob.create(s, c, window, tracker).run()));
    PrepResult r = result.get();
    return new PrepRun(run.runId(), r.rowsRead(), r.rowsAccepted(), r.rowsQuarantined(), r.reasons(),
        r.preparedVersion().orElseThrow(), r.contentHash().orElseThrow(), r.summary());
  }
}
