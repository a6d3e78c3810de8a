package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.internal.runs.RunManifest;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the previous production version of the configured model current again, at once, audited
 * like {@code lakeml registry rollback}; needs a reason.
 */
public final class RollbackAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private String reason;
  private java.util.Optional<String> model = java.util.Optional.empty();

  RollbackAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public RollbackAction reason(String why) {
    this.reason = why;
    return this;
  }

  /** A model other than the configured one. */
  public RollbackAction model(String name) {
    this.model = java.util.Optional.of(name);
    return this;
  }

  public PromoteRun execute() {
    if (reason == null || reason.isBlank()) {
      throw io.lakeml.errors.Errors.invalidArgument("--reason", "(none)", "a rollback needs a reason");
    }
    String name = model.orElseGet(() -> Models.configured(config));
    long[] restored = new long[1];
    RunManifest run = JobLauncher.run("rollback", config, spark, (s, c, tracker) ->
        restored[0] = new ModelRegistry(s, Lakehouse.of(c)).rollback(name,
            Models.who(), reason, tracker.runId()));
    return new PromoteRun(run.runId(), name, restored[0], "production", true);
  }
}
