package io.lakeml.api;

import io.lakeml.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.runs.RunManifest;
import io.lakeml.train.TrainJob;
import io.lakeml.train.TrainResult;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/** Training on the configured window of {@code prepared_<dataset>} (default: its latest version). */
public final class TrainAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private Optional<Long> dataVersion = Optional.empty();

  TrainAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Trains on this Delta version of the prepared table. */
  public TrainAction dataVersion(long version) {
    this.dataVersion = Optional.of(version);
    return this;
  }

  /** Trains and registers a {@code dev} version. */
  public TrainRun execute() {
    AtomicReference<TrainResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("train", config, spark,
        (s, c, tracker) -> result.set(TrainJob.create(s, c, dataVersion, tracker).run()));
    TrainResult r = result.get();
    return new TrainRun(run.runId(), r.modelName(), r.version(), r.dataVersion(), r.trainRows(),
        r.validationMetric(), r.bestValidationMetric(), r.artefactUri(), r.summary());
  }
}
