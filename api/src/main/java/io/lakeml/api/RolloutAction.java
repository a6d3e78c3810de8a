package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.Rollout;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A gradual rollout of a staging version, as {@code lakeml registry rollout}: it serves as
 * challenger to each step's share of rows for {@code daysPerStep} scoring dates from
 * {@code start}; monitoring halts it when it is worse than production; promoting it still takes
 * {@link Lakeml#promote} with an approval.
 */
public final class RolloutAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final long version;
  private List<Integer> steps = List.of();
  private int daysPerStep = 1;
  private LocalDate start = LocalDate.now(ZoneOffset.UTC);
  private String approvedBy;
  private String reason;
  private java.util.Optional<String> model = java.util.Optional.empty();

  RolloutAction(SparkSession spark, LakemlConfig config, long version) {
    this.spark = spark;
    this.config = config;
    this.version = version;
  }

  /** The challenger's share of rows in percent at each step, increasing, e.g. {@code steps(10, 50)}. */
  public RolloutAction steps(Integer... percents) {
    this.steps = Rollout.steps(String.join(",", java.util.Arrays.stream(percents).map(String::valueOf).toList()));
    return this;
  }

  public RolloutAction daysPerStep(int days) {
    this.daysPerStep = days;
    return this;
  }

  /** The first scoring date of the first step (default: today, UTC). */
  public RolloutAction start(LocalDate date) {
    this.start = date;
    return this;
  }

  public RolloutAction approvedBy(String who) {
    this.approvedBy = who;
    return this;
  }

  public RolloutAction reason(String why) {
    this.reason = why;
    return this;
  }

  /** A model other than the configured one. */
  public RolloutAction model(String name) {
    this.model = java.util.Optional.of(name);
    return this;
  }

  public Rollout execute() {
    if (reason == null || reason.isBlank()) {
      throw Errors.invalidArgument("--reason", "(none)", "a rollout change needs a reason");
    }
    if (steps.isEmpty()) {
      throw Errors.invalidArgument("steps", "(none)", "a rollout needs at least one step, e.g. steps(10, 50)");
    }
    String name = model.orElseGet(() -> Models.configured(config));
    Rollout[] started = new Rollout[1];
    JobLauncher.run("rollout", config, spark, (s, c, tracker) -> started[0] = new ModelRegistry(s, Lakehouse.of(c))
        .startRollout(name, version, steps, daysPerStep, start, approvedBy, reason,
            Models.who(), tracker.runId()));
    return started[0];
  }
}
