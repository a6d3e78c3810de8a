package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.monitoring.RetrainRequests;
import io.lakeml.internal.runs.RunManifest;
import io.lakeml.train.TrainJob;
import io.lakeml.train.TrainResult;
import io.lakeml.train.TunedConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Training on the configured window of {@code prepared_<dataset>} (default: its latest version),
 * or on an open retraining request's window, optionally with a network written by {@code tune}.
 */
public final class TrainAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final ConfigSource source;
  private Optional<Long> dataVersion = Optional.empty();
  private Optional<String> tuned = Optional.empty();
  private Optional<String> request = Optional.empty();

  TrainAction(SparkSession spark, LakemlConfig config, ConfigSource source) {
    this.spark = spark;
    this.config = config;
    this.source = source;
  }

  /** Trains on this Delta version of the prepared table. */
  public TrainAction dataVersion(long version) {
    this.dataVersion = Optional.of(version);
    return this;
  }

  /**
   * Trains with the network of a training config written by {@code tune} (a path or URI): its
   * {@code lakeml.train.network} keys override the configured ones, and the version records the
   * config it trained with.
   */
  public TrainAction tuned(String file) {
    this.tuned = Optional.of(file);
    return this;
  }

  /**
   * Trains on the window of this open retraining request ({@code retrain_requests}) and marks it
   * started; a USER error when it is unknown or no longer open.
   */
  public TrainAction request(String id) {
    this.request = Optional.of(id);
    return this;
  }

  /** Trains and registers a {@code dev} version. */
  public TrainRun execute() {
    Map<String, String> overrides = new TreeMap<>();
    request.ifPresent(id -> overrides.putAll(window(id)));
    tuned.ifPresent(f -> overrides.putAll(TunedConfig.overrides(spark.sparkContext().hadoopConfiguration(), f)));
    LakemlConfig trainWith = overrides.isEmpty() ? config : source.load(overrides);
    AtomicReference<TrainResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("train", trainWith, spark, (s, c, tracker) -> {
      tuned.ifPresent(f -> tracker.metric("tuned_config", f));
      TrainResult r = TrainJob.create(s, c, dataVersion, tracker).run();
      request.ifPresent(id -> RetrainRequests.update(s, Lakehouse.of(c), id, RetrainRequests.STARTED,
          "trained version " + r.version() + " (run " + tracker.runId() + "); next: lakeml evaluate --model-version "
              + r.version()));
      result.set(r);
    });
    TrainResult r = result.get();
    return new TrainRun(run.runId(), r.modelName(), r.version(), r.dataVersion(), r.trainRows(),
        r.validationMetric(), r.bestValidationMetric(), r.artefactUri(), request, r.summary());
  }

  /** The window of an open request, as the settings that train on it. */
  private Map<String, String> window(String id) {
    RetrainRequests.Request r = RetrainRequests.find(spark, Lakehouse.of(config), id);
    if (!r.status().equals(RetrainRequests.OPEN)) {
      throw Errors.retrainRequestNotOpen(id, r.status());
    }
    return Map.of("lakeml.train.from", r.windowFrom().toString(), "lakeml.train.to", r.windowTo().toString());
  }
}
