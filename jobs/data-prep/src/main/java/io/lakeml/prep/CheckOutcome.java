package io.lakeml.prep;

import java.util.Optional;

/**
 * One evaluated constraint: its check, level, status, measured value and message.
 *
 * @param fatal true when it failed and its level fails the run
 */
public record CheckOutcome(
    String check, String level, String constraint, boolean passed, Optional<Double> value, String message) {

  public boolean fatal() {
    return !passed && level.equals("Error");
  }

  /** "constraint: measured 0.97 (hint)". */
  public String describe() {
    return constraint + ": " + (passed ? "passed" : "FAILED") + value.map(v -> ", measured " + v).orElse("")
        + (message.isEmpty() ? "" : " - " + message);
  }
}
