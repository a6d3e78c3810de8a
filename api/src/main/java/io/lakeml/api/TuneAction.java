package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.runs.RunManifest;
import io.lakeml.train.TuneJob;
import io.lakeml.train.TuneResult;
import io.lakeml.train.TunedConfig;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * A hyperparameter search over {@code lakeml.tune.space} ({@code lakeml tune}); a rerun with the
 * same config and data resumes it.
 */
public final class TuneAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private Optional<Long> dataVersion = Optional.empty();
  private Optional<java.nio.file.Path> output = Optional.empty();

  TuneAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Searches on this Delta version of the prepared table. */
  public TuneAction dataVersion(long version) {
    this.dataVersion = Optional.of(version);
    return this;
  }

  /** Also writes the best trial's training config to this local file (it is always written under the lakehouse). */
  public TuneAction output(java.nio.file.Path file) {
    this.output = Optional.of(file);
    return this;
  }

  /** Runs the trials not yet recorded and writes the best one as a training config. */
  public TuneRun execute() {
    AtomicReference<TuneResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("tune", config, spark,
        (s, c, tracker) -> {
          TuneResult r = TuneJob.create(s, c, dataVersion, tracker).run();
          output.ifPresent(f -> TunedConfig.copy(s.sparkContext().hadoopConfiguration(), r.configPath(), f));
          result.set(r);
        });
    TuneResult r = result.get();
    return new TuneRun(run.runId(), r.key(), r.trials().size(), r.resumed(), r.bestTrial(), r.bestMetric(),
        r.configPath(), r.summary());
  }
}
