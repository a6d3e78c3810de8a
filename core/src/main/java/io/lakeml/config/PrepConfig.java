package io.lakeml.config;

/**
 * Settings of the data-prep job (its dataset-specific ones live in the dataset config).
 *
 * @param failOnAnomaly whether an anomaly in the quality history fails the run or only warns
 * @param checks how Deequ's analyzers are computed: observed on the pass that writes the rows
 *     (OBSERVED), or by Deequ's own {@code VerificationSuite} in a pass of its own (DEEQU); both
 *     give the same outcomes and metrics
 */
public record PrepConfig(
    boolean failOnAnomaly,
    double minRowCountRatio,
    double maxRowCountRatio,
    double maxNullRateIncrease,
    int quantileBins,
    int topCategories,
    Checks checks) {

  /** Who computes the checks' analyzers. */
  public enum Checks {
    OBSERVED,
    DEEQU
  }

  /** What an anomaly does. */
  public enum AnomalyAction {
    WARN,
    FAIL
  }

  static PrepConfig read(ConfigReader r) {
    double min = r.doubleIn("lakeml.prep.min-row-count-ratio", 0, 1);
    double max = r.doubleIn("lakeml.prep.max-row-count-ratio", 1, Double.MAX_VALUE);
    return new PrepConfig(
        r.oneOf("lakeml.prep.anomaly-action", AnomalyAction.class) == AnomalyAction.FAIL,
        min,
        max,
        r.doubleIn("lakeml.prep.max-null-rate-increase", 0, 1),
        r.intAtLeast("lakeml.prep.quantile-bins", 2),
        r.intAtLeast("lakeml.prep.top-categories", 1),
        r.oneOf("lakeml.prep.checks", Checks.class));
  }
}
