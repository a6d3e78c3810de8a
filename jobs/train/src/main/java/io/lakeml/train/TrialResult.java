package io.lakeml.train;

import java.io.Serializable;

/**
 * How one trial ended: {@code ok} with its best epoch's validation figures, or {@code failed} with
 * the reason (a diverging loss, an error), so that the search carries on without it.
 *
 * @param rung the rung of a successive-halving search (0 in a random search)
 * @param values the trial's values rendered as HOCON
 */
public record TrialResult(int trial, int rung, String values, String status, String reason, String metric, double validationMetric,
    double validationLoss, int bestEpoch, int epochsRun, double seconds) implements Serializable {
  static final String OK = "ok";
  static final String FAILED = "failed";

  public boolean ok() {
    return status.equals(OK);
  }
}
