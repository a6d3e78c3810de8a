package io.lakeml.config;

/**
 * Settings of the data-prep job (its dataset-specific ones live in the dataset config).
 *
 * @param failOnAnomaly whether an anomaly in the quality history fails the run or only warns
 */
public record PrepConfig(
    boolean failOnAnomaly,
    double minRowCountRatio,
    double maxRowCountRatio,
    double maxNullRateIncrease,
    int quantileBins,
    int topCategories) {

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
        r.intAtLeast("lakeml.prep.top-categories", 1));
  }
}
