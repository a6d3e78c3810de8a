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

  /**
   * "what is required: FAILED, measured 0.97": the check's own words (its hint) where Deequ gives
   * them, else Deequ's constraint and message.
   */
  public String describe() {
    String status = (passed ? "passed" : "FAILED") + value.map(v -> ", measured " + v).orElse("");
    int hint = message.indexOf(REQUIREMENT);
    if (hint >= 0) {
      return message.substring(hint + REQUIREMENT.length()).trim() + ": " + status;
    }
    if (message.startsWith(NOT_MEASURED)) { // Deequ computed nothing: no row this check applies to
      return subject() + ": not measured, no row to judge (none was read, or every row was rejected)";
    }
    return constraint + ": " + status + (message.isEmpty() ? "" : " - " + message);
  }

  /** What a Deequ constraint is about, in words: a column's completeness, a named check, a key. */
  private String subject() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Completeness\\(`?([^`,]+)`?,").matcher(constraint);
    if (m.find()) {
      return "completeness of column " + m.group(1);
    }
    m = java.util.regex.Pattern.compile("Compliance\\(([^,]+),").matcher(constraint);
    if (m.find()) {
      return m.group(1);
    }
    return constraint.startsWith("Uniqueness") ? "uniqueness of the key" : constraint;
  }

  private static final String REQUIREMENT = "does not meet the constraint requirement!";
  private static final String NOT_MEASURED = "Missing Analysis";
}
