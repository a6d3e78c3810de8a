package io.lakeml.lakehouse;

/** The stable names of lakeml's tables, as they appear in {@code lakeml sql}. */
public final class TableNames {
  public static final String RUNS = "runs";
  public static final String MODEL_VERSIONS = "model_versions";
  public static final String MODEL_EVENTS = "model_events";
  public static final String MONITORING = "monitoring";

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

  public static String scored(String dataset) {
    return "scored_" + dataset;
  }
}
