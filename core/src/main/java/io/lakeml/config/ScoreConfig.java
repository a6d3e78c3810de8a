package io.lakeml.config;

import java.util.Optional;

/**
 * Settings of the batch-score job.
 *
 * @param batchSize rows the network scores at once inside each partition
 * @param threshold probability at or above which {@code predicted_label} is 1 for every binary
 *     version; empty: each version's own threshold, chosen when it was evaluated
 * @param canaryTolerance largest absolute difference between a replayed canary score and the one
 *     stored at evaluation before the model counts as unhealthy
 * @param fallback whether an unhealthy production version falls back to the previous one
 * @param challengerVersion a registered version served beside production to a share of rows
 * @param challengerPercent that share, in percent of rows (by a stable hash of their identity)
 * @param retentionDays days of history that time travel on the scored table must cover
 * @param failOnEmptyDate whether a date without input rows fails the run (DATA) or is recorded
 * @param writer how the scored rows are written: lakeml's own Parquet writer with a Delta commit
 *     (DIRECT), or Delta's DataFrame writer (DELTA); both give the same table
 * @param features how feature vectors are computed: compiled from the fitted Spark ML pipeline and
 *     run on Spark's internal rows (COMPILED), or the saved {@code PipelineModel}'s own transform
 *     (PIPELINE); both give the same vectors
 * @param network which forward pass scores: lakeml's sparse first layer and JVM loops (LAKEML), or
 *     DL4J's own {@code output()} on dense rows (DL4J); the same outputs within 1e-5
 */
public record ScoreConfig(
    int batchSize,
    Optional<Double> threshold,
    double canaryTolerance,
    boolean fallback,
    Optional<Long> challengerVersion,
    int challengerPercent,
    int retentionDays,
    boolean failOnEmptyDate,
    Writer writer,
    Features features,
    Network network) {

  /** Who computes the feature vectors. */
  public enum Features {
    COMPILED,
    PIPELINE
  }

  /** Who runs the network's forward pass. */
  public enum Network {
    LAKEML,
    DL4J
  }

  /** Who writes the scored table's data files. */
  public enum Writer {
    DIRECT,
    DELTA
  }

  /** What a date with no input rows does. */
  public enum EmptyDate {
    FAIL,
    SKIP
  }

  private static Optional<Double> threshold(ConfigReader r) {
    String value = r.string("lakeml.score.threshold").trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      double t = Double.parseDouble(value);
      if (t >= 0 && t <= 1) {
        return Optional.of(t);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw io.lakeml.errors.Errors.invalidConfigValue("lakeml.score.threshold", value,
        "must be a probability in [0, 1], or empty for each version's own threshold");
  }

  static ScoreConfig read(ConfigReader r) {
    long challenger = r.longAtLeast("lakeml.score.challenger.version", 0);
    int percent = r.intAtLeast("lakeml.score.challenger.traffic-percent", 0);
    if (percent > 100) {
      throw io.lakeml.errors.Errors.invalidConfigValue("lakeml.score.challenger.traffic-percent", percent,
          "must be a percentage in [0, 100]");
    }
    return new ScoreConfig(
        r.intAtLeast("lakeml.score.batch-size", 1),
        threshold(r),
        r.doubleIn("lakeml.score.canary-tolerance", 0, 1),
        r.bool("lakeml.score.fallback"),
        challenger == 0 ? Optional.empty() : Optional.of(challenger),
        percent,
        r.intAtLeast("lakeml.score.retention-days", 30),
        r.oneOf("lakeml.score.empty-date", EmptyDate.class) == EmptyDate.FAIL,
        r.oneOf("lakeml.score.writer", Writer.class),
        r.oneOf("lakeml.score.features", Features.class),
        r.oneOf("lakeml.score.network", Network.class));
  }
}
