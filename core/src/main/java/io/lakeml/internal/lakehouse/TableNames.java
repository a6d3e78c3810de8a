package io.lakeml.internal.lakehouse;

/** The stable names of lakeml's tables, as they appear in {@code lakeml sql}. */
public final class TableNames {
  public static final String RUNS = "runs";
  /** Data-prep's Deequ metrics of every committed run, for anomaly checks by event date. */
  public static final String QUALITY_HISTORY = "quality_history";
  public static final String MODEL_VERSIONS = "model_versions";
  public static final String MODEL_EVENTS = "model_events";
  public static final String MONITORING = "monitoring";
  /** Canary rows of each evaluated version and the scores it gave them (the health check replays them). */
  public static final String CANARIES = "canaries";
  /** Alerts raised by jobs (a fallback, an unhealthy challenger), newest last. */
  public static final String ALERTS = "alerts";
  /** Evaluation-time distributions of each version's outputs (and a binary model's calibration). */
  public static final String REFERENCES = "reference_distributions";
  /** Monitoring's long time series: one row per date, variant, metric and feature. */
  public static final String MONITORING_METRICS = "monitoring_metrics";
  /** Requests to retrain, written by alert rules that ask for one; a person decides. */
  public static final String RETRAIN_REQUESTS = "retrain_requests";
  /** Gradual rollouts: each one's schedule of challenger shares by scoring date, and its state. */
  public static final String ROLLOUTS = "rollouts";
  /** lakeml tune: one row per finished trial of a search. */
  public static final String TUNING_TRIALS = "tuning_trials";

  private TableNames() {}

  public static String prepared(String dataset) {
    return "prepared_" + dataset;
  }

  public static String quarantine(String dataset) {
    return "quarantine_" + dataset;
  }

  public static String quality(String dataset) {
    return "quality_" + dataset;
  }

  /** The drift baseline: statistics profiles of accepted features, keyed by prepared version. */
  public static String baseline(String dataset) {
    return "baseline_" + dataset;
  }

  /** Rows the scoring job's serving contract rejected (data-prep keeps its own quarantine). */
  public static String scoringQuarantine(String dataset) {
    return "quarantine_scoring_" + dataset;
  }

  public static String scored(String dataset) {
    return "scored_" + dataset;
  }
}
