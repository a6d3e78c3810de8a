package io.lakeml.api;

import io.lakeml.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.runs.RunManifest;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A registry transition of one version (default: to production, which needs an approver and a
 * reason), audited like {@code lakeml registry promote}.
 */
public final class PromoteAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final long version;
  private ModelStage target = ModelStage.PRODUCTION;
  private Optional<String> approvedBy = Optional.empty();
  private Optional<String> reason = Optional.empty();

  PromoteAction(SparkSession spark, LakemlConfig config, long version) {
    this.spark = spark;
    this.config = config;
    this.version = version;
  }

  /** The stage to move to: {@code staging}, {@code production} or {@code archived}. */
  public PromoteAction to(String stage) {
    this.target = ModelStage.of(stage);
    return this;
  }

  public PromoteAction approvedBy(String who) {
    this.approvedBy = Optional.of(who);
    return this;
  }

  public PromoteAction reason(String why) {
    this.reason = Optional.of(why);
    return this;
  }

  public PromoteRun execute() {
    String name = config.train().modelName().orElse(config.requireDataset().name());
    RunManifest run = JobLauncher.run("promote", config, spark, (s, c, tracker) ->
        new ModelRegistry(s, Lakehouse.of(c)).promote(name, version, target, approvedBy, reason,
            System.getProperty("user.name", "api"), tracker.runId()));
    return new PromoteRun(run.runId(), name, version, target.label());
  }
}
