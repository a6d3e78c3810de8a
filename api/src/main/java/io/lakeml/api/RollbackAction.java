package io.lakeml.api;

import io.lakeml.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.runs.RunManifest;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the previous production version of the configured model current again, at once, audited
 * like {@code lakeml registry rollback}; needs a reason.
 */
public final class RollbackAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private String reason;

  RollbackAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public RollbackAction reason(String why) {
    this.reason = why;
    return this;
  }

  public PromoteRun execute() {
    Objects.requireNonNull(reason, "Cannot roll back without a reason: call reason(..)");
    String name = config.train().modelName().orElse(config.requireDataset().name());
    long[] restored = new long[1];
    RunManifest run = JobLauncher.run("rollback", config, spark, (s, c, tracker) ->
        restored[0] = new ModelRegistry(s, Lakehouse.of(c)).rollback(name,
            System.getProperty("user.name", "api"), reason, tracker.runId()));
    return new PromoteRun(run.runId(), name, restored[0], "production");
  }
}
