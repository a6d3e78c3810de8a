package io.lakeml.config;

import java.util.Optional;

/**
 * Settings of the evaluate job and its gate: value thresholds, and change thresholds against the
 * production version scored on the same rows.
 */
public record EvaluateConfig(
    double threshold,
    Optional<String> sliceColumn,
    int sliceTopN,
    double minAuc,
    double maxLogLoss,
    double maxAucDrop,
    double maxLogLossRise,
    double maxAucDropRelative,
    double maxLogLossRiseRelative,
    double sliceMinAuc) {

  static EvaluateConfig read(ConfigReader r) {
    String slice = r.string("lakeml.evaluate.slice-column").trim();
    return new EvaluateConfig(
        r.doubleIn("lakeml.evaluate.threshold", 0, 1),
        slice.isEmpty() ? Optional.empty() : Optional.of(slice),
        r.intAtLeast("lakeml.evaluate.slice-top-n", 1),
        r.doubleIn("lakeml.evaluate.min-auc", 0, 1),
        r.doubleIn("lakeml.evaluate.max-log-loss", 0, 100),
        r.doubleIn("lakeml.evaluate.max-auc-drop", 0, 1),
        r.doubleIn("lakeml.evaluate.max-log-loss-rise", 0, 100),
        r.doubleIn("lakeml.evaluate.max-auc-drop-relative", 0, 1),
        r.doubleIn("lakeml.evaluate.max-log-loss-rise-relative", 0, 100),
        r.doubleIn("lakeml.evaluate.slice-min-auc", 0, 1));
  }
}
