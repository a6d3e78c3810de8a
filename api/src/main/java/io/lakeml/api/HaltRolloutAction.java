package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.Rollout;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Halts the active rollout of the configured model, as {@code lakeml registry rollout --halt}:
 * the challenger keeps its share up to {@code lastDate} (default: yesterday, UTC), and the
 * champion serves every row after it. Needs a reason.
 */
public final class HaltRolloutAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private LocalDate lastDate = LocalDate.now(ZoneOffset.UTC).minusDays(1);
  private String reason;
  private Optional<String> model = Optional.empty();

  HaltRolloutAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** The last scoring date the challenger keeps its share. */
  public HaltRolloutAction lastDate(LocalDate date) {
    this.lastDate = date;
    return this;
  }

  public HaltRolloutAction reason(String why) {
    this.reason = why;
    return this;
  }

  /** A model other than the configured one. */
  public HaltRolloutAction model(String name) {
    this.model = Optional.of(name);
    return this;
  }

  /** Halts it; returns the halted rollout. */
  public Rollout execute() {
    if (reason == null || reason.isBlank()) {
      throw Errors.invalidArgument("--reason", "(none)", "halting a rollout needs a reason");
    }
    String name = model.orElseGet(() -> Models.configured(config));
    Rollout[] halted = new Rollout[1];
    JobLauncher.run("rollout", config, spark, (s, c, tracker) -> halted[0] = new ModelRegistry(s, Lakehouse.of(c))
        .haltRollout(name, lastDate, reason, Models.who(), tracker.runId()));
    return halted[0];
  }
}
