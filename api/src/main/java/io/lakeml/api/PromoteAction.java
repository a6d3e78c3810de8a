package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.internal.runs.RunManifest;
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
  private Optional<String> model = Optional.empty();

  PromoteAction(SparkSession spark, LakemlConfig config, long version) {
    this.spark = spark;
    this.config = config;
    this.version = version;
  }

  /** The stage to move to: {@code staging}, {@code production} or {@code archived}. */
  public PromoteAction to(String stage) {
    try {
      this.target = ModelStage.of(stage);
    } catch (IllegalArgumentException e) {
      throw io.lakeml.errors.Errors.invalidArgument("--to", stage, "must be production or archived");
    }
    return this;
  }

  /** A model other than the configured one (default: {@code lakeml.train.model-name}, or the dataset's name). */
  public PromoteAction model(String name) {
    this.model = Optional.of(name);
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
    String name = model.orElseGet(() -> Models.configured(config));
    boolean[] moved = new boolean[1];
    RunManifest run = JobLauncher.run("promote", config, spark, (s, c, tracker) ->
        moved[0] = new ModelRegistry(s, Lakehouse.of(c)).promote(name, version, target, approvedBy, reason,
            Models.who(), tracker.runId()));
    return new PromoteRun(run.runId(), name, version, target.label(), moved[0]);
  }
}
