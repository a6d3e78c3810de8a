package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.runs.RunManifest;
import io.lakeml.train.ReproduceJob;
import io.lakeml.train.ReproduceResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Retrains a registered version with its recorded config and data version in a scratch folder and
 * compares it with the registered artefact bit for bit ({@code lakeml reproduce}).
 */
public final class ReproduceAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final LakemlHome home;
  private final long version;
  private Optional<String> model = Optional.empty();
  private boolean strict;
  private final Map<String, String> changes = new LinkedHashMap<>();
  private Optional<Long> dataVersion = Optional.empty();
  private Optional<String> scratch = Optional.empty();
  private boolean keepScratch;

  ReproduceAction(SparkSession spark, LakemlConfig config, LakemlHome home, long version) {
    this.spark = spark;
    this.config = config;
    this.home = home;
    this.version = version;
  }

  /** A model other than the configured one. */
  public ReproduceAction model(String name) {
    this.model = Optional.of(name);
    return this;
  }

  /** Refuses when this build's commit is not the recorded one. */
  public ReproduceAction strict() {
    this.strict = true;
    return this;
  }

  /** Changes one recorded config key in the reproduction: a what-if whose verdict is expected DIFFERENT. */
  public ReproduceAction change(String key, String value) {
    changes.put(key, value);
    return this;
  }

  /** Trains on another prepared data version: a what-if as well. */
  public ReproduceAction dataVersion(long v) {
    this.dataVersion = Optional.of(v);
    return this;
  }

  /** Where to train (default: {@code <root>/scratch/<run id>}). */
  public ReproduceAction scratch(String uri) {
    this.scratch = Optional.of(uri);
    return this;
  }

  /** Keeps the scratch folder (checkpoints, pipeline) for inspection. */
  public ReproduceAction keepScratch() {
    this.keepScratch = true;
    return this;
  }

  public ReproduceRun execute() {
    ReproduceJob.Request request = new ReproduceJob.Request(model, version, strict, changes, dataVersion,
        scratch, keepScratch);
    AtomicReference<ReproduceResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("reproduce", config, spark,
        (s, c, tracker) -> result.set(ReproduceJob.create(s, c, home, request, tracker).run()));
    ReproduceResult r = result.get();
    return new ReproduceRun(run.runId(), r.modelName(), r.version(), r.identical(), r.dataVersion(),
        r.recordedCommit(), r.currentCommit(), r.differences(), r.notes(), r.summary());
  }
}
