package io.lakeml.evaluate;

import io.lakeml.config.EvaluateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate, expressed the way TFX and MLflow do: value thresholds on the candidate's metrics, and
 * change thresholds against the production version scored on the same rows (higher AUC and lower
 * log loss are better). With no production version only the value thresholds apply.
 */
final class Gate {
  private Gate() {}

  static List<GateCheck> checks(EvaluateConfig c, Map<String, Double> candidate, Optional<Map<String, Double>> production,
      Map<String, Map<String, Double>> slices) {
    List<GateCheck> checks = new ArrayList<>();
    double auc = candidate.get("auc");
    double loss = candidate.get("log_loss");
    checks.add(new GateCheck("auc", auc, c.minAuc(), auc >= c.minAuc(), ">="));
    checks.add(new GateCheck("log_loss", loss, c.maxLogLoss(), loss <= c.maxLogLoss(), "<="));
    production.ifPresent(p -> {
      double drop = p.get("auc") - auc;
      double rise = loss - p.get("log_loss");
      checks.add(new GateCheck("auc drop vs production", drop, c.maxAucDrop(), drop <= c.maxAucDrop(), "<="));
      checks.add(new GateCheck("log_loss rise vs production", rise, c.maxLogLossRise(), rise <= c.maxLogLossRise(), "<="));
      if (c.maxAucDropRelative() > 0) {
        double relative = drop / p.get("auc");
        checks.add(new GateCheck("relative auc drop vs production", relative, c.maxAucDropRelative(),
            relative <= c.maxAucDropRelative(), "<="));
      }
      if (c.maxLogLossRiseRelative() > 0) {
        double relative = rise / p.get("log_loss");
        checks.add(new GateCheck("relative log_loss rise vs production", relative, c.maxLogLossRiseRelative(),
            relative <= c.maxLogLossRiseRelative(), "<="));
      }
    });
    if (c.sliceMinAuc() > 0) {
      slices.forEach((slice, m) -> checks.add(
          new GateCheck("auc of " + slice, m.get("auc"), c.sliceMinAuc(), m.get("auc") >= c.sliceMinAuc(), ">=")));
    }
    return checks;
  }
}
