package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.evaluate.EvaluateJob;
import io.lakeml.evaluate.EvaluationResult;
import io.lakeml.internal.runs.RunManifest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluation of a version (default: the newest) against the gate; a passing {@code dev} version
 * moves to {@code staging}. A failed gate is a result, not an exception.
 */
public final class EvaluateAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private Optional<Long> version = Optional.empty();

  EvaluateAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public EvaluateAction modelVersion(long version) {
    this.version = Optional.of(version);
    return this;
  }

  public EvaluateRun execute() {
    AtomicReference<EvaluationResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("evaluate", config, spark,
        (s, c, tracker) -> result.set(EvaluateJob.create(s, c, version, tracker).run()));
    EvaluationResult r = result.get();
    return new EvaluateRun(run.runId(), r.name(), r.version(), r.passed(), r.stageAfter().label(), r.metrics(),
        r.summary());
  }
}
